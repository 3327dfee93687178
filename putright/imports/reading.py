"""Reading an old system's export: CSV, or an XLSX workbook with one or two sheets, into rows by heading."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from putright.imports.mapping import Mapping


class ExportError(Exception):
    """The export cannot be read at all (not CSV or XLSX, a missing sheet, no headings)."""


@dataclass(frozen=True)
class Table:
    """One sheet or CSV file: its name as the report shows it, its headings, and its rows by number.

    Row numbers are those a spreadsheet shows: the headings are row 1, the first record row 2.
    """

    name: str
    headings: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


def is_workbook(name: str) -> bool:
    return PurePath(name).suffix.lower() in (".xlsx", ".xlsm")


def read_table(content: bytes, name: str, sheet: str = "") -> Table:
    """The rows of a CSV file, or of one sheet of a workbook (the first when `sheet` is empty)."""
    if is_workbook(name):
        return _read_sheet(content, name, sheet)
    if PurePath(name).suffix.lower() not in (".csv", ".txt"):
        raise ExportError(f"{name}: an export must be a CSV file (.csv) or an Excel workbook (.xlsx)")
    return _read_csv(content, name)


def _read_csv(content: bytes, name: str) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older systems export in Windows' encoding (a £ sign is byte 0xA3 there).
        text = content.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    headings = _headings(next(reader, []), name)
    rows: list[tuple[int, dict[str, Any]]] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            # The reader's line number counts lines, so a cell with line breaks does not shift later rows' numbers.
            rows.append((len(rows) + 2, dict(zip(headings, (cell.strip() for cell in row), strict=False))))
    return Table(name, headings, tuple(rows))


def _read_sheet(content: bytes, name: str, sheet: str) -> Table:
    # Imported here: openpyxl (and the numpy it loads) would otherwise sit in every web worker from start-up.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise ExportError(f"{name} cannot be read as an Excel workbook: {error}") from error
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise ExportError(f"{name} has no sheet called '{sheet}' (it has {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        values: Iterator[tuple[Any, ...]] = worksheet.iter_rows(values_only=True)
        headings = _headings([("" if v is None else str(v)) for v in next(values, ())], f"{name} ({worksheet.title})")
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, row in enumerate(values, start=2):
            cells = [v.strip() if isinstance(v, str) else ("" if v is None else v) for v in row]
            if any(cell != "" for cell in cells):
                rows.append((number, dict(zip(headings, cells, strict=False))))
        return Table(f"{name} ({worksheet.title})" if sheet else name, headings, tuple(rows))
    finally:
        workbook.close()


def _headings(row: list[str], name: str) -> tuple[str, ...]:
    headings = tuple(cell.strip() for cell in row)
    if not any(headings):
        raise ExportError(f"{name}: the first row must hold the column headings")
    return headings


def read_export(
    mapping: Mapping, name: str, content: bytes, responses: tuple[str, bytes] | None = None
) -> tuple[Table, Table | None]:
    """The cases table, and the responses table when the mapping has one: a second sheet of the same workbook,
    or a second file (`responses`: its name and content)."""
    cases = read_table(content, name, mapping.cases_sheet if is_workbook(name) else "")
    if not mapping.has_responses:
        return cases, None
    if responses is not None:
        responses_name, responses_content = responses
        return cases, read_table(
            responses_content, responses_name, mapping.responses_sheet if is_workbook(responses_name) else ""
        )
    if is_workbook(name) and mapping.responses_sheet:
        return cases, read_table(content, name, mapping.responses_sheet)
    raise ExportError(
        "The mapping has a responses sheet: give the responses file too"
        + (f" ({mapping.responses_file})" if mapping.responses_file else "")
    )
