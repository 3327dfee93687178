"""The only code that changes a case's status.

Each function locks the case, checks the transition against TRANSITIONS, changes the rows, and writes the
timeline event in the same transaction. A stale `expected_version` (another officer changed the case after
this one opened it) raises ConflictError and saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import (
    KINDS_WITHOUT_PROCEDURE,
    OPEN_STATUSES,
    CaseKind,
    CaseStatus,
    EventKind,
    LinkKind,
    Outcome,
    RemedyType,
    StageStatus,
)
from putright.cases.models import Case, CaseLink, Contact, Extension, ReferenceSequence, Remedy, Stage
from putright.organisation.models import Category, Organisation, PostcodeWard, ServiceArea, Team, User
from putright.organisation.selectors import current_organisation
from putright.people.models import normalise_postcode
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.choices import DurationUnit
from putright.procedures.deadlines import (
    ExtensionData,
    StageDeadlines,
    escalation_closes_on,
    extension_working_days,
    stage_deadlines,
)
from putright.procedures.models import ProcedureVersion, StageRule
from putright.procedures.selectors import calendar_for, stage_rule


class TransitionError(Exception):
    """A change that is not allowed; the message says why, in words an officer understands."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(TransitionError):
    """Someone else changed the case after this officer opened it."""


S = CaseStatus
# What each action may start from. Read across: "acknowledge" is allowed when the case is received or escalated.
TRANSITIONS: dict[str, frozenset[CaseStatus]] = {
    "acknowledge": frozenset({S.RECEIVED, S.ESCALATED}),
    "start_investigation": frozenset({S.ACKNOWLEDGED}),
    "respond": frozenset({S.RECEIVED, S.ESCALATED, S.ACKNOWLEDGED, S.INVESTIGATING}),
    "extend": frozenset({S.RECEIVED, S.ESCALATED, S.ACKNOWLEDGED, S.INVESTIGATING}),
    "escalate": frozenset({S.RESPONDED}),
    "close": frozenset({S.RESPONDED}),
    "decline": frozenset({S.RECEIVED, S.ESCALATED, S.ACKNOWLEDGED, S.INVESTIGATING}),
    "withdraw": frozenset({S.RECEIVED, S.ESCALATED, S.ACKNOWLEDGED, S.INVESTIGATING, S.RESPONDED}),
    "reopen": frozenset({S.CLOSED, S.DECLINED}),
    "merge": frozenset({S.RECEIVED, S.ESCALATED, S.ACKNOWLEDGED, S.INVESTIGATING, S.RESPONDED}),
    "split": frozenset({S.RECEIVED, S.ESCALATED, S.ACKNOWLEDGED, S.INVESTIGATING}),
}
# Comments and compliments have no procedure: they are recorded, perhaps acknowledged, and closed.
TRANSITIONS_WITHOUT_PROCEDURE: dict[str, frozenset[CaseStatus]] = {
    "acknowledge": frozenset({S.RECEIVED}),
    "close": frozenset({S.RECEIVED, S.ACKNOWLEDGED}),
    "reopen": frozenset({S.CLOSED}),
    "merge": frozenset({S.RECEIVED, S.ACKNOWLEDGED}),
}

ACTION_NAMES = {
    "acknowledge": "acknowledged",
    "start_investigation": "moved to investigation",
    "respond": "given a response",
    "extend": "extended",
    "escalate": "escalated",
    "close": "closed",
    "decline": "declined",
    "withdraw": "withdrawn",
    "reopen": "reopened",
    "merge": "merged",
    "split": "split",
}


def allowed_actions(case: Case) -> list[str]:
    """The actions the case's status allows now (the case page offers only these)."""
    table = TRANSITIONS if case.procedure_version_id else TRANSITIONS_WITHOUT_PROCEDURE
    return [action for action, sources in table.items() if case.status in sources]


