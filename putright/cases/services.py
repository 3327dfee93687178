"""Changes to cases that are not status transitions: logging contacts, lead officers, contributions, calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import CallDirection, CallOutcome, Channel, EventKind, LinkKind
from putright.cases.lifecycle import CaseDetails, TransitionError, lock_case, open_case, save_case
from putright.cases.models import CallLog, Case, CaseLink, Contact, Contribution
from putright.organisation.models import Category, ServiceArea, User
from putright.people.models import Customer


@dataclass(frozen=True)
class CustomerDetails:
    last_name: str
    first_name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    preferred_contact_method: str = "email"
    address: str = ""
    postcode: str = ""
    ward: str = ""


def log_contact(
    *,
    channel: Channel,
    received_at: datetime,
    raw_text: str,
    actor: User | None,
    subject: str = "",
    customer: Customer | None = None,
    customer_details: CustomerDetails | None = None,
) -> Contact:
    """Record what came in, exactly as it came, with the customer (existing or new)."""
    if received_at > timezone.now():
        raise TransitionError("The date received must be today or in the past", "received_on")
    with transaction.atomic():
        if customer is None and customer_details is not None:
            customer = Customer.objects.create(**customer_details.__dict__)
        return Contact.objects.create(
            channel=channel,
            received_at=received_at,
            raw_text=raw_text,
            subject=subject,
            customer=customer,
            logged_by=actor,
        )


def log_case(
    *,
    channel: Channel,
    received_at: datetime,
    raw_text: str,
    actor: User | None,
    details: CaseDetails,
    customer: Customer | None = None,
    customer_details: CustomerDetails | None = None,
    contributing_services: Sequence[ServiceArea] = (),
    contribution_due: date | None = None,
) -> Case:
    """Log a contact and triage it into one case in one step (the usual path for phone, letter and email).

    `actor` is None for the public web form, where nobody signed in made the change.
    """
    with transaction.atomic():
        contact = log_contact(
            channel=channel,
            received_at=received_at,
            raw_text=raw_text,
            actor=actor,
            subject=details.title,
            customer=customer,
            customer_details=customer_details,
        )
        case = open_case(contact=contact, details=details, actor=actor)
        for service in contributing_services:
            if actor is None:
                raise TransitionError("Only a member of staff can ask another service to contribute", "services")
            if service.pk != details.service_area.pk:
                request_contribution(
                    case=case,
                    service_area=service,
                    actor=actor,
                    request_note="Contribution to the response.",
                    due_date=contribution_due or case.next_due_date or timezone.localdate(),
                )
    return case


def already_triaged(contact: Contact) -> str:
    """Why a contact cannot be triaged again (triage happens once; later changes are made on the cases)."""
    when = timezone.localtime(contact.triaged_at).strftime("%d %B %Y at %H:%M") if contact.triaged_at else ""
    return f"This contact was already triaged on {when}: it cannot be triaged again"


def triage_contact(
    *,
    contact: Contact,
    cases: Sequence[CaseDetails],
    actor: User,
) -> list[Case]:
    """Turn one contact into one or more cases (one per service or issue), all received when it was."""
    if not cases:
        raise TransitionError("Add at least one case, or record why the contact needs none", "kind")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.triaged_at is not None:
            raise TransitionError(already_triaged(locked))
        return [open_case(contact=locked, details=details, actor=actor) for details in cases]


def close_contact_without_case(*, contact: Contact, note: str, actor: User) -> Contact:
    if not note.strip():
        raise TransitionError(
            "Enter why this contact needs no case (for example, passed to the repairs team as a first-time request)",
            "note",
        )
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.triaged_at is not None:
            raise TransitionError(already_triaged(locked), "note")
        locked.triaged_at = timezone.now()
        locked.triage_note = note.strip()
        locked.save(update_fields=["triaged_at", "triage_note"])
    return locked


def assign_lead_officer(*, case: Case, officer: User, actor: User, expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = lock_case(case, expected_version)
        previous = case.lead_officer
        case.lead_officer = officer
        if (
            case.current_stage_id
            and case.current_stage
            and case.current_stage.handler_id in (None, getattr(previous, "pk", None))
        ):
            stage = case.current_stage
            if stage.number == 1 or stage.handler_id is None:
                stage.handler = officer
                stage.save(update_fields=["handler"])
        save_case(case, "lead_officer")
        events.record(
            case,
            EventKind.LEAD_OFFICER_CHANGED,
            f"Lead officer changed from {previous or 'nobody'} to {officer}.",
            actor=actor,
            data={"from": getattr(previous, "pk", None), "to": officer.pk},
            visible_to_customer=True,
        )
    return case


def update_definition(
    *, case: Case, definition: str, desired_outcome: str, actor: User, expected_version: int | None = None
) -> Case:
    if not definition.strip():
        raise TransitionError("Enter the complaint definition", "definition")
    with transaction.atomic():
        case = lock_case(case, expected_version)
        case.definition = definition.strip()
        case.desired_outcome = desired_outcome.strip()
        save_case(case, "definition", "desired_outcome")
        events.record(
            case,
            EventKind.DEFINITION_CHANGED,
            "Complaint definition updated.",
            actor=actor,
            data={"definition": case.definition, "desired_outcome": case.desired_outcome},
        )
    return case


def request_contribution(
    *,
    case: Case,
    service_area: ServiceArea,
    actor: User,
    request_note: str,
    due_date: date,
    requested_from: User | None = None,
) -> Contribution:
    """Ask a contributing service for its part of the response, by its own due date."""
    if not request_note.strip():
        raise TransitionError("Enter what the service needs to provide", "request_note")
    with transaction.atomic():
        contribution = Contribution.objects.create(
            case=case,
            service_area=service_area,
            requested_from=requested_from,
            request_note=request_note.strip(),
            due_date=due_date,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        events.record(
            case,
            EventKind.CONTRIBUTION_REQUESTED,
            f"Contribution requested from {service_area.name}, due {due_date:%d %B %Y}.",
            actor=actor,
            data={"service": service_area.name, "due": due_date.isoformat()},
        )
    return contribution


def record_contribution(*, contribution: Contribution, text: str, actor: User) -> Contribution:
    if not text.strip():
        raise TransitionError("Enter the contribution", "contribution")
    with transaction.atomic():
        contribution.contribution = text.strip()
        contribution.received_at = timezone.now()
        contribution.save(update_fields=["contribution", "received_at"])
        events.record(
            contribution.case,
            EventKind.CONTRIBUTION_RECEIVED,
            f"Contribution received from {contribution.service_area.name}.",
            actor=actor,
            data={"service": contribution.service_area.name},
        )
    return contribution


def log_call(
    *,
    case: Case,
    actor: User,
    direction: CallDirection,
    outcome: CallOutcome,
    occurred_at: datetime,
    notes: str,
) -> CallLog:
    """Record a call with the customer; the seeds' councils call the customer first, every time."""
    if occurred_at > timezone.now():
        raise TransitionError("The time of the call must be in the past", "occurred_on")
    if outcome == CallOutcome.SPOKE and not notes.strip():
        raise TransitionError("Enter what was said on the call", "notes")
    with transaction.atomic():
        call = CallLog.objects.create(
            case=case,
            direction=direction,
            outcome=outcome,
            occurred_at=occurred_at,
            notes=notes.strip(),
            logged_by=actor,
        )
        events.record(
            case,
            EventKind.CALL_LOGGED,
            f"{CallDirection(direction).label}: {CallOutcome(outcome).label.lower()}.",
            actor=actor,
            data={"direction": direction, "outcome": outcome, "notes": notes.strip()},
            occurred_at=occurred_at,
        )
    return call


