"""What needs a member of staff today, on one page: contacts to triage, customers waiting, cases due, contributions
asked of them and remedies due. Reads only, each already scoped to what the user may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from putright.cases.access import contacts_visible_to
from putright.cases.models import Case, Contact, Contribution, CustomerRequest, Remedy
from putright.cases.outstanding import contributions_asked_of, remedies_outstanding
from putright.cases.requests import requests_queue
from putright.cases.selectors import CaseRow, QueueFilters, case_rows, due_soon_limit, queue
from putright.organisation.models import User

SHOWN = 10  # rows of each list on the page; the full list is a link away


@dataclass(frozen=True)
class DueLine:
    """One thing another app says is due on a case, for the page (the ombudsman's enquiry reply, say)."""

    reference: str
    what: str
    due: date
    overdue: bool  # decided by the app that owns the date
    url: str


@dataclass(frozen=True)
class DueSection:
    heading: str
    lines: list[DueLine]


# Other apps' deadlines for the page: each source gives (user, scope, last day) what is due by that day or
# overdue, soonest first, or None. The ombudsman app adds its own in its AppConfig.ready() (this app sits below it).
TodaySource = Callable[[User, str, date, date], DueSection | None]
_today_sources: list[TodaySource] = []


def add_today_source(source: TodaySource) -> None:
    if source not in _today_sources:
        _today_sources.append(source)


@dataclass(frozen=True)
class Today:
    soon: date  # the last day that counts as due soon
    scope: str  # "all" for the complaints team and managers, else "mine"
    contacts: list[Contact]
    contact_count: int
    unassigned: list[Case]  # open cases nobody leads yet (the complaints team's to hand out)
    unassigned_count: int
    requests: list[CustomerRequest]
    request_count: int
    cases_due: list[CaseRow]
    contributions: list[Contribution]
    remedies: list[Remedy]
    elsewhere: list[DueSection]  # other apps' deadlines (add_today_source)

    @property
    def is_clear(self) -> bool:
        return not (
            self.contacts
            or self.unassigned
            or self.requests
            or self.cases_due
            or self.contributions
            or self.remedies
            or self.elsewhere
        )


def work_today(user: User, today: date) -> Today:
    scope = "all" if user.sees_whole_queue else "mine"
    soon = due_soon_limit(today)
    contacts = contacts_visible_to(user).filter(triaged_at__isnull=True).select_related("customer")
    unassigned = (
        queue(user, QueueFilters(scope="all"), today).filter(lead_officer__isnull=True)
        if user.sees_whole_queue
        else Case.objects.none()
    )
    requests = requests_queue(user, scope=scope)
    due = queue(user, QueueFilters(scope=scope), today).filter(next_due_date__lte=soon)
    remedies = remedies_outstanding(user, scope="mine").filter(due_date__lte=soon)
    elsewhere = [section for source in _today_sources if (section := source(user, scope, today, soon))]
    return Today(
        soon=soon,
        scope=scope,
        contacts=list(contacts.order_by("received_at", "pk")[:SHOWN]),
        contact_count=contacts.count(),
        unassigned=list(unassigned.select_related("service_area").order_by("received_at", "pk")[:SHOWN]),
        unassigned_count=unassigned.count(),
        requests=list(requests[:SHOWN]),
        request_count=requests.count(),
        cases_due=case_rows(due[:SHOWN]),
        contributions=list(contributions_asked_of(user)[:SHOWN]),
        remedies=list(remedies[:SHOWN]),
        elsewhere=elsewhere,
    )