def _check(case: Case, action: str) -> None:
    table = TRANSITIONS if case.procedure_version_id else TRANSITIONS_WITHOUT_PROCEDURE
    sources = table.get(action)
    if sources is None:
        raise TransitionError(
            f"A {case.get_kind_display().lower()} without a procedure cannot be {ACTION_NAMES[action]}."
        )
    if case.status not in sources:
        allowed = ", ".join(sorted(CaseStatus(s).label.lower() for s in sources))
        raise TransitionError(
            f"{case.reference} is {case.get_status_display().lower()}, so it cannot be {ACTION_NAMES[action]}. "
            f"That is possible only when it is {allowed}."
        )


def lock_case(case: Case, expected_version: int | None) -> Case:
    """Re-read the case under a row lock; refuse if someone changed it since the officer opened it."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins select_related adds.
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("procedure_version", "current_stage")
        .get(pk=case.pk)
    )
    if expected_version is not None and locked.lock_version != expected_version:
        last = locked.events.select_related("actor").first()
        who = f" by {last.actor}" if last and last.actor else ""
        when = f" at {timezone.localtime(last.occurred_at):%H:%M on %d %B}" if last else ""
        what = f" ({last.summary})" if last else ""
        raise ConflictError(
            f"{locked.reference} was changed{who}{when}{what} after you opened it. Nothing you entered has been "
            "saved: read the case again, then repeat your change if it is still needed."
        )
    return locked


def save_case(case: Case, *fields: str) -> None:
    case.lock_version = F("lock_version") + 1
    case.save(update_fields=[*fields, "lock_version", "updated_at"])
    case.refresh_from_db(fields=["lock_version"])


def _today(on: date | None) -> date:
    return on or timezone.localdate()


def _not_future(day: date, today: date, what: str, field: str) -> None:
    if day > today:
        raise TransitionError(f"{what} must be today or in the past", field)


# --- deadlines -------------------------------------------------------------------------------------------


def compute_deadlines(stage: Stage) -> StageDeadlines:
    """The stage's deadlines with their explanation, from its rule, dates and extensions."""
    version = stage.rule.version
    calendar = calendar_for(current_organisation(), version)
    extensions = [
        ExtensionData(
            new_due_date=ext.new_due_date,
            reason=ext.reason,
            agreed_with_customer=ext.agreed_with_customer,
            granted_on=timezone.localtime(ext.granted_at).date(),
        )
        for ext in stage.extensions.all()
    ]
    return stage_deadlines(
        stage.rule.as_rule(),
        received=stage.received_date,
        acknowledged=stage.acknowledged_date,
        calendar=calendar,
        extensions=extensions,
    )


def _apply_deadlines(stage: Stage) -> None:
    deadlines = compute_deadlines(stage)
    stage.acknowledge_due_date = deadlines.acknowledge_by.due_date if deadlines.acknowledge_by else None
    stage.original_response_due_date = deadlines.original_respond_by
    stage.response_due_date = deadlines.respond_by.due_date
    stage.due_explanation = deadlines.explanation


def _refresh_next_due(case: Case, stage: Stage | None) -> None:
    """Keep the denormalised 'what is due next' that queues sort by."""
    if stage is None or stage.status != StageStatus.OPEN or case.status not in OPEN_STATUSES:
        case.next_due_date = None
        case.next_due_label = ""
    elif stage.acknowledged_date is None and stage.acknowledge_due_date is not None:
        case.next_due_date = stage.acknowledge_due_date
        case.next_due_label = f"Stage {stage.number} acknowledgement"
    else:
        case.next_due_date = stage.response_due_date
        case.next_due_label = f"Stage {stage.number} response"


def _open_stage(case: Case, rule: StageRule, *, received: date, handler: User | None, definition: str) -> Stage:
    stage = Stage(
        case=case, number=rule.number, rule=rule, handler=handler, received_date=received, definition=definition
    )
    stage.rule = rule
    deadlines = stage_deadlines(
        rule.as_rule(),
        received=received,
        acknowledged=None,
        calendar=calendar_for(current_organisation(), rule.version),
    )
    stage.acknowledge_due_date = deadlines.acknowledge_by.due_date if deadlines.acknowledge_by else None
    stage.original_response_due_date = deadlines.original_respond_by
    stage.response_due_date = deadlines.respond_by.due_date
    stage.due_explanation = deadlines.explanation
    stage.save()
    return stage


