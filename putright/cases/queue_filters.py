"""The case queues' filters: what each offers, and what a queue shows for the values in its address.

One rule for every queue (mine, team, all). A value a queue does not offer (an old bookmark, a mistyped link) is not
dropped silently: the page says what it did not understand and what it shows instead, as the report pages do for a
year they do not offer (`core.periods.year_asked_for`), so nobody reads the whole queue believing it filtered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Value

from putright.cases.access import Reach, reach_of, services_within
from putright.cases.choices import CaseStatus
from putright.cases.selectors import QueueFilters
from putright.core.prepared import PreparedRead
from putright.core.text import quoted
from putright.organisation.models import ServiceArea, User
from putright.procedures.models import Procedure

# The stages a queue filters by: every procedure has at most three.
STAGES = (1, 2, 3)
STAGE_CHOICES = [("", "Any stage"), *((str(number), f"Stage {number}") for number in STAGES)]
DUE_CHOICES = [
    ("", "Any time"),
    ("overdue", "Overdue"),
    ("due_soon", "Due within 2 working days"),
    ("later", "Due later"),
    ("waiting", "Customer waiting"),
]
# "open" (every queue's default) is open or owed: answered with a customer still waiting counts.
STATUS_CHOICES = [("open", "Open"), ("any", "Any status"), *CaseStatus.choices]


@dataclass(frozen=True)
class FilterOptions:
    """The services (those the user may see) and procedures a queue offers, as (slug, name), each by name, and each
    service's id by its slug."""

    services: list[tuple[str, str]]
    procedures: list[tuple[str, str]]
    service_ids: dict[str, int]


def filter_options(user: User) -> FilterOptions:
    """The active services `user` may see and the active procedures, in one query (read on every visit to a queue,
    so the names only, not whole records, and by a read prepared once, `_OPTIONS`). A restricted service the user may
    not see is not offered at all."""
    reach = reach_of(user)
    rows: Iterable[tuple[str, int, str, str]]
    if not reach.staff:
        rows = _options(services_within(reach))
    elif reach.everything:
        rows = _OPTIONS_EVERY_SERVICE()
    elif reach.service_area_id is None:
        rows = _OPTIONS_UNRESTRICTED()
    else:
        rows = _OPTIONS_WITH_OWN_SERVICE(reach.service_area_id)
    lists: dict[str, list[tuple[str, str]]] = {"service": [], "procedure": []}
    service_ids: dict[str, int] = {}
    for name, pk, slug, label in rows:
        lists[name].append((slug, label))
        if name == "service":
            service_ids[slug] = pk
    return FilterOptions(lists["service"], lists["procedure"], service_ids)


def _options(services_seen: Q) -> QuerySet[ServiceArea, tuple[str, int, str, str]]:
    """The active services of `services_seen` and the active procedures, as ("service" or "procedure", id, slug,
    name), services first, each by name."""
    services = (
        ServiceArea.objects.filter(services_seen, is_active=True)
        .order_by()
        .annotate(list=Value("service"))
        .values_list("list", "pk", "slug", "name")
    )
    procedures = (
        Procedure.objects.filter(is_active=True)
        .order_by()
        .annotate(list=Value("procedure"))
        .values_list("list", "pk", "slug", "name")
    )
    return services.union(procedures, all=True).order_by("list", "name")


# The options for each kind of staff reader (`access.Reach`): those who see every service, those who see the
# unrestricted ones, and those who see those and their own team's service.
_OPTIONS_EVERY_SERVICE = PreparedRead(lambda: _options(services_within(Reach(staff=True, everything=True))))
_OPTIONS_UNRESTRICTED = PreparedRead(lambda: _options(services_within(Reach(staff=True))))
_OPTIONS_WITH_OWN_SERVICE = PreparedRead(
    lambda service_id: _options(services_within(Reach(staff=True, service_area_id=service_id))), int
)


@dataclass(frozen=True)
class FiltersChosen:
    """The filters a queue applies, the values its filter form shows for them ("" for none), and a notice for each
    value asked for that it could not apply."""

    filters: QueueFilters
    shown: dict[str, str]
    notices: list[str]  # shown together, in one banner (cases/queue.html)


def filters_asked_for(params: Mapping[str, str], *, scope: str, options: FilterOptions) -> FiltersChosen:
    """The queue's filters for the values in its address. Each is judged on its own: a value the queue offers is
    applied; any other is not, and says so ("There is no stage 9. Showing every stage."), while the other filters
    still apply. A service the user may not see gets the words of one that does not exist. Nothing asked: no
    filter (status: open), without a notice. A filter given more than once uses the first value it offers (else the
    first given) and says the others were ignored, so a valid one is never dropped silently for another."""
    notices: list[str] = []

    def first_asked(name: str, what: str, offers: set[str] | None = None) -> str:
        values = [value.strip() for value in _values(params, name)]
        given = [value for value in values if value]
        if not given:
            return ""
        chosen = next((index for index, value in enumerate(given) if offers is None or value in offers), 0)
        if len(given) > 1:
            ignored = ", ".join(quoted(value) for index, value in enumerate(given) if index != chosen)
            notices.append(f"Only one {what} can be used at a time: {ignored} ignored.")
        return given[chosen]

    def offered(name: str, choices: Sequence[tuple[str, object]], not_offered: str, instead: str) -> str:
        what = "choice of when cases are due" if name == "due" else name
        text = first_asked(name, what, {value for value, _ in choices})
        if not text or text in {value for value, _ in choices}:
            return text
        notices.append(f"{not_offered.format(quoted(text))} {instead}")
        return ""

    service = offered("service", options.services, "{} is not a service you can see.", "Showing every service.")
    procedure = offered("procedure", options.procedures, "{} is not a procedure.", "Showing every procedure.")
    stage = _stage_asked_for(first_asked("stage", "stage"), notices)
    status = offered("status", STATUS_CHOICES, "{} is not a status.", "Showing open cases.")
    due = offered("due", DUE_CHOICES, "{} is not a choice of when cases are due.", "Showing cases due at any time.")
    filters = QueueFilters(
        scope=scope,
        service_id=options.service_ids[service] if service else None,
        procedure=procedure,
        stage=stage,
        status=status or "open",
        due=due,
    )
    shown = {
        "service": service,
        "procedure": procedure,
        "stage": str(stage or ""),
        "status": filters.status,
        "due": due,
    }
    return FiltersChosen(filters, shown, notices)


def _values(params: Mapping[str, str], name: str) -> list[str]:
    """Every value of `name` in the address (a QueryDict keeps each; a plain mapping has one)."""
    getlist = getattr(params, "getlist", None)
    if getlist is not None:
        return [str(value) for value in getlist(name)]
    value = params.get(name)
    return [value] if value is not None else []


def _stage_asked_for(text: str, notices: list[str]) -> int | None:
    """The stage asked for when a queue offers it; otherwise none, with a notice naming a number as a stage there is
    not ("There is no stage 9.") and quoting anything else."""
    if not text:
        return None
    sign = "-" if text.startswith("-") else ""
    digits = text[len(sign) :]
    is_number = digits.isascii() and digits.isdigit()
    if is_number and not sign and len(text) <= 4 and int(text) in STAGES:
        return int(text)
    # Any number ("-1" too) is named as a stage there is not, however long (cut as `quoted` cuts, never an int).
    number = digits.lstrip("0") or "0"
    number = f"{sign}{number}" if number != "0" else number
    problem = f"There is no stage {quoted(number)[1:-1]}." if is_number else f"{quoted(text)} is not a stage."
    notices.append(f"{problem} Showing every stage.")
    return None
