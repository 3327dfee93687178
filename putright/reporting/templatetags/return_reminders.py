"""Returns and publications due within 30 days or missed, for the reports pages (reporting/return_dates.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import template
from django.utils import timezone

from putright.core.periods import financial_year
from putright.reporting.return_dates import due_soon_or_missed

register = template.Library()


@dataclass(frozen=True)
class ReturnsDue:
    """What the reminder says: each return due within 30 days, and those already missed (named one by one only when
    there is a single one; several are one line pointing to the return dates)."""

    soon: list[tuple[str, date]] = field(default_factory=list)
    missed: list[tuple[str, date]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.soon or self.missed)


@register.simple_tag
def returns_due(today: date | None = None) -> ReturnsDue:
    """The returns due within 30 days or missed, with what each is and for when."""
    today = today or timezone.localdate()
    due = ReturnsDue()
    for item in due_soon_or_missed(today):
        label = f"{item.get_kind_display()} {financial_year(item.year).label}"
        if item.quarter:
            label += f" quarter {item.quarter}"
        (due.missed if item.due_date < today else due.soon).append((label, item.due_date))
    return due