# --- references ------------------------------------------------------------------------------------------


def next_reference(year: int) -> str:
    """A new case reference such as PR-2026-00042: unique under concurrent creation and never reused."""
    return next_references(year, 1)[0]


def next_references(year: int, count: int) -> list[str]:
    """`count` new case references of `year`, in order (an import numbers a batch of old cases at once).

    The counter row is incremented with an UPDATE, which takes the row lock until the transaction ends.
    """
    if count < 1:
        return []
    with transaction.atomic():
        updated = ReferenceSequence.objects.filter(year=year).update(last_number=F("last_number") + count)
        if not updated:
            try:
                with transaction.atomic():
                    ReferenceSequence.objects.create(year=year, last_number=count)
            except IntegrityError:  # another request created this year's row first
                ReferenceSequence.objects.filter(year=year).update(last_number=F("last_number") + count)
        last = ReferenceSequence.objects.get(year=year).last_number
    return [f"PR-{year}-{number:05d}" for number in range(last - count + 1, last + 1)]


# --- opening a case ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDetails:
    """What triage decides about one case made from a contact."""

    kind: CaseKind
    kind_reason: str
    service_area: ServiceArea
    title: str
    description: str
    procedure_version: ProcedureVersion | None = None
    desired_outcome: str = ""
    definition: str = ""
    lead_officer: User | None = None
    team: Team | None = None
    categories: Sequence[Category] = ()
    postcode: str = ""
    ward: str = ""
    raised_by: User | None = None


def open_case(
    *, contact: Contact, details: CaseDetails, actor: User | None, received_at: datetime | None = None
) -> Case:
    """Create a case from a contact, with stage 1 open and its clock running from the day of receipt."""
    if details.kind not in KINDS_WITHOUT_PROCEDURE and details.procedure_version is None:
        raise TransitionError(f"Choose the procedure for this {details.kind.label.lower()}", "procedure")
    received_at = received_at or contact.received_at
    postcode = normalise_postcode(details.postcode) or (contact.customer.postcode if contact.customer else "")
    ward = details.ward or (contact.customer.ward if contact.customer else "")
    if not ward and postcode:
        # Neither the officer nor the customer's record says: the council's postcode-to-ward list may.
        ward = (
            PostcodeWard.objects.filter(postcode=normalise_postcode(postcode)).values_list("ward", flat=True).first()
            or ""
        )
    with transaction.atomic():
        local_received = timezone.localtime(received_at)
        case = Case.objects.create(
            reference=next_reference(local_received.year),
            kind=details.kind,
            kind_reason=details.kind_reason,
            contact=contact,
            customer=contact.customer,
            raised_by=details.raised_by,
            procedure_version=details.procedure_version if details.kind not in KINDS_WITHOUT_PROCEDURE else None,
            service_area=details.service_area,
            team=details.team,
            title=details.title,
            description=details.description,
            desired_outcome=details.desired_outcome,
            definition=details.definition,
            lead_officer=details.lead_officer,
            is_restricted=details.service_area.is_restricted,
            postcode=postcode,
            ward=ward,
            received_at=received_at,
            created_by=actor,
        )
        if details.categories:
            case.categories.set(details.categories)
        stage = None
        if case.procedure_version is not None:
            rule = stage_rule(case.procedure_version, 1)
            stage = _open_stage(
                case, rule, received=local_received.date(), handler=details.lead_officer, definition=details.definition
            )
            case.current_stage = stage
        _refresh_next_due(case, stage)
        case.save(update_fields=["current_stage", "next_due_date", "next_due_label"])
        if contact.triaged_at is None:
            Contact.objects.filter(pk=contact.pk).update(triaged_at=timezone.now())
        procedure = case.procedure_version.procedure.name if case.procedure_version else "no procedure"
        events.record(
            case,
            EventKind.LOGGED,
            f"{case.get_kind_display()} logged from a {contact.get_channel_display().lower()} contact, "
            f"under {procedure}.",
            actor=actor,
            data={
                "kind": case.kind,
                "reason": details.kind_reason,
                "channel": contact.channel,
                "procedure": procedure,
                "service": details.service_area.name,
            },
            visible_to_customer=True,
            occurred_at=max(received_at, contact.received_at),
        )
        if details.lead_officer:
            events.record(
                case,
                EventKind.LEAD_OFFICER_CHANGED,
                f"Lead officer: {details.lead_officer}.",
                actor=actor,
                data={"lead_officer": details.lead_officer.pk},
                visible_to_customer=True,
            )
    return case


