"""Remedies still owed, as report figures (docs/rules.md, "Remedies in the reports"; Code 7.3: remedies are
followed through to completion).

Counted as at the end of the period, or today if the period has not ended: a remedy is *owed* if the response
offering it was sent by then and it had not been carried out by then; *overdue* if it was also past its due date.
Complaint stages only, over the cases passed in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from putright.cases.models import Case, Remedy
from putright.core.periods import Period
from putright.reporting import queries
from putright.reporting.queries import NO_FILTERS, Filters


@dataclass(frozen=True)
class RemediesOwed:
    as_at: date
    outstanding: int
    overdue: int


def remedies_owed(cases: QuerySet[Case], period: Period, today: date, filters: Filters = NO_FILTERS) -> RemediesOwed:
    as_at = min(period.end, today)
    owed = Q(completed_date__isnull=True) | Q(completed_date__gt=as_at)
    # The remedies still owed are few: find them first, then ask whether each one's case is a complaint in `cases`.
    totals = (
        Remedy.objects.filter(owed, stage__responded_date__lte=as_at)
        .filter(queries.of_complaints(cases, filters, "stage__case_id"))
        .aggregate(outstanding=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=as_at)))
    )
    return RemediesOwed(as_at=as_at, **totals)


def csv_rows(owed: RemediesOwed | None) -> Iterator[tuple[str, str, str, int | str]]:
    if owed is None:
        return
    as_at = f"At {owed.as_at.isoformat()}"
    yield ("Remedies", "Outstanding", as_at, owed.outstanding)
    yield ("Remedies", "Overdue", as_at, owed.overdue)
