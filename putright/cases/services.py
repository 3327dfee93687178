"""Changes to cases that are not status transitions: logging contacts, lead officers, contributions, calls."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from putright.cases import events, lifecycle, selectors
from putright.cases.access import can_see
from putright.cases.choices import (
    CallDirection,
    CallOutcome,
    Channel,
    EventKind,
    LinkKind,
    RemedyType,
    StageStatus,
    TimeLimitDecision,
)
from putright.cases.lifecycle import CaseDetails, RemedyDetails, hand_stage_to, lock_case, open_case, save_case
from putright.cases.models import CallLog, Case, CaseLink, Contact, Contribution, LateComplaintDecision, Remedy, Stage
from putright.core import signals
from putright.core.errors import TransitionError
from putright.core.inserts import insert
from putright.core.text import long_date
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
    preferred_language: str = "en"
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
    triaged: bool = False,
) -> Contact:
    """Record what came in, exactly as it came, with the customer (existing or new).

    `triaged`: the contact is triaged into its case in the same step (`log_case`), so it is written as triaged."""
    if received_at > timezone.now():
        raise TransitionError("The date received must be today or in the past", "received_on")
    # No savepoint inside a caller's transaction (`log_case`'s): a failure rolls back the caller's change whole.
    with transaction.atomic(savepoint=False):
        if customer is None and customer_details is not None:
            customer = insert(Customer(**customer_details.__dict__))
        return insert(
            Contact(
                channel=channel,
                received_at=received_at,
                raw_text=raw_text,
                subject=subject,
                customer=customer,
                logged_by=actor,
                triaged_at=timezone.now() if triaged else None,
            )
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
    subject: str = "",
    savepoint: bool = True,
) -> Case:
    """Log a contact and triage it into one case in one step (the usual path for phone, letter and email).

    `actor` is None for the public web form, where nobody signed in made the change. The contact keeps the
    `subject` it came with; without one, the case's title stands for it. `savepoint=False` for a caller whose own
    transaction is rolled back whole by any error from here (it catches none inside that transaction).
    """
    with transaction.atomic(savepoint=savepoint):
        contact = log_contact(
            channel=channel,
            received_at=received_at,
            raw_text=raw_text,
            actor=actor,
            subject=subject or details.title,
            customer=customer,
            customer_details=customer_details,
            triaged=True,
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
                hand_stage_to(case, stage, officer)
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


# Published (core.signals) when a contribution is asked for, inside its transaction.
CONTRIBUTION_REQUESTED = "contribution.requested"
CONTRIBUTION_RECEIVED = "contribution.received"


def request_contribution(
    *,
    case: Case,
    service_area: ServiceArea,
    actor: User,
    request_note: str,
    due_date: date,
    requested_from: User | None = None,
) -> Contribution:
    """Ask a contributing service for its part of the response, by its own due date; the officer asked (or the
    service) is emailed, and sees it in their contributions until it is recorded."""
    if not request_note.strip():
        raise TransitionError("Enter what the service needs to provide", "request_note")
    if due_date < timezone.localdate():
        raise TransitionError("The date it is needed by must be today or in the future", "due_date")
    if requested_from is not None and not can_see(requested_from, case):
        raise TransitionError(
            f"{requested_from} cannot open {case.reference}, which is restricted. Ask someone in "
            f"{case.service_area.name} or the statutory complaints manager",
            "requested_from",
        )
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
            f"Contribution requested from {service_area.name}"
            f"{f' ({requested_from})' if requested_from else ''}, due {long_date(due_date)}.",
            actor=actor,
            data={
                "service": service_area.name,
                "due": due_date.isoformat(),
                "requested_from": requested_from.pk if requested_from else None,
            },
        )
        # Notifications emails the officer asked (subscribed in its AppConfig.ready()).
        signals.publish(CONTRIBUTION_REQUESTED, contribution, to_any=False)
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
        # Notifications tells the officer answering for the case (subscribed in its AppConfig.ready()).
        signals.publish(CONTRIBUTION_RECEIVED, (contribution, actor), to_any=False)
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


def record_matter_date(
    *,
    case: Case,
    actor: User,
    matter_date: date,
    decision: TimeLimitDecision | None = None,
    reasons: str = "",
    signposted_to_ombudsman: bool = False,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record when the matter happened (or came to the customer's notice, if later) and, for a complaint made
    after its procedure's time limit, the decision to accept or refuse it with the reasons.

    Refusing declines the complaint, so the customer is told why and that they may ask the ombudsman.
    Accepting a late complaint is always possible. See docs/rules-deadlines.md, "Time limits to complain".
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        case = lock_case(case, expected_version)
        received = timezone.localtime(case.received_at).date()
        if matter_date > today:
            raise TransitionError("The date of the matter must be today or in the past", "matter_date")
        if matter_date > received:
            raise TransitionError(
                f"The date of the matter must be on or before the day the complaint was made ({long_date(received)})",
                "matter_date",
            )
        case.matter_date = matter_date
        limit = selectors.time_limit(case)
        if limit is None or not limit.is_late:
            LateComplaintDecision.objects.filter(case=case).delete()
            summary = f"The matter happened, or came to the customer's notice, on {long_date(matter_date)}."
            if limit is not None:
                summary += f" The complaint was made within the {limit.months}-month time limit."
            save_case(case, "matter_date")
            lifecycle.refresh_escalation_window(case)
            events.record(
                case,
                EventKind.TIME_LIMIT_DECISION,
                summary,
                actor=actor,
                data={"matter_date": matter_date.isoformat(), "late": False},
            )
            return case
        if decision is None:
            raise TransitionError(
                f"The complaint was made after the {limit.months}-month time limit, which ended on "
                f"{long_date(limit.ends_on)}. Decide whether to accept it",
                "decision",
            )
        if not reasons.strip():
            raise TransitionError("Enter the reasons for the decision", "reasons")
        save_case(case, "matter_date")
        LateComplaintDecision.objects.update_or_create(
            case=case,
            defaults={
                "decision": decision,
                "reasons": reasons.strip(),
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        lifecycle.refresh_escalation_window(case)
        verb = "accepted" if decision == TimeLimitDecision.ACCEPTED else "refused"
        events.record(
            case,
            EventKind.TIME_LIMIT_DECISION,
            f"Made after the {limit.months}-month time limit (it ended on {long_date(limit.ends_on)}; the matter: "
            f"{long_date(matter_date)}); {verb}: {reasons.strip()}",
            actor=actor,
            data={
                "matter_date": matter_date.isoformat(),
                "late": True,
                "ends_on": limit.ends_on.isoformat(),
                "decision": decision,
                "reasons": reasons.strip(),
            },
        )
        if decision == TimeLimitDecision.REFUSED:
            case = lifecycle.decline(
                case=case,
                actor=actor,
                reason=f"The complaint was made after the {limit.months}-month time limit: {reasons.strip()}",
                signposted_to_ombudsman=signposted_to_ombudsman,
            )
    return case


def record_independent_person(*, case: Case, actor: User, name: str, expected_version: int | None = None) -> Case:
    """Name the Independent Person of the current stage (children's social care stage 2, SI 2006/1738 reg 17)."""
    if not name.strip():
        raise TransitionError("Enter the independent person's name", "name")
    with transaction.atomic():
        case = lock_case(case, expected_version)
        stage = _current_open_stage(case)
        stage.independent_person = name.strip()
        stage.save(update_fields=["independent_person"])
        save_case(case)
        events.record(
            case,
            EventKind.NOTE_ADDED,
            f"Independent person for stage {stage.number}: {stage.independent_person}.",
            actor=actor,
            data={"stage": stage.number, "independent_person": stage.independent_person},
        )
    return case


def record_review_panel(
    *,
    case: Case,
    actor: User,
    members: Sequence[str],
    met_on: date | None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record the review panel (three independent people; the stage 2 independent person may not sit) and the day
    it met, for a stage whose procedure convenes one (children's social care stage 3, SI 2006/1738 reg 19)."""
    today = today or timezone.localdate()
    names = [name.strip() for name in members if name.strip()]
    with transaction.atomic():
        case = lock_case(case, expected_version)
        stage = _current_open_stage(case)
        if stage.panel_meeting_due_date is None:
            raise TransitionError(f"Stage {stage.number} has no review panel under its procedure", "members")
        if len(names) != 3:
            raise TransitionError("Enter the three members of the panel, one a line", "members")
        earlier = {
            person.casefold()
            for person in case.stages.exclude(pk=stage.pk).values_list("independent_person", flat=True)
            if person
        }
        for name in names:
            if name.casefold() in earlier:
                raise TransitionError(
                    f"{name} was the independent person at an earlier stage and cannot sit on the panel", "members"
                )
        if met_on is not None:
            if met_on > today:
                raise TransitionError("The date the panel met must be today or in the past", "met_on")
            if met_on < stage.received_date:
                raise TransitionError(
                    f"The panel cannot have met before the request ({long_date(stage.received_date)})", "met_on"
                )
        stage.panel_members = "\n".join(names)
        stage.panel_met_on = met_on
        stage.save(update_fields=["panel_members", "panel_met_on"])
        save_case(case)
        when = ""
        if met_on is not None:
            late = met_on > stage.panel_meeting_due_date
            when = (
                f" It met on {long_date(met_on)}"
                f" ({'late: ' if late else ''}due by {long_date(stage.panel_meeting_due_date)})."
            )
        events.record(
            case,
            EventKind.NOTE_ADDED,
            f"Review panel: {', '.join(names)}.{when}",
            actor=actor,
            data={"stage": stage.number, "members": names, "met_on": met_on.isoformat() if met_on else None},
        )
    return case


def _current_open_stage(case: Case) -> Stage:
    if case.current_stage_id is None:
        raise TransitionError(f"{case.reference} has no procedure stage")
    return Stage.objects.select_related("rule").get(pk=case.current_stage_id)


# --- remedies (Code 7.3: what the response promised, followed through to completion) ---------------------------


def add_remedy(
    *,
    case: Case,
    actor: User,
    remedy_type: RemedyType,
    description: str,
    owner: User | None,
    due_date: date | None,
    amount: Decimal | None = None,
) -> Remedy:
    """Add a remedy to the latest answered stage: a response may offer several, each with its owner and date."""
    lifecycle.check_remedy(case, RemedyDetails(remedy_type, description, amount=amount, due_date=due_date, owner=owner))
    answered = case.stages.filter(responded_date__isnull=False).exclude(status=StageStatus.OPEN)
    stage = answered.order_by("-number").first()
    if stage is None:
        raise TransitionError("Record the stage response first: remedies are what a response offers")
    with transaction.atomic():
        remedy = Remedy.objects.create(
            stage=stage,
            remedy_type=remedy_type,
            description=description.strip(),
            amount=amount,
            owner=owner,
            due_date=due_date,
        )
        due = f", by {long_date(due_date)}" if due_date else ""
        # The customer sees what more will be done to put things right; who does it stays with staff (data).
        events.record(
            case,
            EventKind.REMEDY_ADDED,
            f"To put things right after stage {stage.number}: {remedy.get_remedy_type_display()}: "
            f"{remedy.description}{due}.",
            actor=actor,
            data={"remedy": remedy.pk, "stage": stage.number, "owner": owner.pk if owner else None},
            visible_to_customer=True,
        )
        if owner is not None:
            signals.publish(lifecycle.REMEDY_ASSIGNED, remedy, to_any=False)  # notifications tells the owner
    return remedy


def complete_remedy(*, remedy: Remedy, actor: User, completed_on: date, evidence: str) -> Remedy:
    """Record that a remedy was carried out, on which day and with what evidence."""
    if not evidence.strip():
        raise TransitionError("Enter the evidence that it was done (for example, the payment reference)", "evidence")
    if completed_on > timezone.localdate():
        raise TransitionError("The date it was done must be today or in the past", "completed_on")
    with transaction.atomic():
        locked = Remedy.objects.select_for_update().select_related("stage__case").get(pk=remedy.pk)
        if locked.completed_date is not None:
            raise TransitionError(f"This remedy was recorded as done on {long_date(locked.completed_date)}")
        locked.completed_date = completed_on
        locked.evidence = evidence.strip()
        locked.completed_by = actor
        locked.save(update_fields=["completed_date", "evidence", "completed_by"])
        late = locked.due_date is not None and completed_on > locked.due_date
        events.record(
            locked.stage.case,
            EventKind.REMEDY_DONE,
            f"Remedy carried out on {long_date(completed_on)}{' (late)' if late else ''}: "
            f"{locked.get_remedy_type_display()}: {locked.description}. Evidence: {evidence.strip()}",
            actor=actor,
            data={"remedy": locked.pk, "completed_on": completed_on.isoformat(), "late": late},
        )
    return locked


def send_progress_update(*, case: Case, actor: User, update: str) -> Case:
    """Tell the customer how their complaint is going, in the officer's words: a letter or email from the
    'progress update' template, and a line on the customer's own timeline. It also restarts the no-contact count."""
    if not update.strip():
        raise TransitionError("Enter the update for the customer", "update")
    if re.search(r"\[[^\]]*\]", update):
        raise TransitionError(
            "Replace the parts in square brackets with what has happened and what happens next", "update"
        )
    if not case.is_complaint:
        # Only complaints have the Code's letters; other kinds are answered by the officer directly.
        raise TransitionError(
            f"Progress update letters are for complaints; this is a {case.get_kind_display().lower()}. "
            "Log a call or reply to the customer directly"
        )
    if case.customer_id is None:
        raise TransitionError("This case has no customer recorded to send an update to")
    if not case.is_active:
        raise TransitionError(f"{case.reference} is {case.get_status_display().lower()}: there is nothing to update")
    events.record(
        case,
        EventKind.PROGRESS_UPDATE,
        update.strip(),
        actor=actor,
        data={"update": update.strip()},
        visible_to_customer=True,
    )
    return case