# --- stage transitions -------------------------------------------------------------------------------------


def _current_stage(case: Case) -> Stage:
    if case.current_stage_id is None:
        raise TransitionError(f"{case.reference} has no procedure stage to act on.")
    stage = Stage.objects.select_related("rule__version__procedure", "handler").get(pk=case.current_stage_id)
    case.current_stage = stage  # the returned case shows the stage as changed
    return stage


def acknowledge(
    *,
    case: Case,
    actor: User,
    definition: str,
    desired_outcome: str | None = None,
    acknowledged_on: date | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record the acknowledgement and the complaint definition (Code 5.6, 6.2, 6.11); re-time the response."""
    today = _today(today)
    acknowledged_on = acknowledged_on or today
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "acknowledge")
        if case.is_complaint and not definition.strip():
            raise TransitionError(
                "Enter the complaint definition: what the complaint is about and what the customer wants done",
                "definition",
            )
        _not_future(acknowledged_on, today, "The acknowledgement date", "acknowledged_on")
        case.definition = definition.strip() or case.definition
        if desired_outcome is not None and desired_outcome.strip():
            case.desired_outcome = desired_outcome.strip()
        case.status = CaseStatus.ACKNOWLEDGED
        summary = "Acknowledged."
        if case.current_stage_id:
            stage = _current_stage(case)
            if acknowledged_on < stage.received_date:
                raise TransitionError(
                    "The acknowledgement date cannot be before the stage was received "
                    f"({stage.received_date:%d %B %Y})",
                    "acknowledged_on",
                )
            stage.acknowledged_date = acknowledged_on
            stage.definition = case.definition
            _apply_deadlines(stage)
            stage.save(
                update_fields=[
                    "acknowledged_date",
                    "definition",
                    "acknowledge_due_date",
                    "original_response_due_date",
                    "response_due_date",
                    "due_explanation",
                ]
            )
            late = stage.acknowledge_due_date is not None and acknowledged_on > stage.acknowledge_due_date
            summary = (
                f"Stage {stage.number} acknowledged on {acknowledged_on:%d %B %Y}"
                f"{' (late)' if late else ''}; response due {stage.response_due_date:%d %B %Y}."
            )
            _refresh_next_due(case, stage)
        else:
            _refresh_next_due(case, None)
        save_case(case, "definition", "desired_outcome", "status", "next_due_date", "next_due_label")
        events.record(
            case,
            EventKind.ACKNOWLEDGED,
            summary,
            actor=actor,
            data={"definition": case.definition, "acknowledged_on": acknowledged_on.isoformat()},
            visible_to_customer=True,
        )
    return case


def start_investigation(*, case: Case, actor: User, expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "start_investigation")
        case.status = CaseStatus.INVESTIGATING
        save_case(case, "status")
        events.record(
            case, EventKind.INVESTIGATION_STARTED, "Investigation started.", actor=actor, visible_to_customer=True
        )
    return case


@dataclass(frozen=True)
class RemedyDetails:
    remedy_type: RemedyType
    description: str
    amount: Decimal | None = None
    due_date: date | None = None


def escalation_closes_for(
    rule: StageRule, *, responded: date, organisation: Organisation, calendar: WorkingCalendar
) -> date | None:
    """The last day the customer may ask for the next stage after a response on `responded`."""
    window_amount = rule.escalation_window_amount
    window_unit = rule.escalation_window_unit
    if window_amount is None:
        window_amount = organisation.escalation_window_days
        window_unit = DurationUnit.CALENDAR_DAYS
    return escalation_closes_on(
        amount=window_amount, unit=DurationUnit(window_unit), responded=responded, calendar=calendar
    )


def respond(
    *,
    case: Case,
    actor: User,
    outcome: Outcome,
    reasons: str,
    remedies: Sequence[RemedyDetails] = (),
    outstanding_actions: str = "",
    responded_on: date | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record the stage response: decision, reasons, remedies and outstanding actions (Code 6.6-6.8)."""
    today = _today(today)
    responded_on = responded_on or today
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "respond")
        if not reasons.strip():
            raise TransitionError("Enter the reasons for the decision", "reasons")
        _not_future(responded_on, today, "The response date", "responded_on")
        stage = _current_stage(case)
        if responded_on < stage.received_date:
            raise TransitionError(
                f"The response date cannot be before the stage was received ({stage.received_date:%d %B %Y})",
                "responded_on",
            )
        for remedy in remedies:
            if remedy.remedy_type == RemedyType.FINANCIAL and remedy.amount is None:
                raise TransitionError("Enter the amount of the financial remedy", "remedies")
        stage.status = StageStatus.RESPONDED
        stage.responded_date = responded_on
        stage.outcome = outcome
        stage.outcome_reasons = reasons.strip()
        stage.outstanding_actions = outstanding_actions.strip()
        has_next = stage.rule.version.stages.filter(number=stage.number + 1).exists()
        stage.escalation_closes_date = (
            escalation_closes_for(
                stage.rule,
                responded=responded_on,
                organisation=current_organisation(),
                calendar=calendar_for(current_organisation(), stage.rule.version),
            )
            if has_next
            else None
        )
        stage.save(
            update_fields=[
                "status",
                "responded_date",
                "outcome",
                "outcome_reasons",
                "outstanding_actions",
                "escalation_closes_date",
            ]
        )
        Remedy.objects.bulk_create(
            Remedy(
                stage=stage, remedy_type=r.remedy_type, description=r.description, amount=r.amount, due_date=r.due_date
            )
            for r in remedies
        )
        case.status = CaseStatus.RESPONDED
        _refresh_next_due(case, stage)
        save_case(case, "status", "next_due_date", "next_due_label")
        on_time = responded_on <= stage.response_due_date
        events.record(
            case,
            EventKind.RESPONDED,
            f"Stage {stage.number} response: {Outcome(outcome).label.lower()}"
            f" ({'on time' if on_time else 'late'}, due {stage.response_due_date:%d %B %Y}).",
            actor=actor,
            visible_to_customer=True,
            data={
                "stage": stage.number,
                "outcome": outcome,
                "responded_on": responded_on.isoformat(),
                "on_time": on_time,
                "remedies": [r.remedy_type for r in remedies],
            },
        )
    return case


