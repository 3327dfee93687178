"""Report files: PDF (WeasyPrint, as the letters are made), and the committee spreadsheet (openpyxl)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify

from putright.core.pdf import html_to_pdf
from putright.reporting.committee import CommitteeReport, csv_rows


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a report's print template to PDF. The templates carry their own styles and load nothing else."""
    return html_to_pdf(render_to_string(template_name, context))


def committee_file_stem(report: CommitteeReport) -> str:
    scope = f"-{slugify(report.filters.directorate)}" if report.filters.directorate else ""
    return f"complaints{scope}-{report.period.start:%Y-%m-%d}-to-{report.period.end:%Y-%m-%d}"


def committee_xlsx(report: CommitteeReport) -> bytes:
    """The committee figures as a spreadsheet: the same long table as the CSV, numbers stored as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Committee pack"
    sheet.append(["Section", "Measure", "Breakdown", "Value"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(csv_rows(report), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=HYPERLINK(...)" in a name must not become a formula
    for letter, width in zip("ABCD", (34, 52, 40, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # spreadsheets hold binary floats; two decimal places survive the trip
    if isinstance(value, date):
        return value.isoformat()
    return value
