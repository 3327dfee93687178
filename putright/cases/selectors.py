"""Reads for the staff side: queues, search results and the case page, already scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet

from putright.cases.access import cases_visible_to
from putright.cases.choices import OPEN_STATUSES, CaseStatus, StageStatus
from putright.cases.models import Case, Stage, TimelineEvent
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.procedures.selectors import calendar_for

DUE_SOON_WORKING_DAYS = 2  # "due within two working days" is marked amber


class Rag:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NONE = "none"

    LABELS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", ON_TRACK: "On track", NONE: "Nothing due"}


def due_soon_limit(today: date) -> date:
    """The last day that counts as 'due soon': two working days ahead on the organisation's calendar."""
    return calendar_for(current_organisation()).add_working_days(today, DUE_SOON_WORKING_DAYS)[0]


def rag_for(due: date | None, today: date, soon_limit: date) -> str:
    if due is None:
        return Rag.NONE
    if due < today:
        return Rag.OVERDUE
    if due <= soon_limit:
        return Rag.DUE_SOON
    return Rag.ON_TRACK


@dataclass(frozen=True)
class QueueFilters:
    scope: str = "mine"  # mine | team | all
    service: str = ""  # service area slug
    procedure: str = ""  # procedure slug
    stage: int | None = None
    status: str = "open"  # open | a CaseStatus value | any
    due: str = ""  # overdue | due_soon | later | ""


def queue(user: User, filters: QueueFilters, today: date) -> QuerySet[Case]:
    """Cases for a staff queue, most urgent first (overdue, then due soonest)."""
    cases = cases_visible_to(user)
    # "My cases": lead officer or the handler of the current stage.
    if filters.scope == "mine":
        # A subquery rather than a join, so each side can use its own index.
        handled = Stage.objects.filter(handler=user, status=StageStatus.OPEN).values("pk")
        cases = cases.filter(Q(lead_officer=user) | Q(current_stage__in=handled))
    # "Team": cases assigned to the user's team.
    elif filters.scope == "team":
        cases = cases.filter(team=user.team_id) if user.team_id else cases.none()
    # "All": only for those who see the whole queue (complaints team, managers, administrators).
    elif not user.sees_whole_queue:
        cases = cases.none()
    if filters.status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif filters.status in CaseStatus.values:
        cases = cases.filter(status=filters.status)
    if filters.service:
        cases = cases.filter(service_area__slug=filters.service)
    if filters.procedure:
        cases = cases.filter(procedure_version__procedure__slug=filters.procedure)
    if filters.stage:
        cases = cases.filter(current_stage__number=filters.stage)
    if filters.due:
        limit = due_soon_limit(today)
        if filters.due == "overdue":
            cases = cases.filter(next_due_date__lt=today)
        elif filters.due == "due_soon":
            cases = cases.filter(next_due_date__gte=today, next_due_date__lte=limit)
        elif filters.due == "later":
            cases = cases.filter(next_due_date__gt=limit)
    return cases.select_related(
        "customer", "service_area", "lead_officer", "current_stage", "procedure_version__procedure"
    ).order_by(F("next_due_date").asc(nulls_last=True), "received_at", "pk")


@dataclass
class Page:
    """A page of rows without counting the whole queue: we fetch one row more than we show."""

    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate(queryset: QuerySet[Any], page_number: int, page_size: int) -> Page:
    page_number = max(page_number, 1)
    start = (page_number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    return Page(rows=rows[:page_size], number=page_number, has_next=len(rows) > page_size)


def timeline(case: Case) -> QuerySet[TimelineEvent]:
    return case.events.select_related("actor").order_by("-occurred_at", "-id")


def case_stages(case: Case) -> list[Any]:
    return list(
        case.stages.select_related("handler", "rule").prefetch_related("extensions", "remedies").order_by("number")
    )


def case_links(case: Case, user: User) -> list[tuple[str, Case | None]]:
    """(relation, other case) pairs in both directions, worded from this case's side.

    A linked case the reader may not see is given as None: the page says a link exists, never its reference or
    title.
    """
    visible = set(
        cases_visible_to(user)
        .filter(Q(links_in__from_case=case) | Q(links_out__to_case=case))
        .values_list("pk", flat=True)
    )
    inverse = {
        "split_from": "Split into",
        "merged_into": "Merged from",
        "duplicate_of": "Has duplicate",
        "related": "Related to",
    }
    links: list[tuple[str, Case | None]] = []
    for link in case.links_out.select_related("to_case"):
        links.append((link.get_kind_display(), link.to_case if link.to_case_id in visible else None))
    for link in case.links_in.select_related("from_case"):
        links.append((inverse.get(link.kind, link.kind), link.from_case if link.from_case_id in visible else None))
    return links
