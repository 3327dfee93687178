"""Show a stage's deadlines and how they were counted, for checking the clock against a real case."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.organisation.models import Organisation
from putright.procedures.calendar import NATIONS
from putright.procedures.deadlines import stage_deadlines
from putright.procedures.models import Procedure, ProcedureVersion
from putright.procedures.selectors import calendar_for, current_version

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(value: str, option: str) -> date:
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option} must be a real date written YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = "Explain when a stage of a procedure must be acknowledged and answered, and which days were skipped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--procedure", required=True, help="The procedure's slug, e.g. joint-code.")
        parser.add_argument("--stage", required=True, type=int, help="The stage number, from 1.")
        parser.add_argument("--received", required=True, help="Day the complaint or escalation request came in.")
        parser.add_argument("--acknowledged", help="Day it was acknowledged (YYYY-MM-DD), if it has been.")
        parser.add_argument(
            "--nation", choices=NATIONS, help="Whose bank holidays apply (default: the organisation's)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        received = _parse_date(options["received"], "--received")
        acknowledged = None
        if options["acknowledged"] is not None:
            acknowledged = _parse_date(options["acknowledged"], "--acknowledged")
            if acknowledged < received:
                raise CommandError(
                    f"--acknowledged ({acknowledged}) is before --received ({received}): "
                    "a complaint cannot be acknowledged before it arrives."
                )
        version = self._version(options["procedure"])
        stages = list(version.stages.all())
        stage_number: int = options["stage"]
        rule = next((stage for stage in stages if stage.number == stage_number), None)
        if rule is None:
            count = len(stages)
            raise CommandError(
                f"{version.procedure.slug} has {count} stage{'' if count == 1 else 's'}: "
                f"--stage must be between 1 and {count}, not {stage_number}."
            )
        organisation = Organisation.objects.order_by("pk").first()
        calendar = calendar_for(organisation, version)
        if options["nation"]:
            calendar = replace(calendar, nation=options["nation"])
        deadlines = stage_deadlines(rule.as_rule(), received=received, acknowledged=acknowledged, calendar=calendar)
        if options["json"]:
            self.stdout.write(json.dumps(deadlines.as_dict()))
            return
        result = deadlines.as_dict()
        self.stdout.write(f"{version} — bank holidays: {calendar.nation}")
        self.stdout.write(f"Acknowledge by: {result['acknowledge_by'] or 'no acknowledgement milestone'}")
        provisional = " (provisional: waits on the acknowledgement)" if deadlines.is_provisional else ""
        self.stdout.write(f"Respond by: {result['respond_by']}{provisional}")
        for line in result["explanation"]:
            self.stdout.write(f"  {line}")

    def _version(self, slug: str) -> ProcedureVersion:
        try:
            return current_version(slug)
        except ProcedureVersion.DoesNotExist:
            known = ", ".join(Procedure.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"No procedure with slug {slug!r}. Known procedures: {known}.") from None
