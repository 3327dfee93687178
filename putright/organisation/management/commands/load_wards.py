"""Load the postcode-to-ward list: `manage.py load_wards wards.csv` (columns postcode,ward; header required).

All or nothing: every bad row is reported with its line number, and if there is any, nothing is saved.
A postcode already loaded has its ward updated.
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from putright.core.postcodes import normalise_postcode
from putright.organisation.models import PostcodeWard

# A UK postcode once normalised: outward code, a space, inward code (e.g. "CF10 1EP", "M1 1AE").
WARD_MAX = PostcodeWard._meta.get_field("ward").max_length or 100


class Command(BaseCommand):
    help = "Load postcodes and their wards from a CSV file with the header postcode,ward (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file with the columns postcode,ward and a header row")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as handle:
                rows, errors = read_rows(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8 text: {error.reason}") from error
        if errors:
            for problem in errors:
                self.stderr.write(problem)
            raise CommandError(f"{len(errors)} bad row(s); nothing was loaded.")
        created = updated = unchanged = 0
        with transaction.atomic():
            existing = {row.postcode: row for row in PostcodeWard.objects.filter(postcode__in=rows)}
            new = []
            changed = []
            for postcode, ward in rows.items():
                row = existing.get(postcode)
                if row is None:
                    new.append(PostcodeWard(postcode=postcode, ward=ward))
                elif row.ward != ward:
                    row.ward = ward
                    changed.append(row)
                else:
                    unchanged += 1
            PostcodeWard.objects.bulk_create(new, batch_size=1000)
            PostcodeWard.objects.bulk_update(changed, ["ward"], batch_size=1000)
            created, updated = len(new), len(changed)
        self.stdout.write(f"Loaded {len(rows)} postcode(s): {created} added, {updated} updated, {unchanged} unchanged.")


def read_rows(handle: Any) -> tuple[dict[str, str], list[str]]:
    """The postcode -> ward pairs of the file, and a message for each bad line ("Line 3: ...")."""
    reader = csv.reader(handle)
    errors: list[str] = []
    rows: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    header = next(reader, None)
    if header is None:
        return rows, ["Line 1: the file is empty; it needs the header postcode,ward."]
    if [column.strip().lower() for column in header] != ["postcode", "ward"]:
        return rows, [f"Line 1: the header must be postcode,ward (found {','.join(header)!r})."]
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are ignored
        if len(row) != 2:
            errors.append(f"Line {line}: expected 2 columns (postcode,ward), found {len(row)}.")
            continue
        postcode, ward = normalise_postcode(row[0]) or "", row[1].strip()
        problems = []
        if not row[0].strip():
            problems.append("the postcode is missing")
        elif not postcode:
            problems.append(f"{row[0].strip()!r} is not a UK postcode")
        if not ward:
            problems.append("the ward is missing")
        elif len(ward) > WARD_MAX:
            problems.append(f"the ward is longer than {WARD_MAX} characters")
        if not problems and postcode in rows and rows[postcode] != ward:
            problems.append(f"{postcode} is already given the ward {rows[postcode]!r} on line {first_seen[postcode]}")
        if problems:
            errors.append(f"Line {line}: {'; '.join(problems)}.")
            continue
        rows.setdefault(postcode, ward)
        first_seen.setdefault(postcode, line)
    return rows, errors
