"""Returns and publications due within 30 days or missed, for the reports pages (reporting/return_dates.py)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from putright.core.periods import financial_year
from putright.reporting.return_dates import due_soon_or_missed

register = template.Library()


@register.simple_tag
def returns_due(today: date | None = None) -> list[tuple[str, date, bool]]:
    """(what and for when, due date, missed) for each return due within 30 days or missed."""
    today = today or timezone.localdate()
    rows = []
    for item in due_soon_or_missed(today):
        label = f"{item.get_kind_display()} {financial_year(item.year).label}"
        if item.quarter:
            label += f" quarter {item.quarter}"
        rows.append((label, item.due_date, item.due_date < today))
    return rows