def extend(
    *,
    case: Case,
    actor: User,
    new_due_date: date,
    reason: str,
    agreed_with_customer: bool,
    good_reason: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Move the response date (Code 6.4): beyond the procedure's cap only with a recorded good reason."""
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "extend")
        if not reason.strip():
            raise TransitionError("Enter the reason for the extension", "reason")
        stage = _current_stage(case)
        if new_due_date <= stage.response_due_date:
            raise TransitionError(
                f"The new date must be after the current response date ({stage.response_due_date:%d %B %Y})",
                "new_due_date",
            )
        calendar = calendar_for(current_organisation(), stage.rule.version)
        beyond = extension_working_days(calendar, stage.original_response_due_date, new_due_date)
        cap = stage.rule.max_extension_working_days
        if cap is not None and beyond > cap and not good_reason.strip():
            raise TransitionError(
                f"The new date is {beyond} working days after the original response date; "
                f"{stage.rule.version.procedure.name} allows {cap} without a good reason. "
                "Record the good reason, or choose an earlier date",
                "good_reason",
            )
        previous = stage.response_due_date
        Extension.objects.create(
            stage=stage,
            previous_due_date=previous,
            new_due_date=new_due_date,
            working_days_beyond_original=beyond,
            reason=reason.strip(),
            agreed_with_customer=agreed_with_customer,
            good_reason=good_reason.strip(),
            granted_by=actor,
            granted_at=timezone.now(),
        )
        _apply_deadlines(stage)
        stage.save(
            update_fields=["response_due_date", "due_explanation", "original_response_due_date", "acknowledge_due_date"]
        )
        _refresh_next_due(case, stage)
        save_case(case, "next_due_date", "next_due_label")
        events.record(
            case,
            EventKind.EXTENDED,
            f"Stage {stage.number} response date moved from {previous:%d %B %Y} to {new_due_date:%d %B %Y} "
            f"({'agreed with' if agreed_with_customer else 'not agreed with'} the customer): {reason.strip()}",
            actor=actor,
            visible_to_customer=True,
            data={
                "previous": previous.isoformat(),
                "new": new_due_date.isoformat(),
                "beyond_original": beyond,
                "agreed": agreed_with_customer,
                "good_reason": good_reason.strip(),
            },
        )
    return case


