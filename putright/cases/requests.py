"""Customer requests as staff work: what a customer asks for in their online account gets a due date, reaches the
officer answering for the case, waits in the queues until someone deals with it, and counts in the alerts.

- `request_due_date` is the rule (pure: dates in, a date out);
- `raise_request` runs inside the transaction that records the customer's request;
- `complete_request` is the one action that deals with it (escalating deals with an escalation request itself,
  in `lifecycle.escalate`);
- `requests_for_page` (or `waiting_requests`) and `requests_queue` are the reads for the case page and the requests
  queue.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from putright.cases import events, lifecycle
from putright.cases.access import cases_visible_to
from putright.cases.choices import EventKind
from putright.cases.models import Case, CustomerRequest, Stage
from putright.core import signals
from putright.core.errors import TransitionError
from putright.core.text import long_date
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.selectors import calendar_for

Kind = CustomerRequest.Kind

# Working days staff have to deal with each request, counted from the day it arrives. A call back is asked for by
# someone waiting by the phone: the next working day. A request for the next stage must be opened quickly, because
# the next stage has to be acknowledged within 5 working days of the request (Complaint Handling Code 6.11): two
# days leave three for the acknowledgement. New information is read and answered within a working week.
REQUEST_WORKING_DAYS: dict[str, int] = {
    Kind.CALLBACK: 1,
    Kind.ESCALATION: 2,
    Kind.INFORMATION: 5,
}
EVENT_KINDS: dict[str, EventKind] = {
    Kind.INFORMATION: EventKind.INFORMATION_RECEIVED,
    Kind.CALLBACK: EventKind.CALLBACK_REQUESTED,
    Kind.ESCALATION: EventKind.ESCALATION_REQUESTED,
}
# Published (core.signals) when a customer request becomes work, inside its transaction.
REQUEST_RAISED = "customer_request.raised"


def request_due_date(kind: str, received: date, calendar: WorkingCalendar) -> date | None:
    """The day staff must have dealt with a request of this kind received on `received`; None: not work to wait."""
    working_days = REQUEST_WORKING_DAYS.get(kind)
    if working_days is None:
        return None
    return calendar.add_working_days(received, working_days)[0]


# --- writes ---------------------------------------------------------------------------------------------------


@transaction.atomic
def raise_request(request: CustomerRequest, *, today: date | None = None) -> CustomerRequest:
    """Make a new request work: its due date, the case's 'due next', and an email to the officer answering for it.

    Call inside the transaction that records the request; the email is sent after it commits.
    """
    received = today or timezone.localdate()
    request.received_date = received
    request.due_date = request_due_date(request.kind, received, calendar_for(current_organisation()))
    request.save(update_fields=["received_date", "due_date"])
    if request.due_date is None:
        return request
    # Locked, so an officer's change to the case at the same moment cannot interleave with working out what is due.
    case = lifecycle.lock_case(Case(pk=request.case_id), None)
    lifecycle.refresh_next_due(case)
    # Notifications emails the officer answering for the case (subscribed in its AppConfig.ready()).
    signals.publish(REQUEST_RAISED, request, to_any=False)
    return request


def complete_request(*, request: CustomerRequest, actor: User, note: str) -> CustomerRequest:
    """Record that staff dealt with the request (a call made, information read), on the case's timeline.

    A request for the next stage is normally dealt with by escalating (`lifecycle.escalate`); this records the rare
    case where it is not (the customer changed their mind), with the reason.
    """
    if not note.strip():
        raise TransitionError(
            "Enter why the case is not being escalated" if request.kind == Kind.ESCALATION else "Enter what was done",
            "note",
        )
    with transaction.atomic():
        case = lifecycle.lock_case(request.case, None)
        # Locked with the case: two officers dealing with the same request record it once.
        locked = CustomerRequest.objects.select_for_update().get(pk=request.pk)
        if locked.done_at is not None:
            raise TransitionError("This request has already been dealt with", "note")
        locked.done_at = timezone.now()
        locked.done_by = actor
        locked.done_note = note.strip()
        locked.save(update_fields=["done_at", "done_by", "done_note"])
        lifecycle.refresh_next_due(case)
        events.record(
            case,
            EventKind.REQUEST_DONE,
            f"{locked.due_label} on {long_date(locked.received_date)}: {note.strip()}",
            actor=actor,
            data={"request": locked.pk, "kind": locked.kind, "note": note.strip()},
        )
    return locked


# --- reads ----------------------------------------------------------------------------------------------------


def waiting_requests(case: Case) -> list[CustomerRequest]:
    """The requests on this case staff have still to deal with, soonest due first."""
    return list(CustomerRequest.objects.waiting().filter(case=case).order_by("due_date", "pk"))


# The call backs the case page lists, latest first: the record of every call back asked, dealt with or not.
CALLBACKS_SHOWN = 50


@dataclass(frozen=True)
class PageRequests:
    waiting: list[CustomerRequest]  # as `waiting_requests`: still to deal with, soonest due first
    callbacks: list[CustomerRequest]  # every call back asked, latest first (at most CALLBACKS_SHOWN)


def requests_for_page(case: Case, *, has_any: bool = True) -> PageRequests:
    """The case page's two lists of the customer's requests, from one read of the case's requests (a case has a
    handful: each is something its customer asked for through their account). `has_any=False` when the caller knows
    the case has none (the case page asks once): nothing is read."""
    if not has_any:
        return PageRequests(waiting=[], callbacks=[])
    every = list(CustomerRequest.objects.filter(case=case).select_related("done_by").order_by())  # sorted below
    waiting = sorted((item for item in every if item.is_waiting), key=lambda item: (item.due_date, item.pk))
    callbacks = sorted(
        (item for item in every if item.kind == Kind.CALLBACK),
        key=lambda item: (item.created_at, item.pk),
        reverse=True,
    )
    return PageRequests(waiting=waiting, callbacks=callbacks[:CALLBACKS_SHOWN])


def waiting_escalations(case_ids: Collection[int]) -> dict[int, CustomerRequest]:
    """`waiting_escalation` for each of these cases that has one, in one query: {case id: the request}."""
    waiting: dict[int, CustomerRequest] = {}
    requests = (
        CustomerRequest.objects.waiting()
        .filter(case__in=case_ids, kind=Kind.ESCALATION)
        .order_by("received_date", "pk")
    )
    for request in requests:
        waiting.setdefault(request.case_id, request)
    return waiting


def waiting_escalation(case: Case) -> CustomerRequest | None:
    """The customer's request for the next stage that staff have still to act on, if any (the earliest)."""
    return waiting_escalations([case.pk]).get(case.pk)


def requests_queue(user: User, *, scope: str) -> QuerySet[CustomerRequest]:
    """Waiting requests on cases the user may open: `all` for the complaints team, else the user's own cases."""
    requests = CustomerRequest.objects.waiting().filter(case__in=cases_visible_to(user).values("pk"))
    if scope != "all" or not user.sees_whole_queue:
        handled = Stage.objects.filter(handler=user).values("case_id")
        requests = requests.filter(Q(case__lead_officer=user) | Q(case__in=handled))
    return requests.select_related(
        "case__customer", "case__lead_officer", "case__service_area", "case__current_stage"
    ).order_by("due_date", "received_date", "pk")


def get_request_on(case: Case, request_id: int) -> CustomerRequest:
    """A request on a case the caller already fetched through `access.get_case_for`; a 404 if not on that case."""
    request = CustomerRequest.objects.filter(case=case, pk=request_id).first()
    if request is None:
        raise Http404("No such request")
    return request