def add_note(*, case: Case, actor: User, text: str) -> None:
    if not text.strip():
        raise TransitionError("Enter the note", "text")
    events.record(case, EventKind.NOTE_ADDED, text.strip(), actor=actor)


def link_cases(*, case: Case, other: Case, kind: LinkKind, actor: User) -> CaseLink:
    """Record that two cases are related or duplicates (merging and splitting go through the lifecycle)."""
    if kind not in (LinkKind.RELATED, LinkKind.DUPLICATE_OF):
        raise TransitionError("Use merge or split for those links", "kind")
    if case.pk == other.pk:
        raise TransitionError("A case cannot be linked to itself", "other")
    with transaction.atomic():
        link, created = CaseLink.objects.get_or_create(
            from_case=case, to_case=other, kind=kind, defaults={"created_by": actor}
        )
        if not created:
            raise TransitionError(
                f"{case.reference} is already recorded as {LinkKind(kind).label.lower()} {other.reference}", "other"
            )
        events.record(
            case,
            EventKind.LINKED,
            f"{LinkKind(kind).label} {other.reference}.",
            actor=actor,
            data={"other": other.reference, "kind": kind},
        )
        events.record(
            other,
            EventKind.LINKED,
            f"{case.reference} recorded as {LinkKind(kind).label.lower()} this case.",
            actor=actor,
            data={"other": case.reference, "kind": kind},
        )
    return link


def set_categories(*, case: Case, categories: Sequence[Category], actor: User) -> Case:
    """Record what the case is about, for reporting by category (the seeds' orange-bags example)."""
    with transaction.atomic():
        case.categories.set(categories)
        names = ", ".join(category.name for category in categories) or "none"
        events.record(
            case,
            EventKind.NOTE_ADDED,
            f"Categories: {names}.",
            actor=actor,
            data={"categories": [category.pk for category in categories]},
        )
    return case
