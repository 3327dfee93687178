"""Information rights requests (UK GDPR arts. 15-17): logged with the date the answer is due, and answered through the
same machinery as the retention schedule (`erasure.py`) and the subject access download (`subject_access.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.people.models import Customer
from putright.procedures.selectors import calendar_for
from putright.records.erasure import anonymise_customers_without_personal_cases, erase_case
from putright.records.models import Erasure, InformationRequest, LegalHold


def answer_due(received: date) -> date:
    """One month from receipt (art. 12(3)): the same day of the next month, or its last day where the month is
    shorter (31 January gives 28 or 29 February), moved to the next working day if it falls on a weekend or bank
    holiday (the ICO's reading)."""
    due = received + relativedelta(months=1)
    calendar = calendar_for(current_organisation())
    while not calendar.is_working_day(due):
        due += relativedelta(days=1)
    return due


def overdue_on(today: date) -> Q:
    """Not answered yet, and the day the answer was due has passed."""
    return Q(status=InformationRequest.Status.OPEN, due_on__lt=today)


def requests_for_list(today: date) -> QuerySet[InformationRequest]:
    """Every request, open ones first and soonest due first, each with `is_overdue` (`overdue_on`)."""
    return (
        InformationRequest.objects.select_related("customer")
        .annotate(is_overdue=ExpressionWrapper(overdue_on(today), output_field=BooleanField()))
        .order_by("status", "due_on")
    )


def log_request(
    *, kind: str, customer: Customer, received_on: date, details: str, actor: User, today: date
) -> InformationRequest:
    if received_on > today:
        raise RuleError("The date received cannot be in the future", "received_on")
    return InformationRequest.objects.create(
        kind=kind,
        customer=customer,
        received_on=received_on,
        due_on=answer_due(received_on),
        details=details.strip(),
        logged_by=actor,
    )


def _open(request: InformationRequest) -> InformationRequest:
    locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open:
        raise RuleError("This request has already been answered")
    return locked


def save_redactions(*, request: InformationRequest, terms: str, withheld: list[str]) -> InformationRequest:
    with transaction.atomic():
        request = _open(request)
        request.redact_terms = "\n".join(line.strip() for line in terms.splitlines() if line.strip())
        request.withheld = sorted(set(withheld))
        request.save(update_fields=["redact_terms", "withheld"])
    return request


def finish(*, request: InformationRequest, outcome: str, today: date, refused: bool = False) -> InformationRequest:
    if not outcome.strip():
        raise RuleError("Say what was done, or why the request is refused", "outcome")
    with transaction.atomic():
        request = _open(request)
        request.status = InformationRequest.Status.REFUSED if refused else InformationRequest.Status.DONE
        request.outcome, request.completed_on = outcome.strip(), today
        request.save(update_fields=["status", "outcome", "completed_on"])
    return request


@dataclass(frozen=True)
class ErasureOutcome:
    erased: list[str]
    customer_anonymised: bool


def erase_on_request(*, request: InformationRequest, now: datetime, today: date) -> ErasureOutcome:
    """Erase everything held about the person, if nothing still needs it: no case still being handled, and no legal
    hold. Otherwise refused with the reason, and nothing changes."""
    with transaction.atomic():
        request = _open(request)
        cases = list(Case.objects.select_for_update().filter(customer=request.customer).order_by("pk"))
        live = [case.reference for case in cases if case.is_active]
        if live:
            raise RuleError(f"Still being handled, so its record is needed: {', '.join(live)}")
        held = list(
            LegalHold.objects.filter(case__in=cases, lifted_at__isnull=True).values_list("case__reference", flat=True)
        )
        if held:
            raise RuleError(f"Under a legal hold: {', '.join(held)}")
        erased = []
        for case in cases:
            if not Erasure.objects.filter(case=case).exists():
                erase_case(
                    case, why=Erasure.Why.REQUEST, now=now, rule=f"erasure request received {request.received_on}"
                )
                erased.append(case.reference)
        anonymised = anonymise_customers_without_personal_cases({request.customer_id}, now) == 1
        request.status, request.completed_on = InformationRequest.Status.DONE, today
        request.outcome = (
            f"Personal data erased from {len(erased)} case(s): {', '.join(erased) or 'none'}; "
            f"{'the customer record anonymised' if anonymised else 'the customer record kept'}. The cases are kept "
            "as figures only."
        )
        request.save(update_fields=["status", "completed_on", "outcome"])
    return ErasureOutcome(erased, anonymised)


RECTIFIABLE = ("title", "first_name", "last_name", "email", "phone", "address", "postcode")


def rectify(*, request: InformationRequest, changes: dict[str, str], today: date) -> InformationRequest:
    """Correct the customer's record; what changed, from what to what, is the request's outcome."""
    with transaction.atomic():
        request = _open(request)
        customer = Customer.objects.select_for_update().get(pk=request.customer_id)
        changed = []
        for name in RECTIFIABLE:
            new = (changes.get(name) or "").strip()
            old = getattr(customer, name)
            if name in changes and new != old:
                setattr(customer, name, new)
                changed.append(f"{name.replace('_', ' ')}: '{old}' to '{new}'")
        if not changed:
            raise RuleError("Nothing was changed: correct at least one detail")
        if not customer.last_name:
            raise RuleError("Enter the last name", "last_name")
        customer.save()
        request.status, request.completed_on = InformationRequest.Status.DONE, today
        request.outcome = "Corrected: " + "; ".join(changed)
        request.save(update_fields=["status", "completed_on", "outcome"])
    return request
