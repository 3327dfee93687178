"""What is still owed on a case once its response is written: contributions asked of other services, requests the
customer is waiting on, and remedies promised but not yet carried out (Code 7.3: followed through to completion).

Reads only. Closing a case with any of these outstanding needs a confirmed reason (`lifecycle.close`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from putright.cases.access import cases_visible_to
from putright.cases.choices import ENDED_STATUSES
from putright.cases.models import Case, Contribution, CustomerRequest, Remedy
from putright.core.text import long_date
from putright.organisation.models import User


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


def remedies_owed(case: Case) -> list[Remedy]:
    """The remedies promised on this case and not yet carried out, soonest due first."""
    return list(Remedy.objects.filter(stage__case=case, completed_date__isnull=True).order_by("due_date", "pk"))


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
        .exclude(case__status__in=ENDED_STATUSES)
        .select_related("case__customer", "case__lead_officer", "service_area", "requested_by")
        .order_by("due_date", "pk")
    )


def remedies_outstanding(user: User, *, scope: str) -> QuerySet[Remedy]:
    """Remedies not yet carried out: `all` (the complaints team) on every case they may open; otherwise those the
    user owns, or that nobody owns on cases they lead."""
    remedies = Remedy.objects.filter(completed_date__isnull=True, stage__case__in=cases_visible_to(user).values("pk"))
    if scope != "all" or not user.sees_whole_queue:
        remedies = remedies.filter(Q(owner=user) | Q(owner__isnull=True, stage__case__lead_officer=user))
    return remedies.select_related("stage__case__customer", "stage__case__lead_officer", "owner").order_by(
        "due_date", "pk"
    )


@dataclass(frozen=True)
class RemedyFigures:
    outstanding_count: int
    overdue_count: int
    done_count: int
    done_late_count: int


def remedy_figures(cases: QuerySet[Case], today: date) -> RemedyFigures:
    """How the remedies offered on these cases stand today: outstanding, overdue, done, and done after their date."""
    # One pass over the remedies, each asked whether its case is among `cases` (fewer remedies than cases).
    open_ = Q(completed_date__isnull=True)
    done = Q(completed_date__isnull=False)
    totals = (
        Remedy.objects.filter(Exists(cases.filter(pk=OuterRef("stage__case_id"))))
        .order_by()
        .aggregate(
            outstanding=Count("pk", filter=open_),
            overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
            done=Count("pk", filter=done),
            done_late=Count("pk", filter=done & Q(due_date__isnull=False, completed_date__gt=F("due_date"))),
        )
    )
    return RemedyFigures(
        outstanding_count=totals["outstanding"],
        overdue_count=totals["overdue"],
        done_count=totals["done"],
        done_late_count=totals["done_late"],
    )
