"""Load contact volumes: `manage.py load_contact_volumes volumes.csv --entered-by USERNAME`.

Columns service,start,end,contacts with that header (see reporting/volume_csv.py). All or nothing, like the upload
on /reports/contacts/: every bad line is reported with its line number, and if there is any, nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.organisation.models import User
from putright.reporting.services import import_contact_volumes
from putright.reporting.volume_csv import read_volume_csv


class Command(BaseCommand):
    help = "Load contact volumes per service from a CSV file with the header service,start,end,contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file with the columns service,start,end,contacts and a header row")
        parser.add_argument(
            "--entered-by", required=True, help="Username recorded as entering the figures (a member of staff)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["entered_by"], is_active=True).first()
        if actor is None or not actor.is_case_worker:
            raise CommandError(f"No active member of staff with the username {options['entered_by']!r}.")
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as handle:
                lines, errors = read_volume_csv(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8 text: {error.reason}") from error
        if errors:
            self._refuse(errors)
        result = import_contact_volumes(lines=lines, actor=actor)
        if result.errors:
            self._refuse(result.errors)
        self.stdout.write(f"Loaded {len(lines)} contact volume(s): {result}.")

    def _refuse(self, errors: list[str]) -> None:
        for problem in errors:
            self.stderr.write(problem)
        raise CommandError(f"{len(errors)} bad line(s); nothing was loaded.")
