"""The only code that changes a case's status.

Each function locks the case, checks the transition against TRANSITIONS, changes the rows, and writes the
timeline event in the same transaction. A stale `expected_version` (another officer changed the case after
this one opened it) raises ConflictError and saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
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
from putright.cases.models import Case, CaseLink, Contact, CustomerRequest, Extension, ReferenceSequence, Remedy, Stage
from putright.core import signals
from putright.core.errors import ConflictError, TransitionError
from putright.core.postcodes import normalise_postcode
from putright.core.text import long_date
from putright.organisation.models import Category, Organisation, PostcodeWard, ServiceArea, Team, User
from putright.organisation.selectors import current_organisation
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.choices import DurationUnit
from putright.procedures.deadlines import (
    ExtensionData,
    StageDeadlines,
    escalation_window,
    extension_working_days,
    stage_deadlines,
)
from putright.procedures.models import ProcedureVersion, StageRule
from putright.procedures.ombudsman import ombudsman_details, ombudsman_for
from putright.procedures.rules import StageRuleData
from putright.procedures.selectors import calendar_for, stage_rule

# Published (core.signals) when someone is given work on a case, inside the change's transaction: notifications
# emails them (subscribed in its AppConfig.ready()).
STAGE_HANDLER_ASSIGNED = "stage.handler_assigned"
REMEDY_ASSIGNED = "remedy.assigned"

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


def _moment_on(day: date) -> datetime:
    """Now, or midday of `day` when the action is recorded as of another day (the clock counts by its date)."""
    now = timezone.now()
    if timezone.localtime(now).date() == day:
        return now
    return timezone.make_aware(datetime.combine(day, time(12)))


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
            customer_agreed_on=ext.customer_agreed_on,
        )
        for ext in (stage.extensions.all() if stage.pk else ())  # a stage being opened has none yet
    ]
    deadlines = stage_deadlines(
        stage.rule.as_rule(),
        received=stage.statement_agreed_date or stage.received_date,
        acknowledged=stage.acknowledged_date,
        calendar=calendar,
        extensions=extensions,
        agreed_respond_by=stage.agreed_response_date,
    )
    if stage.statement_agreed_date:
        first = (
            f"Counted from the day the written statement of the complaint was agreed "
            f"({stage.statement_agreed_date:%a %d %b %Y}), not the request ({stage.received_date:%a %d %b %Y})."
        )
        deadlines = replace(
            deadlines, respond_by=replace(deadlines.respond_by, explanation=(first, *deadlines.respond_by.explanation))
        )
    return deadlines


def _apply_deadlines(stage: Stage) -> None:
    deadlines = compute_deadlines(stage)
    stage.acknowledge_due_date = deadlines.acknowledge_by.due_date if deadlines.acknowledge_by else None
    stage.original_response_due_date = deadlines.original_respond_by
    stage.response_due_date = deadlines.respond_by.due_date
    stage.due_explanation = deadlines.explanation
    stage.panel_meeting_due_date = deadlines.panel_meet_by.due_date if deadlines.panel_meet_by else None


def next_due(case: Case, stage: Stage | None) -> tuple[date | None, str]:
    """What is due next on the case and when (the queues sort by it): nothing once the stage or case is over."""
    if stage is None or stage.status != StageStatus.OPEN or case.status not in OPEN_STATUSES:
        return None, ""
    if stage.acknowledged_date is None and stage.acknowledge_due_date is not None:
        return stage.acknowledge_due_date, f"Stage {stage.number} acknowledgement"
    return stage.response_due_date, f"Stage {stage.number} response"


def _apply_escalation_window(case: Case, stage: Stage, responded_on: date) -> None:
    """Set how long the customer may ask for the next stage (none after the final stage), and say why."""
    rule = stage.rule
    explanation = [line for line in stage.due_explanation if not line.startswith("May ask for the next stage")]
    if not rule.version.stages.filter(number=stage.number + 1).exists():
        stage.escalation_closes_date = None
        stage.due_explanation = explanation
        return
    first_received = case.stages.order_by("number").values_list("received_date", flat=True).first()
    organisation = current_organisation()
    closes, why = escalation_closes_for(
        rule,
        responded=responded_on,
        organisation=organisation,
        calendar=calendar_for(organisation, rule.version),
        matter_date=case.matter_date,
        received=first_received or stage.received_date,
    )
    stage.escalation_closes_date = closes
    stage.due_explanation = [*explanation, why] if why else explanation


def start_clock_at_agreed_statement(
    *, case: Case, actor: User, agreed_on: date, expected_version: int | None = None, today: date | None = None
) -> Case:
    """Count the current stage from the day the written statement of the complaint was agreed with the
    complainant, where the procedure allows it (children's social care stage 2, SI 2006/1738 regs 16-17)."""
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        stage = _current_stage(case)
        if stage.status != StageStatus.OPEN:
            raise TransitionError(f"Stage {stage.number} is no longer open", "agreed_on")
        if not stage.rule.clock_may_start_at_agreed_statement:
            raise TransitionError(
                f"Under {stage.rule.version.procedure.name} stage {stage.number} is counted from the request, not "
                "from an agreed statement",
                "agreed_on",
            )
        _not_future(agreed_on, today, "The date the statement was agreed", "agreed_on")
        if agreed_on <= stage.received_date:
            raise TransitionError(
                f"The statement must have been agreed after the request ({long_date(stage.received_date)}): otherwise "
                "the clock already runs from the request",
                "agreed_on",
            )
        if stage.extensions.exists():
            raise TransitionError("The response date has been extended: the clock can no longer be moved", "agreed_on")
        requested = stage.received_date
        stage.statement_agreed_date = agreed_on
        _apply_deadlines(stage)
        stage.save(
            update_fields=[
                "statement_agreed_date",
                "acknowledge_due_date",
                "original_response_due_date",
                "response_due_date",
                "due_explanation",
            ]
        )
        _refresh_next_due(case, stage)
        save_case(case, "next_due_date", "next_due_label")
        events.record(
            case,
            EventKind.NOTE_ADDED,
            f"Stage {stage.number} counted from the agreed statement of the complaint ({long_date(agreed_on)}); "
            f"response due {long_date(stage.response_due_date)}.",
            actor=actor,
            visible_to_customer=True,
            data={"stage": stage.number, "requested_on": requested.isoformat(), "agreed_on": agreed_on.isoformat()},
        )
    return case


def refresh_escalation_window(case: Case) -> None:
    """Work out the escalation window again after the date of the matter changes (the caller holds the lock)."""
    if case.current_stage_id is None:
        return
    stage = Stage.objects.select_related("rule__version__procedure").get(pk=case.current_stage_id)
    if stage.responded_date is None or stage.status != StageStatus.RESPONDED:
        return
    _apply_escalation_window(case, stage, stage.responded_date)
    stage.save(update_fields=["escalation_closes_date", "due_explanation"])


def recount_deadlines(stage: Stage, *, apply: bool) -> tuple[date, date] | None:
    """Count a stage's dates again under the current rules (after an upgrade changes a rule): the (old, new)
    response date when it moves, else None. With `apply`, save it and say so on the timeline.

    A reopened stage keeps the date the officer set when reopening it.
    """
    if any(line.startswith("Reopened on") for line in stage.due_explanation):
        return None
    before = (stage.acknowledge_due_date, stage.response_due_date, stage.original_response_due_date)
    old = stage.response_due_date
    _apply_deadlines(stage)
    if (stage.acknowledge_due_date, stage.response_due_date, stage.original_response_due_date) == before:
        return None
    if apply:
        with transaction.atomic():
            case = lock_case(stage.case, None)
            stage.save(
                update_fields=[
                    "acknowledge_due_date",
                    "original_response_due_date",
                    "response_due_date",
                    "due_explanation",
                ]
            )
            if case.current_stage_id == stage.pk:
                _refresh_next_due(case, stage)
                save_case(case, "next_due_date", "next_due_label")
            events.record(
                case,
                EventKind.NOTE_ADDED,
                f"Stage {stage.number} response date counted again under the current deadline rules: "
                f"{long_date(old)} became {long_date(stage.response_due_date)}.",
                actor=None,
                data={"stage": stage.number, "previous": old.isoformat(), "new": stage.response_due_date.isoformat()},
            )
    return old, stage.response_due_date


def _refresh_next_due(case: Case, stage: Stage | None) -> None:
    """Keep the denormalised 'what is due next' that queues, alerts and digests sort by.

    A request the customer is waiting on counts like any stage deadline, whatever the status: a responded case
    whose customer asked for the next stage has something due, and so stays in the queues and the alerts.
    """
    case.next_due_date, case.next_due_label = next_due(case, stage)
    waiting = CustomerRequest.objects.waiting().filter(case_id=case.pk).order_by("due_date", "pk").first()
    due = waiting.due_date if waiting is not None else None
    if waiting is not None and due is not None and (case.next_due_date is None or due < case.next_due_date):
        case.next_due_date = due
        case.next_due_label = waiting.due_label


def refresh_next_due(case: Case) -> Case:
    """Work out 'what is due next' again after something outside the lifecycle changed it (a customer request).

    Written without moving `lock_version`: a customer's request must not make an officer's open form stale.
    """
    stage = Stage.objects.get(pk=case.current_stage_id) if case.current_stage_id else None
    _refresh_next_due(case, stage)
    Case.objects.filter(pk=case.pk).update(next_due_date=case.next_due_date, next_due_label=case.next_due_label)
    return case


def _first_stage_rule(version: ProcedureVersion, start_at_investigation: bool) -> StageRule:
    """Stage 1, or for a clearly complex complaint the stage its procedure lets it start at (the SPSO and NIPSO
    model procedures: stage 2, investigation). See docs/rules-deadlines.md."""
    if not start_at_investigation:
        return stage_rule(version, 1)
    rule = next((rule for rule in version.stages.all() if rule.may_start_here), None)
    if rule is None:
        raise TransitionError(
            f"{version.procedure.name} does not let a complaint start after stage 1: start it at stage 1",
            "start_at_investigation",
        )
    return rule


def _open_stage(case: Case, rule: StageRule, *, received: date, handler: User | None, definition: str) -> Stage:
    stage = Stage(
        case=case, number=rule.number, rule=rule, handler=handler, received_date=received, definition=definition
    )
    stage.rule = rule
    _apply_deadlines(stage)
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
    # A clearly complex complaint may start at the stage its procedure allows (SPSO / NIPSO: stage 2).
    start_at_investigation: bool = False
    # When the matter happened, if the customer said (the public form asks): the time limit to complain runs from it.
    matter_date: date | None = None


def open_case(
    *, contact: Contact, details: CaseDetails, actor: User | None, received_at: datetime | None = None
) -> Case:
    """Create a case from a contact, with stage 1 open and its clock running from the day of receipt."""
    if details.kind not in KINDS_WITHOUT_PROCEDURE and details.procedure_version is None:
        raise TransitionError(f"Choose the procedure for this {details.kind.label.lower()}", "procedure")
    received_at = received_at or contact.received_at
    postcode = (
        normalise_postcode(details.postcode)
        or details.postcode.strip()
        or (contact.customer.postcode if contact.customer else "")
    )
    ward = details.ward or (contact.customer.ward if contact.customer else "")
    if not ward and postcode:
        # Neither the officer nor the customer's record says: the council's postcode-to-ward list may.
        ward = PostcodeWard.objects.filter(postcode=postcode).values_list("ward", flat=True).first() or ""
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
            matter_date=details.matter_date,
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
            rule = _first_stage_rule(case.procedure_version, details.start_at_investigation)
            stage = _open_stage(
                case, rule, received=local_received.date(), handler=details.lead_officer, definition=details.definition
            )
            case.current_stage = stage
        _refresh_next_due(case, stage)
        case.save(update_fields=["current_stage", "next_due_date", "next_due_label"])
        if contact.triaged_at is None:
            Contact.objects.filter(pk=contact.pk).update(triaged_at=timezone.now())
        procedure = case.procedure_version.procedure.name if case.procedure_version else "no procedure"
        started = ""
        if stage is not None and stage.number > 1:
            started = f" {stage.title} from the start, as a clearly complex complaint."
        events.record(
            case,
            EventKind.LOGGED,
            f"{case.get_kind_display()} logged from {contact.logged_from}, under {procedure}.{started}",
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
    agreed_response_date: date | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record the acknowledgement and the complaint definition (Code 5.6, 6.2, 6.11); re-time the response.

    Where the procedure lets the response date be agreed at acknowledgement (adult social care, SI 2009/309
    reg 13), `agreed_response_date` is that date; its period is then the backstop."""
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
                    f"({long_date(stage.received_date)})",
                    "acknowledged_on",
                )
            if agreed_response_date is not None:
                if not stage.rule.response_date_agreed_at_acknowledgement:
                    raise TransitionError(
                        f"Under {stage.rule.version.procedure.name} the response date is not agreed at "
                        "acknowledgement: leave it empty, and extend the date later if needed",
                        "agreed_response_date",
                    )
                if agreed_response_date <= acknowledged_on:
                    raise TransitionError(
                        "The agreed response date must be after the acknowledgement", "agreed_response_date"
                    )
            stage.acknowledged_date = acknowledged_on
            stage.agreed_response_date = agreed_response_date
            stage.definition = case.definition
            _apply_deadlines(stage)
            stage.save(
                update_fields=[
                    "acknowledged_date",
                    "agreed_response_date",
                    "definition",
                    "acknowledge_due_date",
                    "original_response_due_date",
                    "response_due_date",
                    "due_explanation",
                ]
            )
            late = stage.acknowledge_due_date is not None and acknowledged_on > stage.acknowledge_due_date
            summary = (
                f"Stage {stage.number} acknowledged on {long_date(acknowledged_on)}"
                f"{' (late)' if late else ''}; response due {long_date(stage.response_due_date)}."
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
    owner: User | None = None


def escalation_closes_for(
    rule: StageRule,
    *,
    responded: date,
    organisation: Organisation,
    calendar: WorkingCalendar,
    matter_date: date | None = None,
    received: date | None = None,
) -> tuple[date | None, str]:
    """The last day the customer may ask for the stage after `rule`'s, answered on `responded`, and why: the one
    rule for cases logged here and imported ones. The stage's own window, else the organisation's; under the SPSO
    and NIPSO model procedures, also six months from the matter (docs/rules-deadlines.md)."""
    amount = rule.escalation_window_amount
    unit = DurationUnit(rule.escalation_window_unit)
    if amount is None:
        amount = organisation.escalation_window_days
        unit = DurationUnit.CALENDAR_DAYS
    return escalation_window(
        amount=amount,
        unit=unit,
        responded=responded,
        calendar=calendar,
        matter_months=rule.escalation_window_from_matter_months,
        matter_date=matter_date,
        received=received,
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
                f"The response date cannot be before the stage was received ({long_date(stage.received_date)})",
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
        _apply_escalation_window(case, stage, responded_on)
        stage.save(
            update_fields=[
                "status",
                "responded_date",
                "outcome",
                "outcome_reasons",
                "outstanding_actions",
                "escalation_closes_date",
                "due_explanation",
            ]
        )
        Remedy.objects.bulk_create(
            Remedy(
                stage=stage,
                remedy_type=r.remedy_type,
                description=r.description,
                amount=r.amount,
                due_date=r.due_date,
                owner=r.owner,
            )
            for r in remedies
        )
        for owned in stage.remedies.filter(owner__isnull=False).select_related("owner", "stage__case"):
            signals.publish(REMEDY_ASSIGNED, owned, to_any=False)  # notifications tells the owner
        case.status = CaseStatus.RESPONDED
        _refresh_next_due(case, stage)
        save_case(case, "status", "next_due_date", "next_due_label")
        on_time = responded_on <= stage.response_due_date
        events.record(
            case,
            EventKind.RESPONDED,
            f"Stage {stage.number} response: {Outcome(outcome).label.lower()}"
            f" ({'on time' if on_time else 'late'}, due {long_date(stage.response_due_date)}).",
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
    customer_agreed_on: date | None = None,
    good_reason: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Move the response date before it passes (Code 6.4), to a working day, recording the customer's agreement.

    Beyond the procedure's cap: refused when the cap is fixed by regulation or model procedure, otherwise only
    with a recorded good reason. See docs/rules-deadlines.md, "Extensions".
    """
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "extend")
        if not reason.strip():
            raise TransitionError("Enter the reason for the extension", "reason")
        stage = _current_stage(case)
        rule = stage.rule.as_rule()
        previous = stage.response_due_date
        _check_extension(
            stage,
            rule,
            new_due_date=new_due_date,
            agreed_with_customer=agreed_with_customer,
            customer_agreed_on=customer_agreed_on,
            extension_needs_agreement=stage.rule.extension_needs_agreement,
            today=today,
        )
        calendar = calendar_for(current_organisation(), stage.rule.version)
        beyond = extension_working_days(calendar, stage.original_response_due_date, new_due_date)
        cap = rule.max_extension_working_days
        if cap is not None and beyond > cap:
            latest = calendar.add_working_days(stage.original_response_due_date, cap)[0]
            if rule.cap_is_fixed:
                raise TransitionError(
                    f"{rule.extension_cap_fixed_by} {rule.cap_text()}, so the response cannot be due later than "
                    f"{long_date(latest)}. Choose that date or an earlier one",
                    "new_due_date",
                )
            if not good_reason.strip():
                raise TransitionError(
                    f"The new date is {beyond} working days after the original response date; "
                    f"{stage.rule.version.procedure.name} allows {cap} ({long_date(latest)}) without a good reason. "
                    "Record the good reason, or choose an earlier date",
                    "good_reason",
                )
        else:
            good_reason = ""  # a good reason is recorded only for going beyond a local cap
        Extension.objects.create(
            stage=stage,
            previous_due_date=previous,
            new_due_date=new_due_date,
            working_days_beyond_original=beyond,
            reason=reason.strip(),
            agreed_with_customer=agreed_with_customer,
            customer_agreed_on=customer_agreed_on if agreed_with_customer else None,
            good_reason=good_reason.strip(),
            granted_by=actor,
            granted_at=_moment_on(today),
        )
        _apply_deadlines(stage)
        stage.save(
            update_fields=["response_due_date", "due_explanation", "original_response_due_date", "acknowledge_due_date"]
        )
        _refresh_next_due(case, stage)
        save_case(case, "next_due_date", "next_due_label")
        agreed_text = "not agreed with"
        if agreed_with_customer and customer_agreed_on:
            agreed_text = f"agreed on {long_date(customer_agreed_on)} with"
        events.record(
            case,
            EventKind.EXTENDED,
            f"Stage {stage.number} response date moved from {long_date(previous)} to {long_date(new_due_date)} "
            f"({agreed_text} the customer): {reason.strip()}",
            actor=actor,
            visible_to_customer=True,
            data={
                "previous": previous.isoformat(),
                "new": new_due_date.isoformat(),
                "beyond_original": beyond,
                "agreed": agreed_with_customer,
                "customer_agreed_on": customer_agreed_on.isoformat()
                if agreed_with_customer and customer_agreed_on
                else None,
                "good_reason": good_reason.strip(),
            },
        )
    return case


def _check_extension(
    stage: Stage,
    rule: StageRuleData,
    *,
    new_due_date: date,
    agreed_with_customer: bool,
    customer_agreed_on: date | None,
    extension_needs_agreement: bool,
    today: date,
) -> None:
    """The extension rules that do not depend on the cap (docs/rules-deadlines.md, "Extensions")."""
    due = stage.response_due_date
    if today > due:
        raise TransitionError(
            f"The response was due on {long_date(due)}, so it is already late. An extension must be agreed on or "
            "before the response date; send the response as soon as you can: the stage stays late in every figure",
            "new_due_date",
        )
    if new_due_date <= due:
        raise TransitionError(
            f"The new date must be after the current response date ({long_date(due)})",
            "new_due_date",
        )
    calendar = calendar_for(current_organisation(), stage.rule.version)
    not_working = calendar.non_working_reason(new_due_date)
    if not_working:
        nearest = calendar.next_working_day_on_or_after(new_due_date)
        raise TransitionError(
            f"{long_date(new_due_date)} is not a working day ({not_working}): choose a working day, such as "
            f"{long_date(nearest)}",
            "new_due_date",
        )
    if extension_needs_agreement and not agreed_with_customer:
        raise TransitionError(
            f"Under {rule.procedure_name} a longer period must be agreed with the customer before the current one "
            "ends. Record when the customer agreed",
            "agreed_with_customer",
        )
    if agreed_with_customer:
        if customer_agreed_on is None:
            raise TransitionError("Enter the date the customer agreed to the new date", "customer_agreed_on")
        if customer_agreed_on > today:
            raise TransitionError("The date the customer agreed must be today or in the past", "customer_agreed_on")
        if customer_agreed_on > due:
            raise TransitionError(
                f"The customer must agree before the response date passes ({long_date(due)})", "customer_agreed_on"
            )
        if customer_agreed_on < stage.received_date:
            raise TransitionError(
                f"The customer cannot have agreed before the stage began ({long_date(stage.received_date)})",
                "customer_agreed_on",
            )


def next_stage_rule(stage: Stage) -> StageRule | None:
    """The rule of the stage after this one in the case's procedure version; None after the final stage."""
    return stage.rule.version.stages.filter(number=stage.number + 1).first()


def escalation_refusal(case: Case, *, requested_on: date) -> str:
    """Why a request for the next stage made on `requested_on` cannot open it, or "" if it can (Code 6.12, 6.13).

    "ended": not a complaint under a procedure, or closed, declined, withdrawn or merged without an answer;
    "not_answered": the stage has not been answered yet; "final_stage": answered at the last stage (the ombudsman
    is next); "window_closed": after the stage's escalation window (staff may still accept it, giving a reason).
    """
    stage: Stage | None = case.current_stage
    if stage is None or not case.is_complaint or case.procedure_version_id is None:
        return "ended"
    if case.status in TRANSITIONS["respond"]:
        return "not_answered"
    if stage.responded_date and next_stage_rule(stage) is None:
        return "final_stage"
    if case.status not in TRANSITIONS["escalate"]:
        return "ended"
    if stage.escalation_closes_date is not None and requested_on > stage.escalation_closes_date:
        return "window_closed"
    return ""


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
        next_rule = next_stage_rule(stage)
        if next_rule is None:
            procedure = stage.rule.version.procedure
            ombudsman = ombudsman_details(
                ombudsman_for(service_area=case.service_area, procedure=procedure, nation=current_organisation().nation)
            )
            next_step = f" The customer can take the complaint to the {ombudsman.name}." if ombudsman else ""
            raise TransitionError(f"Stage {stage.number} is the final stage of {procedure.name}.{next_step}")
        if stage.responded_date and requested_on < stage.responded_date:
            raise TransitionError(
                f"The request cannot be dated before the stage response ({long_date(stage.responded_date)})",
                "requested_on",
            )
        if (
            stage.escalation_closes_date
            and requested_on > stage.escalation_closes_date
            and not late_acceptance_reason.strip()
        ):
            raise TransitionError(
                f"The customer could ask for stage {next_rule.number} until {long_date(stage.escalation_closes_date)}. "
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
        # The customer's request for this stage (from their online account) is dealt with by this escalation.
        answered = list(
            CustomerRequest.objects.waiting()
            .filter(case=case, kind=CustomerRequest.Kind.ESCALATION)
            .values_list("pk", flat=True)
        )
        CustomerRequest.objects.filter(pk__in=answered).update(
            done_at=timezone.now(), done_by=actor, done_note=f"Escalated to stage {new_stage.number}."
        )
        case.current_stage = new_stage
        case.status = CaseStatus.ESCALATED
        _refresh_next_due(case, new_stage)
        save_case(case, "current_stage", "status", "next_due_date", "next_due_label")
        events.record(
            case,
            EventKind.ESCALATED,
            f"Escalated to {next_rule.label} at the customer's request of "
            f"{long_date(requested_on)}; handled by {handler}.",
            actor=actor,
            visible_to_customer=True,
            data={
                "stage": new_stage.number,
                "requested_on": requested_on.isoformat(),
                "handler": handler.pk,
                "customer_reason": customer_reason.strip(),
                "late_acceptance_reason": late_acceptance_reason.strip(),
                "requests_done": answered,
            },
        )
        if handler.pk != actor.pk:
            # Notifications tells the handler the stage is theirs (subscribed in its AppConfig.ready()).
            signals.publish(STAGE_HANDLER_ASSIGNED, new_stage, to_any=False)
    return case


def _end_case(case: Case, status: CaseStatus, stage_status: StageStatus, *fields: str) -> None:
    """End the case (closed, declined, merged): its stage stops and nothing is due any more."""
    if case.current_stage_id:
        Stage.objects.filter(pk=case.current_stage_id).update(status=stage_status)
    case.status = status
    case.closed_at = timezone.now()
    _refresh_next_due(case, None)
    save_case(case, "status", "closed_at", "next_due_date", "next_due_label", *fields)


def close(
    *,
    case: Case,
    actor: User,
    note: str = "",
    outstanding_reason: str = "",
    outstanding_confirmed: bool = False,
    expected_version: int | None = None,
) -> Case:
    """Close an answered case. With a contribution, a customer request or a remedy still outstanding, the officer
    must confirm it and say why; the reason and what was outstanding go on the timeline (staff only)."""
    from putright.cases.outstanding import outstanding_on  # reads built on the models this module changes

    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "close")
        owed = outstanding_on(case).lines()
        if owed and not outstanding_confirmed:
            raise TransitionError(
                f"{len(owed)} thing{'s are' if len(owed) > 1 else ' is'} still outstanding on {case.reference}. "
                "Confirm you are closing it anyway",
                "outstanding_confirmed",
            )
        if owed and not outstanding_reason.strip():
            raise TransitionError("Enter why the case is closing with things outstanding", "outstanding_reason")
        _end_case(case, CaseStatus.CLOSED, StageStatus.CLOSED)
        events.record(
            case,
            EventKind.CLOSED,
            f"Closed.{' ' + note.strip() if note.strip() else ''}",
            actor=actor,
            visible_to_customer=True,
            data={"note": note.strip()},
        )
        if owed:
            events.record(
                case,
                EventKind.CLOSED_WITH_OUTSTANDING,
                f"Closed with {len(owed)} thing{'s' if len(owed) > 1 else ''} outstanding: {'; '.join(owed)}. "
                f"Reason: {outstanding_reason.strip()}",
                actor=actor,
                data={"outstanding": owed, "reason": outstanding_reason.strip()},
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
        # What the customer was waiting on goes with the complaint they withdrew.
        CustomerRequest.objects.waiting().filter(case=case).update(
            done_at=timezone.now(), done_by=actor, done_note="The customer withdrew the complaint."
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
            # A restricted case's title stays off an unrestricted case's timeline (everyone who reads it sees it).
            f"{new_case.reference} was split from this case"
            + ("." if new_case.is_restricted and not case.is_restricted else f": {details.title}"),
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
