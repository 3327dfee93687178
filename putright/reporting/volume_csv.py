"""Reading a file of contact volumes: `service,start,end,contacts`, one month or quarter a line, header required.

Pure reading: every bad line is reported with its line number ("Line 4: ..."), and the caller loads nothing until
the file is clean. The service is its short name (slug) or its full name; dates are 2025-10-01 or 01/10/2025.
Whether a line overlaps a figure already saved is checked when importing (`services.import_contact_volumes`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from putright.core.periods import month_or_quarter
from putright.organisation.models import ServiceArea

HEADER = ["service", "start", "end", "contacts"]
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# More contacts than this in a month or quarter is a typing slip, not a council (and the column is 32-bit).
MOST_CONTACTS = 100_000_000


@dataclass(frozen=True)
class VolumeLine:
    """One good line of the file."""

    line: int
    service_area: ServiceArea
    start_date: date
    end_date: date
    contacts_count: int


def _date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _count(text: str) -> int | None:
    cleaned = text.strip().replace(",", "")
    if not cleaned.isdigit():
        return None
    return int(cleaned)


def _services() -> dict[str, ServiceArea]:
    known: dict[str, ServiceArea] = {}
    for service in ServiceArea.objects.all():
        known[service.slug.lower()] = service
        known[service.name.strip().lower()] = service
    return known


def read_volume_csv(lines: Iterable[str]) -> tuple[list[VolumeLine], list[str]]:
    """The good lines of the file, and a message for each bad one (an empty list means the file is clean)."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return [], ["Line 1: the file is empty; it needs the header service,start,end,contacts."]
    if [column.strip().lower() for column in header] != HEADER:
        return [], [f"Line 1: the header must be service,start,end,contacts (found {','.join(header)!r})."]
    services = _services()
    good: list[VolumeLine] = []
    errors: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines are ignored
        if len(row) != len(HEADER):
            errors.append(f"Line {line}: expected 4 columns (service,start,end,contacts), found {len(row)}.")
            continue
        problems, parsed = _check(row, services)
        if parsed is not None:
            problems += _clashes(parsed, good)
        if problems:
            errors.append(f"Line {line}: {'; '.join(problems)}.")
        elif parsed is not None:
            service, start, end, count = parsed
            good.append(VolumeLine(line, service, start, end, count))
    return good, errors


def _check(
    row: list[str], services: dict[str, ServiceArea]
) -> tuple[list[str], tuple[ServiceArea, date, date, int] | None]:
    name, start_text, end_text, count_text = (cell.strip() for cell in row)
    problems = []
    service = services.get(name.lower())
    if not name:
        problems.append("the service is missing")
    elif service is None:
        problems.append(f"there is no service called {name!r}")
    start, end = _date(start_text), _date(end_text)
    if start is None:
        problems.append(f"the start {start_text!r} is not a date like 2025-10-01 or 01/10/2025")
    if end is None:
        problems.append(f"the end {end_text!r} is not a date like 2025-10-31 or 31/10/2025")
    if start is not None and end is not None and month_or_quarter(start, end) is None:
        problems.append("the dates must be one calendar month or one quarter (for example 2025-10-01 to 2025-12-31)")
    count = _count(count_text)
    if count is None:
        problems.append(f"the number of contacts {count_text!r} is not a whole number of 0 or more")
    elif count > MOST_CONTACTS:
        problems.append(f"the number of contacts is more than {MOST_CONTACTS:,}")
    if problems or service is None or start is None or end is None or count is None:
        return problems, None
    return [], (service, start, end, count)


def _clashes(parsed: tuple[ServiceArea, date, date, int], earlier: list[VolumeLine]) -> list[str]:
    service, start, end, _count = parsed
    for other in earlier:
        if other.service_area.pk == service.pk and other.start_date <= end and start <= other.end_date:
            return [
                f"{service.name} already has a figure for {other.start_date} to {other.end_date} (line {other.line})"
            ]
    return []