def escalate(
    *,
    case: Case,
    actor: User,
    requested_on: date,
    handler: User,
    customer_reason: str = "",
    late_acceptance_reason: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Open the next stage at the customer's request. No reason is required from the customer (Code 6.12);
    the next stage's handler must not be the person who handled the earlier stage (Code 6.13)."""
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "escalate")
        _not_future(requested_on, today, "The date of the request", "requested_on")
        stage = _current_stage(case)
        next_rule = stage.rule.version.stages.filter(number=stage.number + 1).first()
        if next_rule is None:
            ombudsman = stage.rule.version.procedure.get_ombudsman_display()
            raise TransitionError(
                f"Stage {stage.number} is the final stage of {stage.rule.version.procedure.name}. The customer can "
                f"take the complaint to the {ombudsman}."
            )
        if stage.responded_date and requested_on < stage.responded_date:
            raise TransitionError(
                f"The request cannot be dated before the stage response ({stage.responded_date:%d %B %Y})",
                "requested_on",
            )
        if (
            stage.escalation_closes_date
            and requested_on > stage.escalation_closes_date
            and not late_acceptance_reason.strip()
        ):
            raise TransitionError(
                f"The customer could ask for stage {next_rule.number} until {stage.escalation_closes_date:%d %B %Y}. "
                "To accept a late request, record why",
                "late_acceptance_reason",
            )
        earlier_handlers = set(case.stages.exclude(handler=None).values_list("handler_id", flat=True))
        if handler.pk in earlier_handlers:
            raise TransitionError(
                f"{handler} handled an earlier stage. Stage {next_rule.number} must be handled by someone else "
                "(Complaint Handling Code 6.13)",
                "handler",
            )
        stage.status = StageStatus.CLOSED
        stage.save(update_fields=["status"])
        new_stage = _open_stage(case, next_rule, received=requested_on, handler=handler, definition="")
        case.current_stage = new_stage
        case.status = CaseStatus.ESCALATED
        _refresh_next_due(case, new_stage)
        save_case(case, "current_stage", "status", "next_due_date", "next_due_label")
        events.record(
            case,
            EventKind.ESCALATED,
            f"Escalated to stage {new_stage.number} ({next_rule.name}) at the customer's request of "
            f"{requested_on:%d %B %Y}; handled by {handler}.",
            actor=actor,
            visible_to_customer=True,
            data={
                "stage": new_stage.number,
                "requested_on": requested_on.isoformat(),
                "handler": handler.pk,
                "customer_reason": customer_reason.strip(),
                "late_acceptance_reason": late_acceptance_reason.strip(),
            },
        )
    return case


def _end_case(case: Case, status: CaseStatus, stage_status: StageStatus, *fields: str) -> None:
    """End the case (closed, declined, merged): its stage stops and nothing is due any more."""
    if case.current_stage_id:
        Stage.objects.filter(pk=case.current_stage_id).update(status=stage_status)
    case.status = status
    case.closed_at = timezone.now()
    _refresh_next_due(case, None)
    save_case(case, "status", "closed_at", "next_due_date", "next_due_label", *fields)


def close(*, case: Case, actor: User, note: str = "", expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "close")
        _end_case(case, CaseStatus.CLOSED, StageStatus.CLOSED)
        events.record(
            case,
            EventKind.CLOSED,
            f"Closed.{' ' + note.strip() if note.strip() else ''}",
            actor=actor,
            visible_to_customer=True,
            data={"note": note.strip()},
        )
    return case


