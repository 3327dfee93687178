"""Work the stage facts, and the stage and received-case totals the report figures read, out again from the cases:
`manage.py rebuild_case_facts`.

Run it after anything that writes cases or stages without a timeline event: seeding the demo council, or after
restoring a backup. `--check` writes nothing: it lists the facts (or totals) out of step and fails when there are any.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.reporting.facts import facts_out_of_step, rebuild_case_facts
from putright.reporting.models import StageTotal
from putright.reporting.totals import totals_out_of_step


class Command(BaseCommand):
    help = "Work the stage facts behind the committee figures out again from the cases (--check: compare only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail if any fact differs from the cases."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["check"]:
            count = rebuild_case_facts()
            self.stdout.write(
                f"Worked out {count:,} stage facts from the cases, and the stage and case totals from them."
            )
            return
        differences = facts_out_of_step()
        if differences:
            cases = sorted({difference[0] for difference in differences})
            shown = ", ".join(str(case) for case in cases[:20])
            raise CommandError(
                f"The stage facts are out of step for {len(cases):,} cases (case ids {shown}"
                f"{' …' if len(cases) > 20 else ''}). Run manage.py rebuild_case_facts."
            )
        totals = totals_out_of_step()
        if totals:
            stages = {StageTotal.RECEIVED, StageTotal.ACKNOWLEDGED, StageTotal.RESPONDED, StageTotal.DEFINED}
            kinds = sorted({"stage" if key[0] in stages else "case" for key, _kept, _expected in totals}, reverse=True)
            raise CommandError(
                f"The {' and '.join(kinds)} totals are out of step for {len(totals):,} keys "
                f"(the first: {totals[0][0]}). Run manage.py rebuild_case_facts."
            )
        self.stdout.write("The stage facts and totals agree with the cases.")
