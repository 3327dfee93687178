"""Run the retention schedule now, or list what it would erase (`--dry-run`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from putright.records.retention import apply_retention


class Command(BaseCommand):
    help = "Erase the personal data of cases past their procedure's retention period (--dry-run: only list them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be erased; change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        run = apply_retention(timezone.now(), dry_run=dry_run)
        for due in run.due:
            self.stdout.write(
                f"{due.reference}\tclosed {due.closed_at:%d %b %Y}\t{due.procedure}: {due.years} years after closure"
            )
        for reference in run.held:
            self.stdout.write(f"{reference}\tpast its date but under a legal hold: kept")
        self.stdout.write(run.summary())
