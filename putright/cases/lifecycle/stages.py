"""Working a stage: acknowledge, investigate, respond, extend, escalate, and ending or reopening a case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

import putright.cases.lifecycle.wording as wording
from putright.cases import events
from putright.cases.access import can_see
from putright.cases.choices import (
    CaseStatus,
    EventKind,
    Outcome,
    RemedyType,
    StageStatus,
)
from putright.cases.lifecycle.clock import (
    _apply_deadlines,
    _apply_escalation_window,
    _check_extension,
    _refresh_next_due,
)
from putright.cases.lifecycle.opening import _open_stage
from putright.cases.lifecycle.transitions import (
    REMEDY_ASSIGNED,
    STAGE_HANDLER_ASSIGNED,
    TRANSITIONS,
    _check,
    _current_stage,
    _moment_on,
    _not_future,
    _today,
    lock_case,
    next_stage_rule,
    save_case,
    set_current_stage,
    unavailable_reason,
)
from putright.cases.models import Case, CustomerRequest, Extension, Remedy, Stage
from putright.cases.split_parts import (
    answered_with,
    joint_lead,
    joint_parts,
    lead_still_to_answer,
    parts_answered_with,
    parts_escalating_with,
)
from putright.core import signals
from putright.core.errors import TransitionError
from putright.core.text import long_date
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.procedures.deadlines import (
    extension_working_days,
)
from putright.procedures.models import StageRule
from putright.procedures.selectors import calendar_for, is_adult_social_care


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
    reg 13), `agreed_response_date` is that date; its period is then the backstop.

    The parts split off to be answered together with this case are acknowledged with it, on the same day (the
    customer reads one acknowledgement, this case's), as they are escalated with it. A part answered together is
    never acknowledged on its own (`answered_with` names the case to acknowledge instead)."""
    today = _today(today)
    acknowledged_on = acknowledged_on or today
    with transaction.atomic():
        case = lock_case(case, expected_version)
        if (lead := answered_with(case)) is not None:
            raise TransitionError(wording.acknowledged_with_lead_only(case.reference, lead.reference))
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
            stage.expected_reply_date = None  # a new date given for a late acknowledgement is met by this one
            _apply_deadlines(stage)
            stage.save(
                update_fields=[
                    "acknowledged_date",
                    "expected_reply_date",
                    "agreed_response_date",
                    "definition",
                    "acknowledge_due_date",
                    "original_response_due_date",
                    "response_due_date",
                    "due_explanation",
                ]
            )
            late = stage.acknowledge_due_date is not None and acknowledged_on > stage.acknowledge_due_date
            summary = wording.acknowledged(stage.number, acknowledged_on, stage.response_due_date, late=late)
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
        for part in parts_answered_with(case):
            acknowledge_with_lead(part=part, lead=case, actor=actor, acknowledged_on=acknowledged_on)
    return case


def acknowledge_with_lead(*, part: Case, lead: Case, actor: User, acknowledged_on: date) -> None:
    """Acknowledge a part answered together with `lead` on the lead's acknowledgement day (or the day its stage was
    received, if later), with a timeline event of its own; nothing is sent for it (the customer reads the lead's
    acknowledgement). A part already acknowledged, or past that step, is left as it is."""
    part = lock_case(part, None)
    if part.status not in TRANSITIONS["acknowledge"] or not part.current_stage_id:
        return
    stage = _current_stage(part)
    if stage.acknowledged_date is not None:
        return
    on = max(acknowledged_on, stage.received_date)
    stage.acknowledged_date = on
    stage.definition = part.definition
    stage.expected_reply_date = None
    _apply_deadlines(stage)
    stage.save(
        update_fields=[
            "acknowledged_date",
            "expected_reply_date",
            "definition",
            "acknowledge_due_date",
            "original_response_due_date",
            "response_due_date",
            "due_explanation",
        ]
    )
    part.status = CaseStatus.ACKNOWLEDGED
    _refresh_next_due(part, stage)
    save_case(part, "status", "next_due_date", "next_due_label")
    late = stage.acknowledge_due_date is not None and on > stage.acknowledge_due_date
    events.record(
        part,
        EventKind.ACKNOWLEDGED,
        wording.acknowledged(stage.number, on, stage.response_due_date, late=late)
        + wording.acknowledged_with_lead(lead.reference),
        actor=actor,
        data={"definition": part.definition, "acknowledged_on": on.isoformat(), "with": lead.reference},
        visible_to_customer=True,
    )


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