def decline(
    *,
    case: Case,
    actor: User,
    reason: str,
    signposted_to_ombudsman: bool,
    expected_version: int | None = None,
) -> Case:
    """Not accepted under the procedure (Code section 2): the reason and the right to go to the ombudsman."""
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "decline")
        if not reason.strip():
            raise TransitionError("Enter why the complaint is not being taken forward", "reason")
        if case.is_complaint and not signposted_to_ombudsman:
            raise TransitionError(
                "Tell the customer they can ask the ombudsman to look at this decision, and confirm you have",
                "signposted_to_ombudsman",
            )
        case.declined_reason = reason.strip()
        _end_case(case, CaseStatus.DECLINED, StageStatus.DECLINED, "declined_reason")
        events.record(
            case,
            EventKind.DECLINED,
            f"Declined: {reason.strip()}",
            actor=actor,
            visible_to_customer=True,
            data={"reason": reason.strip(), "signposted_to_ombudsman": signposted_to_ombudsman},
        )
    return case


def withdraw(
    *, case: Case, actor: User | None, note: str = "", expected_version: int | None = None, today: date | None = None
) -> Case:
    """The customer withdrew: the open stage ends with the outcome 'withdrawn' and the case closes.

    `actor` is None when the customer withdrew it themselves, through their online account."""
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "withdraw")
        if case.current_stage_id and case.status != CaseStatus.RESPONDED:
            Stage.objects.filter(pk=case.current_stage_id).update(
                status=StageStatus.CLOSED,
                outcome=Outcome.WITHDRAWN,
                responded_date=today,
                outcome_reasons=note.strip() or "Withdrawn by the customer.",
            )
        _end_case(case, CaseStatus.CLOSED, StageStatus.CLOSED)
        events.record(
            case,
            EventKind.CLOSED,
            f"Withdrawn by the customer.{' ' + note.strip() if note else ''}",
            actor=actor,
            visible_to_customer=True,
            data={"withdrawn": True, "note": note.strip()},
        )
    return case


