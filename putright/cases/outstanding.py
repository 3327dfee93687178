"""What is still owed on a case once its response is written: contributions asked of other services, requests the
customer is waiting on, and remedies promised but not yet carried out (Code 7.3: followed through to completion).

Reads only. Closing a case with any of these outstanding needs a confirmed reason (`lifecycle.close`).

A remedy is *outstanding* until it is recorded as done, and *overdue* once its due date has passed: `OUTSTANDING`
and `overdue_on` say so once, for the remedies in a response here and for those an ombudsman orders (the
ombudsman app reads its own with the same two, and adds them to the outstanding remedies page through
`add_remedy_source` in its AppConfig.ready(): this app sits below it and cannot import it). Remedies with a due
date come first, soonest first; those without one follow (`DUE_ORDER`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.urls import reverse

from putright.cases.access import cases_visible_to
from putright.cases.choices import ACTIVE_STATUSES
from putright.cases.models import Case, Contribution, CustomerRequest, Remedy
from putright.core.text import long_date
from putright.organisation.models import User

# Not yet recorded as done (both kinds of remedy name their fields alike).
OUTSTANDING = Q(completed_date__isnull=True)


def overdue_on(today: date) -> Q:
    """Outstanding and past its due date (a remedy without a due date is never overdue)."""
    return OUTSTANDING & Q(due_date__lt=today)


# Soonest due first; remedies with no due date after every dated one, oldest recorded first.
DUE_ORDER: tuple[OrderBy | str, ...] = (F("due_date").asc(nulls_last=True), "pk")


@dataclass(frozen=True)
class Outstanding:
    """Everything still owed on one case."""

    contributions: list[Contribution] = field(default_factory=list)
    requests: list[CustomerRequest] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.contributions or self.requests or self.remedies)

    def lines(self) -> list[str]:
        """One line for each thing owed, as the close form and the timeline say it."""
        return [
            *(f"Contribution from {c.service_area.name}, due {long_date(c.due_date)}" for c in self.contributions),
            *(f"{r.due_label} on {long_date(r.received_date)}" for r in self.requests),
            *(
                f"Remedy: {r.get_remedy_type_display()}"
                + (f", due {long_date(r.due_date)}" if r.due_date else "")
                + f" ({r.description[:60]})"
                for r in self.remedies
            ),
        ]


def remedies_owed_on(case: Case | OuterRef) -> QuerySet[Remedy]:
    """The remedies promised on this case (or on the outer query's, `OuterRef("pk")`) and not yet carried out: the
    one statement of "a promise still to keep" that the case's close form and the customer's account read."""
    return Remedy.objects.filter(OUTSTANDING, stage__case=case)


def remedies_owed(case: Case) -> list[Remedy]:
    """`remedies_owed_on` the case, soonest due first."""
    return list(remedies_owed_on(case).order_by(*DUE_ORDER))


def outstanding_on(case: Case) -> Outstanding:
    return Outstanding(
        contributions=list(
            case.contributions.filter(received_at__isnull=True).select_related("service_area").order_by("due_date")
        ),
        requests=list(CustomerRequest.objects.waiting().filter(case=case).order_by("due_date", "pk")),
        remedies=remedies_owed(case),
    )


def contributions_asked_of(user: User) -> QuerySet[Contribution]:
    """Contributions not yet given on cases the officer may open, soonest due first: those asked of them by name,
    and those asked of their team's service with nobody named."""
    asked = Q(requested_from=user)
    if user.team is not None:
        asked |= Q(requested_from__isnull=True, service_area_id=user.team.service_area_id)
    return (
        Contribution.objects.filter(asked, received_at__isnull=True, case__in=cases_visible_to(user).values("pk"))
        .filter(case__status__in=sorted(ACTIVE_STATUSES))
        .select_related("case__customer", "case__lead_officer", "service_area", "requested_by")
        .order_by("due_date", "pk")
    )


def remedies_outstanding(user: User, *, scope: str) -> QuerySet[Remedy]:
    """Remedies not yet carried out: `all` (the complaints team) on every case they may open; otherwise those the
    user owns, or that nobody owns on cases they lead."""
    remedies = Remedy.objects.filter(OUTSTANDING, stage__case__in=cases_visible_to(user).values("pk"))
    if scope != "all" or not user.sees_whole_queue:
        remedies = remedies.filter(Q(owner=user) | Q(owner__isnull=True, stage__case__lead_officer=user))
    return remedies.select_related("stage__case__customer", "stage__case__lead_officer", "owner").order_by(*DUE_ORDER)


@dataclass(frozen=True)
class OwedRemedy:
    """One line of the outstanding remedies page, whichever kind of remedy it is."""

    case: Case
    where: str  # "Stage 1", "Housing Ombudsman (HO-123)"
    what: str
    amount: Decimal | None
    description: str
    owner: User | None
    due_date: date | None
    done_url: str  # "" when the reader may not record it
    pk: int


def _line(remedy: Remedy) -> OwedRemedy:
    case = remedy.stage.case
    return OwedRemedy(
        case=case,
        where=f"Stage {remedy.stage.number}",
        what=remedy.get_remedy_type_display(),
        amount=remedy.amount,
        description=remedy.description,
        owner=remedy.owner or case.lead_officer,
        due_date=remedy.due_date,
        done_url=reverse("cases:remedy_done", args=[case.reference, remedy.pk]),
        pk=remedy.pk,
    )


# Other apps' remedies for the page: each source gives (user, scope, how many) the first that many lines, in
# DUE_ORDER. The ombudsman app adds its own in its AppConfig.ready().
RemedySource = Callable[[User, str, int], list[OwedRemedy]]
_remedy_sources: list[RemedySource] = []


def add_remedy_source(source: RemedySource) -> None:
    if source not in _remedy_sources:
        _remedy_sources.append(source)


def _due_key(line: OwedRemedy) -> tuple[bool, date, int]:
    return (line.due_date is None, line.due_date or date.min, line.pk)


def remedy_lines(user: User, *, scope: str, first: int) -> list[OwedRemedy]:
    """The first `first` outstanding remedies of every kind the user may see in `scope`, in DUE_ORDER."""
    ours = [_line(remedy) for remedy in remedies_outstanding(user, scope=scope)[:first]]
    others = [source(user, scope, first) for source in _remedy_sources]
    return list(heapq.merge(ours, *others, key=_due_key))[:first]


@dataclass(frozen=True)
class RemedyFigures:
    outstanding_count: int
    overdue_count: int
    done_count: int
    done_late_count: int

    def __add__(self, other: RemedyFigures) -> RemedyFigures:
        return RemedyFigures(
            self.outstanding_count + other.outstanding_count,
            self.overdue_count + other.overdue_count,
            self.done_count + other.done_count,
            self.done_late_count + other.done_late_count,
        )


def figures_of(remedies: QuerySet[Any], today: date) -> RemedyFigures:
    """How these remedies (of either kind) stand today: outstanding, overdue, done, and done after their date, in
    one read."""
    done = Q(completed_date__isnull=False)
    totals = remedies.order_by().aggregate(
        outstanding=Count("pk", filter=OUTSTANDING),
        overdue=Count("pk", filter=overdue_on(today)),
        done=Count("pk", filter=done),
        done_late=Count("pk", filter=done & Q(due_date__isnull=False, completed_date__gt=F("due_date"))),
    )
    return RemedyFigures(
        outstanding_count=totals["outstanding"],
        overdue_count=totals["overdue"],
        done_count=totals["done"],
        done_late_count=totals["done_late"],
    )


def remedy_figures(cases: QuerySet[Case], today: date) -> RemedyFigures:
    """How the remedies offered in responses on these cases stand today."""
    # Each remedy asked whether its case is among `cases`: there are far fewer remedies than cases.
    return figures_of(Remedy.objects.filter(Exists(cases.filter(pk=OuterRef("stage__case_id")))), today)