def check_remedy(case: Case, remedy: RemedyDetails, *, field: str | None = None) -> None:
    """What every remedy needs, however it is recorded (with the response or added to it later; Code 7.3): what
    will be done, the amount when it is money, and an owner who may open the case. `field` names the form field
    an error belongs to when the remedy is one of several (the response's); otherwise each error names its own."""
    if not remedy.description.strip():
        raise TransitionError("Enter what will be done", field or "description")
    if remedy.remedy_type == RemedyType.FINANCIAL and remedy.amount is None:
        raise TransitionError("Enter the amount of the financial remedy", field or "amount")
    if remedy.owner is not None and not can_see(remedy.owner, case):
        raise TransitionError(f"{remedy.owner} cannot open {case.reference}, which is restricted", field or "owner")


def respond(
    *,
    case: Case,
    actor: User,
    outcome: Outcome,
    reasons: str,
    remedies: Sequence[RemedyDetails] = (),
    outstanding_actions: str = "",
    responded_on: date | None = None,
    responsible_person: str = "",
    parts_waiting_reason: str = "",
    parts_waiting_confirmed: bool = False,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record the stage response: decision, reasons, remedies and outstanding actions (Code 6.6-6.8).

    An adult social care response is signed by the responsible person (SI 2009/309 reg 14): their name and job
    title are required, and default to the one the organisation has designated (reg 4).

    A part split off to be answered together with another case (its lead) records its decision here, but sends
    the customer nothing: the lead's response carries it. Responding on a lead while such a part has no decision
    yet needs the officer to confirm it and say why (staff-only timeline event).
    """
    today = _today(today)
    responded_on = responded_on or today
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "respond")
        if not reasons.strip():
            raise TransitionError("Enter the reasons for the decision", "reasons")
        _not_future(responded_on, today, "The response date", "responded_on")
        stage = _current_stage(case)
        waiting = [part.case.reference for part in joint_parts(case, stage.number) if part.is_waiting]
        if waiting and not parts_waiting_confirmed:
            raise TransitionError(
                f"{', '.join(waiting)} {'is' if len(waiting) == 1 else 'are'} answered in this response but "
                f"{'has' if len(waiting) == 1 else 'have'} no decision yet. Confirm you are responding without it",
                "parts_waiting_confirmed",
            )
        if waiting and not parts_waiting_reason.strip():
            raise TransitionError(
                "Enter why the response is going without the parts' decisions", "parts_waiting_reason"
            )
        lead = joint_lead(case)
        if lead is not None:
            # Locked: a lead responding at this moment either waits for this decision or has sent without it,
            # and then this part sends its own response.
            lead = lock_case(lead, None)
        answered_with = lead.reference if lead is not None and lead_still_to_answer(lead, stage.number) else ""
        if responded_on < stage.received_date:
            raise TransitionError(
                f"The response date cannot be before the stage was received ({long_date(stage.received_date)})",
                "responded_on",
            )
        for remedy in remedies:
            check_remedy(case, remedy, field="remedies")
        stage.responsible_person = _signed_by(stage, responsible_person)
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
                "responsible_person",
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
        data: dict[str, object] = {
            "stage": stage.number,
            "outcome": outcome,
            "responded_on": responded_on.isoformat(),
            "on_time": on_time,
            "remedies": [r.remedy_type for r in remedies],
        }
        if answered_with:
            # notifications reads this: no letter for the part, the lead's response carries its decision.
            data["answered_with"] = answered_with
        events.record(
            case,
            EventKind.RESPONDED,
            wording.responded(stage.number, outcome, on_time=on_time, response_due=stage.response_due_date)
            + (f" Answered with {answered_with}'s response; nothing is sent for this part." if answered_with else ""),
            actor=actor,
            # A part answered together: the customer hears of its decision in the lead's response, not here.
            visible_to_customer=not answered_with,
            data=data,
        )
        if waiting:
            events.record(
                case,
                EventKind.RESPONDED_PARTS_OPEN,
                f"Responded without the decision on {', '.join(waiting)}, answered together with this case. "
                f"Reason: {parts_waiting_reason.strip()}",
                actor=actor,
                data={"parts": waiting, "reason": parts_waiting_reason.strip()},
            )
    return case


def _signed_by(stage: Stage, responsible_person: str) -> str:
    """Who signs the response: required for adult social care (SI 2009/309 reg 14), nobody else's to name."""
    named = responsible_person.strip()
    if not is_adult_social_care(stage.rule.version.procedure):
        if named:
            raise TransitionError(
                "Only an adult social care response is signed by the responsible person: leave it empty",
                "responsible_person",
            )
        return ""
    named = named or current_organisation().responsible_person.strip()
    if not named:
        raise TransitionError(
            "Enter the responsible person who signs the response, with their job title (SI 2009/309 regulation 14)",
            "responsible_person",
        )
    return named


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
            wording.extended(stage.number, previous, new_due_date, agreed_text, reason.strip()),
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
    the next stage's handler must not be the person who handled the earlier stage (Code 6.13).

    A response that answered split parts together answers them together at the next stage too: the parts it gave
    a decision for move to the next stage with this case, on the same request (one decision, not one per part).
    A part answered together cannot be escalated on its own (`answered_with` names the case to escalate instead).
    """
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "escalate")
        # The rule the case page offers "Escalate" by: not a part answered together, not after the final stage.
        if refusal := unavailable_reason(case, "escalate"):
            raise TransitionError(refusal)
        _not_future(requested_on, today, "The date of the request", "requested_on")
        stage = _current_stage(case)
        next_rule = next_stage_rule(stage)
        assert next_rule is not None  # unavailable_reason refuses the final stage
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
        parts = _parts_escalating_with(case, stage.number)
        _check_next_handler(case, handler, next_rule.number, "")
        for part, _part_stage, part_rule in parts:
            _check_next_handler(part, handler, part_rule.number, f" of {part.reference}, answered with this case")
        why: dict[str, object] = {
            "requested_on": requested_on.isoformat(),
            "handler": handler.pk,
            "customer_reason": customer_reason.strip(),
            "late_acceptance_reason": late_acceptance_reason.strip(),
        }
        references = [part.reference for part, _stage, _rule in parts]
        summary = wording.escalated(next_rule.label, requested_on, handler)
        summary += wording.escalated_parts(references) if references else ""
        lead_data = {**why, "parts": references} if references else why
        _move_to_next_stage(case, stage, next_rule, actor=actor, handler=handler, summary=summary, data=lead_data)
        for part, part_stage, part_rule in parts:
            _move_to_next_stage(
                part,
                part_stage,
                part_rule,
                actor=actor,
                handler=handler,
                summary=wording.escalated(part_rule.label, requested_on, handler)
                + wording.escalated_with_lead(case.reference),
                data={**why, "with": case.reference},
            )
    return case


def _parts_escalating_with(lead: Case, stage_number: int) -> list[tuple[Case, Stage, StageRule]]:
    """The parts that move to the next stage with the lead (`parts_escalating_with`), locked as the lead is, each with
    its stage and the stage it moves to (a part at the last stage of its own procedure stays: the ombudsman is next).
    """
    moving = []
    for part in parts_escalating_with(lead, stage_number):
        assert part.stage is not None  # parts_escalating_with keeps only parts with their decision's stage
        case = lock_case(part.case, None)
        next_rule = next_stage_rule(part.stage)
        if case.status == CaseStatus.RESPONDED and case.current_stage_id == part.stage.pk and next_rule is not None:
            moving.append((case, part.stage, next_rule))
    return moving


def _check_next_handler(case: Case, handler: User, next_number: int, of_case: str) -> None:
    """Code 6.13: the next stage is handled by someone who handled none of the case's earlier stages."""
    if case.stages.filter(handler=handler).exists():
        raise TransitionError(
            f"{handler} handled an earlier stage{of_case}. Stage {next_number} must be handled by someone else "
            "(Complaint Handling Code 6.13)",
            "handler",
        )


def _move_to_next_stage(
    case: Case,
    stage: Stage,
    next_rule: StageRule,
    *,
    actor: User,
    handler: User,
    summary: str,
    data: dict[str, object],
) -> None:
    """Close the stage, open the next one received on the day of the request, and write the timeline event."""
    requested_on = date.fromisoformat(str(data["requested_on"]))
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
    set_current_stage(case, new_stage)
    case.status = CaseStatus.ESCALATED
    _refresh_next_due(case, new_stage)
    save_case(
        case, "current_stage", "current_handler", "current_stage_number", "status", "next_due_date", "next_due_label"
    )
    events.record(
        case,
        EventKind.ESCALATED,
        summary,
        actor=actor,
        visible_to_customer=True,
        data={"stage": new_stage.number, **data, "requests_done": answered},
    )
    if handler.pk != actor.pk:
        # Notifications tells the handler the stage is theirs (subscribed in its AppConfig.ready()).
        signals.publish(STAGE_HANDLER_ASSIGNED, new_stage, to_any=False)


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
            wording.closed(note.strip()),
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
            wording.declined(reason.strip()),
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
            wording.withdrawn(note.strip()),
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
