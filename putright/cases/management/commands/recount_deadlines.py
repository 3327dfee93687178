"""Count every stage's dates again under the current deadline rules, after an upgrade changes a rule."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putright.cases.lifecycle import recount_deadlines
from putright.cases.models import Stage


class Command(BaseCommand):
    help = (
        "List the stages whose response date moves under the current deadline rules (for example a late "
        "acknowledgement that bought time, or a closure day that moved a statutory deadline); --apply saves them "
        "and notes each change on the case's timeline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Save the new dates (default: only list them).")

    def handle(self, *args: Any, **options: Any) -> None:
        apply: bool = options["apply"]
        stages = (
            Stage.objects.filter(rule__isnull=False)
            .select_related("case", "rule__version__procedure")
            .prefetch_related("extensions")
            .order_by("case__reference", "number")
        )
        moved = 0
        for stage in stages.iterator(chunk_size=500):
            change = recount_deadlines(stage, apply=apply)
            if change is None:
                continue
            moved += 1
            old, new = change
            self.stdout.write(f"{stage.case.reference} stage {stage.number}: respond by {old} -> {new}")
        verb = "moved" if apply else "would move"
        self.stdout.write(f"{moved} stage(s) {verb}.{'' if apply or not moved else ' Run with --apply to save.'}")