def reopen(
    *,
    case: Case,
    actor: User,
    reason: str,
    respond_by: date | None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Reopen a closed or declined case: its current stage runs again to a new response date."""
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "reopen")
        if not reason.strip():
            raise TransitionError("Enter why the case is being reopened", "reason")
        stage = None
        if case.current_stage_id:
            if respond_by is None:
                raise TransitionError("Enter the new response date", "respond_by")
            if respond_by < today:
                raise TransitionError("The new response date must be today or later", "respond_by")
            stage = _current_stage(case)
            stage.status = StageStatus.OPEN
            stage.responded_date = None
            stage.outcome = ""
            stage.response_due_date = respond_by
            stage.due_explanation = [
                *stage.due_explanation,
                f"Reopened on {today:%a %d %b %Y}; respond by {respond_by:%a %d %b %Y}: {reason.strip()}",
            ]
            stage.save(update_fields=["status", "responded_date", "outcome", "response_due_date", "due_explanation"])
            case.status = CaseStatus.INVESTIGATING if stage.acknowledged_date else CaseStatus.RECEIVED
        else:
            case.status = CaseStatus.RECEIVED
        case.closed_at = None
        _refresh_next_due(case, stage)
        save_case(case, "status", "closed_at", "next_due_date", "next_due_label")
        events.record(
            case,
            EventKind.REOPENED,
            f"Reopened: {reason.strip()}",
            actor=actor,
            visible_to_customer=True,
            data={"reason": reason.strip(), "respond_by": respond_by.isoformat() if respond_by else None},
        )
    return case


def merge(*, case: Case, into: Case, actor: User, note: str = "", expected_version: int | None = None) -> Case:
    """Fold a case into another about the same matter: it ends here and the other carries on."""
    with transaction.atomic():
        if into.pk == case.pk:
            raise TransitionError("A case cannot be merged into itself", "into")
        case = lock_case(case, expected_version)
        target = lock_case(into, None)
        _check(case, "merge")
        if target.status not in OPEN_STATUSES and target.status != CaseStatus.RESPONDED:
            raise TransitionError(
                f"{target.reference} is {target.get_status_display().lower()}; merge into an open case", "into"
            )
        _end_case(case, CaseStatus.MERGED, StageStatus.CLOSED)
        CaseLink.objects.get_or_create(
            from_case=case, to_case=target, kind=LinkKind.MERGED_INTO, defaults={"created_by": actor}
        )
        events.record(
            case,
            EventKind.MERGED,
            f"Merged into {target.reference}.{' ' + note if note else ''}",
            actor=actor,
            visible_to_customer=True,
            data={"into": target.reference},
        )
        events.record(
            target,
            EventKind.MERGED,
            f"{case.reference} was merged into this case.",
            actor=actor,
            data={"from": case.reference},
        )
        save_case(target)
    return case


def split(
    *,
    case: Case,
    actor: User,
    details: CaseDetails,
    expected_version: int | None = None,
) -> Case:
    """Take one issue out of a multi-issue case into its own case, received on the same day."""
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "split")
        contact = Contact.objects.select_related("customer").get(pk=case.contact_id)
        new_case = open_case(contact=contact, details=details, actor=actor, received_at=case.received_at)
        if case.customer_id != new_case.customer_id:
            Case.objects.filter(pk=new_case.pk).update(customer=case.customer_id)
        CaseLink.objects.create(from_case=new_case, to_case=case, kind=LinkKind.SPLIT_FROM, created_by=actor)
        events.record(
            new_case, EventKind.SPLIT, f"Split from {case.reference}.", actor=actor, data={"from": case.reference}
        )
        events.record(
            case,
            EventKind.SPLIT,
            f"{new_case.reference} was split from this case: {details.title}",
            actor=actor,
            data={"into": new_case.reference},
        )
        save_case(case)
    return new_case


# --- history brought in from an old system -----------------------------------------------------------------
# An import writes what already happened, with its own dates, in bulk (putright/imports/services.py). These
# say where such a case stands, by the same rules the actions above follow, so nothing is decided twice.


def imported_stage_status(*, is_last: bool, responded: bool, case_closed: bool) -> StageStatus:
    """An earlier stage was closed by the escalation after it; the last one is as its case left it."""
    if not is_last or case_closed:
        return StageStatus.CLOSED  # as `escalate` and `close` leave them
    return StageStatus.RESPONDED if responded else StageStatus.OPEN


def imported_case_status(*, last_stage: Stage | None, closed: bool) -> CaseStatus:
    """Where an imported case stands: closed if the old system closed it (or the customer withdrew), else
    as its last stage left it, just as the actions above would have."""
    if closed or (last_stage is not None and last_stage.outcome == Outcome.WITHDRAWN):
        return CaseStatus.CLOSED
    if last_stage is None:
        return CaseStatus.RECEIVED
    if last_stage.responded_date is not None:
        return CaseStatus.RESPONDED
    if last_stage.acknowledged_date is not None:
        return CaseStatus.ACKNOWLEDGED
    return CaseStatus.ESCALATED if last_stage.number > 1 else CaseStatus.RECEIVED


def set_imported_stage_dates(
    stage: Stage,
    *,
    calendar: WorkingCalendar,
    response_due: date | None,
    original_response_due: date | None,
) -> None:
    """Give an imported stage its deadlines: the old system's own when it recorded them (its timescales are
    kept, never recomputed), otherwise those the stage's rule gives from its dates."""
    deadlines = stage_deadlines(
        stage.rule.as_rule(), received=stage.received_date, acknowledged=stage.acknowledged_date, calendar=calendar
    )
    stage.acknowledge_due_date = deadlines.acknowledge_by.due_date if deadlines.acknowledge_by else None
    stage.original_response_due_date = original_response_due or response_due or deadlines.original_respond_by
    stage.response_due_date = response_due or deadlines.respond_by.due_date
    stage.due_explanation = (
        [f"Response date {stage.response_due_date:%a %d %b %Y}, as recorded by the old system."]
        if response_due
        else deadlines.explanation
    )


def refresh_imported_next_due(case: Case, stage: Stage | None) -> None:
    """What an imported case has due next, by the same rule the queues use for every case."""
    _refresh_next_due(case, stage)
