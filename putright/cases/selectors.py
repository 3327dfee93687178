"""Reads for the staff side: queues, search results and the case page, already scoped to the user."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.choices import CaseStatus
from putright.cases.models import (
    OPEN_OR_OWED,
    Case,
    CustomerRequest,
    Remedy,
    Stage,
    TimelineEvent,
    kind_label,
    status_label,
)
from putright.cases.split_parts import CaseLinks
from putright.core.conditions import AsWritten, as_written
from putright.core.prepared import PreparedRead
from putright.organisation.models import Category, User, staff_name
from putright.organisation.selectors import current_organisation
from putright.people.models import name_in_full
from putright.procedures.choices import Ombudsman
from putright.procedures.deadlines import TimeLimit, complaint_time_limit
from putright.procedures.models import ProcedureVersion
from putright.procedures.ombudsman import ombudsman_for
from putright.procedures.selectors import due_soon_limit


class Rag:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NONE = "none"

    LABELS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", ON_TRACK: "On track", NONE: "Nothing due"}


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
    service_id: int | None = None  # a service area's id
    procedure: str = ""  # procedure slug
    stage: int | None = None
    status: str = "open"  # open | a CaseStatus value | any
    due: str = ""  # overdue | due_soon | later | waiting (a customer request waiting) | ""


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


# Every queue's order: what is due soonest first (nothing due last), then the oldest, then by number.
QUEUE_ORDER = (F("next_due_date").asc(nulls_last=True), "received_at", "pk")


def _queue_order_key(key: tuple[date | None, datetime, int]) -> tuple[bool, date, datetime, int]:
    """QUEUE_ORDER in Python, for rows read as (next_due_date, received_at, pk)."""
    due, received, pk = key
    return (due is None, due or date.min, received, pk)


# The due filters that keep only cases with a due date, each of which is open or owed (`OPEN_OR_OWED`) by definition.
DATED_FILTERS = frozenset({"overdue", "due_soon", "later"})


def _open_or_owed(filters: QueueFilters) -> Q | AsWritten:
    """`OPEN_OR_OWED` as the queues ask it (written into the SQL, so the partial indexes are used), or no condition
    when a due filter already implies it and the database is PostgreSQL.

    PostgreSQL takes a case's status and its due date as independent, so asked both it expects a few hundred times
    fewer overdue cases than there are and reads every open case instead of a page in order (at a million cases,
    "my cases" overdue read 3,788 open cases in 31 ms instead of 26 from the officer's index in 0.3). SQLite uses a
    partial index only when the query repeats its condition, so there it is always asked.
    """
    if filters.due in DATED_FILTERS and connection.vendor == "postgresql":
        return Q()
    return as_written(OPEN_OR_OWED)


def _scope_conditions(user: User, filters: QueueFilters) -> list[Q]:
    """The queue's scope as conditions on cases, any of which lets a case in (none: an empty queue).

    "My cases" is two: each is read in order through its own index, where an OR of them would read every case
    they match and sort them all.
    """
    scope = filters.scope
    # "My cases": lead officer or the handler of the current stage (open, or answered with the customer waiting).
    if scope == "mine":
        # The current stage's handler is kept on the case by the lifecycle (`Case.current_handler`), so this is one
        # index read in order (`case_open_handler_idx`), never a list of every stage the officer handles (thousands
        # at a million cases). Open or owed: an open case's current stage is open, and an answered or ended one is
        # the officer's while a customer waits on it (the lifecycle keeps `next_due_date` for that). Asked here
        # only when the status filter does not ask it already: asked twice, PostgreSQL counts it twice and expects
        # thirty times fewer of the officer's cases than there are, and at a million cases, filtered by service,
        # it read the service's 227,000 cases from their index and sorted the officer's 3,115 (53-119 ms) instead
        # of reading a page in order (0.07 ms), as often as not, depending on `ANALYZE`'s sample.
        handled = (
            Q(current_handler=user)
            if _status_is_open_or_owed(filters)
            else Q(_open_or_owed(filters), current_handler=user)
        )
        return [Q(lead_officer=user), handled]
    # "Team": cases assigned to the user's team.
    if scope == "team":
        return [Q(team=user.team_id)] if user.team_id else []
    # "All": only for those who see the whole queue (complaints team, managers, administrators).
    return [Q()] if user.sees_whole_queue else []


def _status_is_open_or_owed(filters: QueueFilters) -> bool:
    """Whether the status filter keeps the cases that are open or owed (`_filtered`): "open", every queue's default."""
    return filters.status == "open"


def _filtered(cases: QuerySet[Case], filters: QueueFilters, today: date) -> QuerySet[Case]:
    """`cases` narrowed by the queue's filters other than its scope."""
    if _status_is_open_or_owed(filters):
        # Open, or answered (or closed) with a customer request still waiting: the customer is owed something. The
        # lifecycle keeps `next_due_date` empty on a case that is not open unless a customer is waiting, so this is
        # asked of the case's own indexed columns rather than of the requests, row by row. Written with its values
        # in the SQL, as the open queues' partial indexes are (putright/core/conditions.py says why).
        cases = cases.filter(_open_or_owed(filters))
    elif filters.status in CaseStatus.values:
        cases = cases.filter(status=filters.status)
    # The service's and procedure's ids are looked up first (small tables), so the case query names them as values:
    # PostgreSQL then knows how many cases each has, where through a join on the slug it guessed, and at a million
    # cases read every open case of a procedure before sorting (300 ms instead of a few). The service's comes with
    # the filter (`queue_filters.filters_asked_for` reads it with the services offered).
    if filters.service_id is not None:
        cases = cases.filter(service_area=filters.service_id)
    if filters.procedure:
        versions = ProcedureVersion.objects.filter(procedure__slug=filters.procedure)
        cases = cases.filter(procedure_version__in=list(versions.values_list("pk", flat=True)))
    if filters.stage:
        cases = cases.filter(current_stage_number=filters.stage)
    if filters.due:
        limit = due_soon_limit(today)
        if filters.due == "overdue":
            cases = cases.filter(next_due_date__lt=today)
        elif filters.due == "due_soon":
            cases = cases.filter(next_due_date__gte=today, next_due_date__lte=limit)
        elif filters.due == "later":
            cases = cases.filter(next_due_date__gt=limit)
        elif filters.due == "waiting":
            # The few cases with a request waiting, by id: not a test of every case in the queue, one by one.
            cases = cases.filter(pk__in=CustomerRequest.objects.waiting().values("case_id"))
    return cases


# The columns a queue's rows show (cases/_case_rows.html, and the Today page's lists), and only those: a page
# of cases is read, converted and rendered on every visit to a queue.
ROW_FIELDS = (
    "reference",
    "title",
    "kind",
    "status",
    "received_at",
    "next_due_date",
    "next_due_label",
    "customer__title",
    "customer__first_name",
    "customer__last_name",
    "service_area__name",
    "lead_officer__first_name",
    "lead_officer__last_name",
    "lead_officer__username",
    "current_stage__number",
)


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One case as a cases table shows it (cases/_case_rows.html): plain values read in one go, rather than a case and
    four related records built for each row of every queue page."""

    pk: int
    reference: str
    title: str
    kind: str
    status: str
    received_at: datetime
    next_due_date: date | None
    next_due_label: str
    customer_name: str  # empty when no customer is recorded
    service_name: str
    lead_officer_name: str  # empty when nobody leads the case
    stage_number: int | None
    customer_waiting: bool

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


_ROW_COLUMNS = ("pk", *ROW_FIELDS, "customer_waiting")  # in the order `case_rows` unpacks them


def case_rows(cases: QuerySet[Case]) -> list[CaseRow]:
    """`cases`, in their order, as a cases table shows them: the columns it shows and whether a customer is waiting."""
    return _as_case_rows(_with_row_columns(cases))


def _with_row_columns(cases: QuerySet[Case]) -> QuerySet[Case, tuple[Any, ...]]:
    waiting = CustomerRequest.objects.waiting().filter(case=OuterRef("pk"))
    return cases.annotate(customer_waiting=Exists(waiting)).values_list(*_ROW_COLUMNS)


# The cases of a queue's page are read by id, so many at a time (a page and the one after it, by default) through
# one prepared read (core/prepared.py): the same SQL every time, the ids unused by a shorter page given as -1, which
# no case has. A page of more is read in several.
ROWS_READ_AT_ONCE = 26
_NO_CASE = -1
_rows_by_id = PreparedRead(
    lambda *ids: _with_row_columns(Case.objects.filter(pk__in=ids).order_by()),
    *([int] * ROWS_READ_AT_ONCE),
)


def case_rows_by_id(ids: list[int]) -> dict[int, CaseRow]:
    """The cases with these ids (those that still exist) as a cases table shows them, by id."""
    found: dict[int, CaseRow] = {}
    for start in range(0, len(ids), ROWS_READ_AT_ONCE):
        chunk = ids[start : start + ROWS_READ_AT_ONCE]
        padded = [*chunk, *([_NO_CASE] * (ROWS_READ_AT_ONCE - len(chunk)))]
        found.update((row.pk, row) for row in _as_case_rows(_rows_by_id(*padded)))
    return found


def _as_case_rows(values: Iterable[tuple[Any, ...]]) -> list[CaseRow]:
    """Rows of `_ROW_COLUMNS` as `CaseRow`s."""
    rows = []
    for (
        pk,
        reference,
        title,
        kind,
        status,
        received_at,
        next_due_date,
        next_due_label,
        customer_title,
        customer_first_name,
        customer_last_name,
        service_name,
        lead_first_name,
        lead_last_name,
        lead_username,
        stage_number,
        customer_waiting,
    ) in values:
        rows.append(
            CaseRow(
                pk=pk,
                reference=reference,
                title=title,
                kind=kind,
                status=status,
                received_at=received_at,
                next_due_date=next_due_date,
                next_due_label=next_due_label,
                customer_name=name_in_full(customer_title, customer_first_name, customer_last_name)
                if customer_last_name is not None
                else "",
                service_name=service_name,
                lead_officer_name=staff_name(lead_first_name, lead_last_name, lead_username)
                if lead_username is not None
                else "",
                stage_number=stage_number,
                customer_waiting=bool(customer_waiting),
            )
        )
    return rows


# The columns the search page's rows show (cases/search.html), and only those: not each case's long texts.
SEARCH_ROW_FIELDS = (
    "reference",
    "title",
    "status",
    "received_at",
    "customer__title",
    "customer__first_name",
    "customer__last_name",
    "service_area__name",
)


def for_search_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What the search page's rows show: their columns and the customer's and service's."""
    return cases.select_related("customer", "service_area").only(*SEARCH_ROW_FIELDS)


def _for_rows(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a queue's rows show: their columns, the related records' and whether a customer is waiting."""
    waiting = CustomerRequest.objects.waiting().filter(case=OuterRef("pk"))
    return (
        cases.annotate(customer_waiting=Exists(waiting))
        .select_related("customer", "service_area", "lead_officer", "current_stage")
        .only(*ROW_FIELDS)
    )


def queue(user: User, filters: QueueFilters, today: date) -> QuerySet[Case]:
    """Cases for a staff queue, most urgent first (overdue, then due soonest)."""
    conditions = _scope_conditions(user, filters)
    cases = _filtered(cases_visible_to(user), filters, today)
    cases = cases.filter(reduce(operator.or_, conditions)) if conditions else cases.none()
    return _for_rows(cases).order_by(*QUEUE_ORDER)


def queue_page(user: User, filters: QueueFilters, today: date, page_number: int, page_size: int) -> Page:
    """One page of `queue(user, filters, today)`, read as the database can do it quickly.

    First the page's ids, in order, from the narrow index columns (for "my cases", each of its conditions read in
    order and stopped at the page's end, then merged); then those cases' rows. Joining the related records and
    asking whether a customer is waiting is then done for the rows shown, not for every case sorted.
    """
    page_number = max(page_number, 1)
    start = (page_number - 1) * page_size
    wanted = start + page_size + 1  # one more than the page, to know whether there is a next one
    ordered = _filtered(cases_visible_to(user), filters, today).order_by(*QUEUE_ORDER)
    ordered_keys = ordered.values_list("next_due_date", "received_at", "pk")
    reads = [ordered_keys.filter(condition)[:wanted] for condition in _scope_conditions(user, filters)]
    if len(reads) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: the reads as one statement (`UNION ALL` of each read in order and stopped), so one round trip
        # and one query for the server to parse and plan, not one for each. SQLite takes no LIMIT in a part of one.
        reads = [reads[0].union(*reads[1:], all=True).order_by()]
    keys: set[tuple[date | None, datetime, int]] = {key for read in reads for key in read}
    page_keys = sorted(keys, key=_queue_order_key)[start:wanted]
    ids = [pk for _, _, pk in page_keys]
    # In no order of the database's: they are put in the page's order below.
    found = case_rows_by_id(ids) if ids else {}
    rows = [found[pk] for pk in ids if pk in found]  # a case erased or merged away in between is left out
    return Page(rows=rows[:page_size], number=page_number, has_next=len(rows) > page_size)


TIMELINE_PAGE_SIZE = 30


def _events_of(case_id: int) -> QuerySet[TimelineEvent]:
    return TimelineEvent.objects.filter(case_id=case_id).select_related("actor").order_by("-occurred_at", "-id")


def timeline(case: Case) -> QuerySet[TimelineEvent]:
    """The case's events, newest first, each with who did it."""
    return _events_of(case.pk)


# The case page opens on the timeline's first page (and one more event, to know whether there is a next page):
# built into SQL once (`core.prepared`).
_TIMELINE_START = PreparedRead(lambda case_id: _events_of(case_id)[: TIMELINE_PAGE_SIZE + 1], int)


def timeline_page(case: Case, page_number: int) -> Page:
    """A page of the case's timeline (`TIMELINE_PAGE_SIZE` events), newest first."""
    if page_number > 1:
        return paginate(timeline(case), page_number, TIMELINE_PAGE_SIZE)
    rows = _TIMELINE_START(case.pk)
    for event in rows:
        event.case = case  # as `case.events` would give them
    return Page(rows=rows[:TIMELINE_PAGE_SIZE], number=1, has_next=len(rows) > TIMELINE_PAGE_SIZE)


def _stages_of(case_id: int) -> QuerySet[Stage]:
    return Stage.objects.filter(case_id=case_id).select_related("handler", "rule", "finding__root_cause").order_by()


# Read on every case page: built into SQL once (`core.prepared`).
_STAGES_OF = PreparedRead(_stages_of, int)


def case_stages(case: Case, *, remedies: bool = True) -> list[Stage]:
    """The case's stages for its page, each with its handler, rule, finding (the root cause) and remedies (with their
    owners): two reads however many stages and remedies there are, and one when `page_contents` has found the case
    has no remedies. A case has a few stages: they are put in order here rather than by the database (ordering makes
    Django compare every column it selects).
    """
    stages = sorted(_STAGES_OF(case.pk), key=lambda stage: stage.number)
    for stage in stages:
        stage.case = case  # as `case.stages` would give them: the stage's case is this one, not read again
    found: dict[int, list[Remedy]] = {stage.pk: [] for stage in stages}
    if remedies and stages:
        for remedy in _REMEDIES_OF(case.pk):
            found[remedy.stage_id].append(remedy)
    for stage in stages:
        _set_remedies(stage, found[stage.pk])
    return stages


def _remedies_of(case_id: int) -> QuerySet[Remedy]:
    # Each stage's in the order `Remedy.Meta.ordering` gives them (by id), without the joins to the stage and the
    # case that ordering by "stage" makes to sort the stages themselves.
    return Remedy.objects.filter(stage__case_id=case_id).select_related("owner").order_by("stage_id", "id")


# Read on the page of every case with remedies: built into SQL once (`core.prepared`).
_REMEDIES_OF = PreparedRead(_remedies_of, int)


def _set_remedies(stage: Stage, remedies: list[Remedy]) -> None:
    """`stage.remedies.all()` gives these without asking the database, as `prefetch_related_objects` leaves it (Django's
    own prefetch machinery costs more than the page's other reads), each remedy's stage this one."""
    for remedy in remedies:
        Remedy.stage.field.set_cached_value(remedy, stage)
    read = stage.remedies.get_queryset()  # the stage's own (its filter applied only if it is ever filtered further)
    read._result_cache = remedies  # what `prefetch_related_objects` sets
    read._prefetch_done = True  # type: ignore[attr-defined]
    stage._prefetched_objects_cache = {"remedies": read}  # type: ignore[attr-defined]


def _categories_of(case_id: int) -> QuerySet[Category]:
    return Category.objects.filter(cases=case_id).order_by()


# Read on every case page: built into SQL once (`core.prepared`).
_CATEGORIES_OF = PreparedRead(_categories_of, int)


def case_categories(case: Case) -> list[Category]:
    """The case's categories, by name, as `case.categories.all()` gives them. A case has a few: put in order here
    rather than by the database (ordering makes Django compare every column it selects)."""
    return sorted(_CATEGORIES_OF(case.pk), key=lambda category: category.name)


def case_links(links: CaseLinks) -> list[tuple[str, Case | None]]:
    """(relation, other case) pairs in both directions, worded from this case's side (`split_parts.links_of`).

    A linked case the reader may not see is given as None: the page says a link exists, never its reference or
    title.
    """
    outgoing, incoming, visible = links.outgoing, links.incoming, links.visible
    inverse = {
        "split_from": "Split into",
        "merged_into": "Merged from",
        "duplicate_of": "Has duplicate",
        "related": "Related to",
    }
    worded: list[tuple[str, Case | None]] = []
    for link in outgoing:
        worded.append((link.get_kind_display(), link.to_case if link.to_case_id in visible else None))
    for link in incoming:
        worded.append((inverse.get(link.kind, link.kind), link.from_case if link.from_case_id in visible else None))
    return worded


def case_ombudsman(case: Case) -> Ombudsman:
    """The ombudsman this case can go to (putright/procedures/ombudsman.py has the rule)."""
    version = case.procedure_version
    return ombudsman_for(
        service_area=case.service_area,
        procedure=version.procedure if version is not None else None,
        nation=current_organisation().nation,
    )


def time_limit(case: Case) -> TimeLimit | None:
    """Whether the complaint was made within its procedure's time limit (docs/rules-deadlines.md, "Time limits");
    None when there is no limit or the date of the matter is not recorded."""
    if case.procedure_version is None or not case.is_complaint:
        return None
    return complaint_time_limit(
        matter_date=case.matter_date,
        received=timezone.localtime(case.received_at).date(),
        months=case.procedure_version.complaint_time_limit_months,
    )
