"""What a signed-in customer may do on their own case: send more information, ask for a call back, ask to escalate,
withdraw, and answer the survey once it has closed.

The customer is not a member of staff: timeline events they cause have no actor, and say "the customer" and
"online account" so officers know where they came from. Escalation needs a handler chosen by staff, so the
customer's request is recorded (with its date) for staff to act on through `lifecycle.escalate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from putright.cases import events, lifecycle
from putright.cases.choices import EventKind
from putright.cases.models import Case, CustomerRequest, TimelineEvent
from putright.cases.requests import EVENT_KINDS, raise_request
from putright.core.text import long_date
from putright.portal.account_rules import (
    PORTAL,
    escalation_option,
    may_add_information,
    may_ask_for_callback,
    may_withdraw,
    survey_open,
)
from putright.portal.evidence import CheckedFile
from putright.portal.models import SatisfactionResponse
from putright.portal.services.evidence import store


class AccountError(Exception):
    """A request the customer cannot make on this case now; `code` says which explanation to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _locked(case: Case) -> Case:
    # Two tabs or a double click must not record the same escalation request twice.
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _record(
    case: Case, request: CustomerRequest, summary: str, data: dict[str, object], today: date | None = None
) -> TimelineEvent:
    """The request's timeline event, and the work it makes for staff (a due date, an email to the officer)."""
    event = events.record(
        case,
        EVENT_KINDS[request.kind],
        summary,
        actor=None,
        data={PORTAL: request.kind, "request": request.pk, **data},
        visible_to_customer=True,
    )
    request.event = event
    request.save(update_fields=["event"])
    raise_request(request, today=today)
    return event


def add_information(
    *, case: Case, email: str, text: str, files: Sequence[tuple[UploadedFile, CheckedFile]] = ()
) -> CustomerRequest:
    """More information (and files) from the customer, on the case's timeline for the handler. Refused once the case
    has ended (`account_rules.may_add_information`)."""
    if not may_add_information(case):
        raise AccountError("ended")
    with transaction.atomic():
        request = CustomerRequest.objects.create(
            case=case, kind=CustomerRequest.Kind.INFORMATION, text=text.strip(), email=email
        )
        names = [store(upload, checked, case=case, request=request).original_name for upload, checked in files]
        attached = f" Files: {', '.join(names)}." if names else ""
        _record(
            case,
            request,
            f"The customer sent more information through their online account: {text.strip()}{attached}",
            {"files": names, "text": text.strip()},
        )
    return request


def ask_for_callback(*, case: Case, email: str, phone: str, preferred_times: str) -> CustomerRequest:
    """A request for the handler to phone the customer, at the times they prefer. Refused once the case has ended
    (`account_rules.may_ask_for_callback`)."""
    if not may_ask_for_callback(case):
        raise AccountError("ended")
    with transaction.atomic():
        request = CustomerRequest.objects.create(
            case=case,
            kind=CustomerRequest.Kind.CALLBACK,
            phone=phone.strip(),
            preferred_times=preferred_times.strip(),
            email=email,
        )
        _record(
            case,
            request,
            f"The customer asked for a call back on {phone.strip()} through their online account. "
            f"Best times: {preferred_times.strip()}",
            {"phone": phone.strip(), "preferred_times": preferred_times.strip()},
        )
    return request


def ask_to_escalate(*, case: Case, email: str, today: date) -> CustomerRequest:
    """Record the customer's request for the next stage; staff open it with `lifecycle.escalate` and a handler."""
    with transaction.atomic():
        case = _locked(case)
        option = escalation_option(Case.objects.select_related("current_stage__rule__version").get(pk=case.pk), today)
        if not option.may_ask:
            raise AccountError(option.reason)
        request = CustomerRequest.objects.create(
            case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=option.current_stage_number, email=email
        )
        _record(
            case,
            request,
            f"The customer asked through their online account on {long_date(today)} for their complaint to go to "
            f"stage {option.next_stage_number}. No reason is needed. Escalate the case, giving {long_date(today)} "
            "as the date of the request.",
            {"requested_on": today.isoformat(), "stage": option.next_stage_number},
            today,
        )
    return request


def withdraw_complaint(*, case: Case, email: str, reason: str) -> Case:
    """The customer withdraws their complaint: the stage ends as withdrawn and the case closes (lifecycle)."""
    if not may_withdraw(case):
        raise AccountError("cannot_withdraw")
    with transaction.atomic():
        note = "Through their online account." + (f" Their reason: {reason.strip()}" if reason.strip() else "")
        case = lifecycle.withdraw(case=case, actor=None, note=note)
        CustomerRequest.objects.create(
            case=case,
            kind=CustomerRequest.Kind.WITHDRAWAL,
            text=reason.strip(),
            email=email,
            event=case.events.filter(kind=EventKind.CLOSED).order_by("-occurred_at", "-id").first(),
        )
    return case


def answer_survey(*, case: Case, handling_rating: str, kept_informed: str, comments: str) -> SatisfactionResponse:
    """The customer's one answer to the survey for this case; a second is refused."""
    if not survey_open(case):
        raise AccountError("not_closed")
    try:
        with transaction.atomic():
            return SatisfactionResponse.objects.create(
                case=case, handling_rating=handling_rating, kept_informed=kept_informed, comments=comments.strip()
            )
    except IntegrityError:
        raise AccountError("answered") from None
