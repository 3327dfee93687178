"""Complaints made after the time limit to complain, and what was decided (docs/rules.md, "Late complaints in the
reports"; Code 2.3: discretion beyond the time limit where there is good reason).

Counted over complaints received in the period that have a recorded decision on the time limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from putright.cases.choices import TimeLimitDecision
from putright.cases.models import Case, LateComplaintDecision
from putright.core.periods import Period
from putright.reporting import queries
from putright.reporting.queries import NO_FILTERS, Filters


@dataclass(frozen=True)
class LateComplaints:
    accepted: int
    refused: int

    @property
    def total(self) -> int:
        return self.accepted + self.refused


def late_complaints(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> LateComplaints:
    received = queries.received_in(queries.complaints(queries.filtered(cases, filters)), period)
    # Decisions are few: each is asked whether its case is one of these, not every complaint of the period read first.
    totals = LateComplaintDecision.objects.filter(Exists(received.filter(pk=OuterRef("case_id")))).aggregate(
        accepted=Count("pk", filter=Q(decision=TimeLimitDecision.ACCEPTED)),
        refused=Count("pk", filter=Q(decision=TimeLimitDecision.REFUSED)),
    )
    return LateComplaints(**totals)


def csv_rows(late: LateComplaints | None) -> Iterator[tuple[str, str, str, int | str]]:
    if late is None:
        return
    yield ("Complaints", "Made after the time limit: accepted", "", late.accepted)
    yield ("Complaints", "Made after the time limit: refused", "", late.refused)
