"""`manage.py import_cases FILE --mapping MAPPING [--dry-run] [--good-rows-only --rejects OUT.csv]`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from putright.imports.checking import check_export
from putright.imports.mapping import MappingError, parse_mapping
from putright.imports.reading import ExportError, read_export
from putright.imports.services import ImportRefused, ProgressPrinter, import_checked, plan, rejects_csv
from putright.organisation.choices import Role
from putright.organisation.models import User

MAX_PROBLEMS_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import cases, stages, responses, remedies and ombudsman outcomes from an old system's CSV or XLSX export, "
        "as its mapping file says. Every row is checked first; nothing is written unless all are good (or "
        "--good-rows-only). Running it again with the same file changes nothing. Examples: docs/imports/."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The export: .csv or .xlsx")
        parser.add_argument("--mapping", required=True, help="The mapping file: .toml, .yaml or .json")
        parser.add_argument(
            "--responses", help="A separate CSV of responses, when the mapping has one and FILE is a CSV"
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; write nothing")
        parser.add_argument(
            "--good-rows-only", action="store_true", help="Import the good rows even though some are bad"
        )
        parser.add_argument("--rejects", help="Write the bad rows, with what is wrong, to this CSV file")
        parser.add_argument(
            "--user",
            help="The administrator's username the import is recorded under (needed unless --dry-run; may be "
            "left out when there is only one administrator)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        mapping_path = Path(options["mapping"])
        try:
            mapping = parse_mapping(mapping_path.read_text(encoding="utf-8"), mapping_path.name)
            responses = None
            if mapping.has_responses and (options["responses"] or (mapping.responses_file and path.suffix == ".csv")):
                responses_path = Path(options["responses"] or path.parent / mapping.responses_file)
                responses = (responses_path.name, responses_path.read_bytes())
            cases, responses_table = read_export(mapping, path.name, path.read_bytes(), responses)
        except MappingError as error:
            raise CommandError("The mapping cannot be used:\n  " + "\n  ".join(error.problems)) from error
        except (ExportError, OSError) as error:
            raise CommandError(str(error)) from error
        actor = None if options["dry_run"] else self._administrator(options["user"])
        result = check_export(mapping, cases, responses_table, progress=ProgressPrinter(self._progress, "checked"))
        for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
            self.stdout.write(str(problem))
        if len(result.problems) > MAX_PROBLEMS_SHOWN:
            self.stdout.write(f"... and {len(result.problems) - MAX_PROBLEMS_SHOWN} more problems")
        if options["rejects"] and result.bad_rows:
            Path(options["rejects"]).write_text(rejects_csv(result), encoding="utf-8")
            self.stdout.write(f"The {len(result.bad_rows)} bad row(s) are in {options['rejects']}")
        planned = plan(result.records, system=mapping.system)
        self.stdout.write(
            f"{result.rows_checked} row(s) checked: {len(result.records)} good, {len(result.bad_rows)} bad, "
            f"{len(result.problems)} problem(s). Of the good: {planned.new} new, {planned.changed} changed since "
            f"the last import, {planned.unchanged} unchanged."
        )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing has been written.")
            return
        assert actor is not None
        try:
            outcome = import_checked(
                result,
                system=mapping.system,
                actor=actor,
                good_rows_only=options["good_rows_only"],
                progress=ProgressPrinter(self._progress, "processed"),
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from error
        for problem in outcome.refused:
            self.stdout.write(str(problem))
        self.stdout.write(self.style.SUCCESS(f"{outcome.describe()}."))

    def _progress(self, line: str) -> None:
        self.stderr.write(line)

    def _administrator(self, username: str | None) -> User:
        administrators = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True)
        if username:
            found = administrators.filter(username=username).first()
            if found is None:
                raise CommandError(f"{username} is not an active administrator")
            return found
        if administrators.count() != 1:
            raise CommandError("Say which administrator runs the import: --user USERNAME")
        return administrators.get()
