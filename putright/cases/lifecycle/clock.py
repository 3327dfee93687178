"""The deadline clock on a case: a stage's dates, what is due next, the escalation window, counting again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import (
    OPEN_STATUSES,
    EventKind,
    StageStatus,
)
from putright.cases.lifecycle.transitions import (
    TRANSITIONS,
    _current_stage,
    _not_future,
    _today,
    is_final_stage,
    lock_case,
    save_case,
)
from putright.cases.models import Case, CustomerRequest, Stage
from putright.cases.split_parts import answered_with
from putright.core.errors import TransitionError
from putright.core.text import long_date
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.choices import DurationUnit
from putright.procedures.deadlines import (
    ExtensionData,
    StageDeadlines,
    escalation_window,
    stage_deadlines,
)
from putright.procedures.models import StageRule
from putright.procedures.rules import StageRuleData
from putright.procedures.selectors import calendar_for

# --- deadlines -------------------------------------------------------------------------------------------


def compute_deadlines(stage: Stage) -> StageDeadlines:
    """The stage's deadlines with their explanation, from its rule, dates and extensions."""
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
    return stage_clock(stage, rule=stage.rule.as_rule(), calendar=stage_calendar(stage), extensions=extensions)


def stage_clock(
    stage: Stage, *, rule: StageRuleData, calendar: WorkingCalendar, extensions: Sequence[ExtensionData] = ()
) -> StageDeadlines:
    """The stage's deadlines from its dates, given its rule, working days and extensions: no database read, so a
    case's history written in bulk (lifecycle.history) is timed by the same code as a live case."""
    deadlines = stage_deadlines(
        rule,
        received=stage.statement_agreed_date or stage.received_date,
        acknowledged=stage.acknowledged_date,
        calendar=calendar,
        extensions=tuple(extensions),
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


def set_deadlines(stage: Stage, deadlines: StageDeadlines) -> None:
    """Write worked-out deadlines onto the stage (unsaved)."""
    stage.acknowledge_due_date = deadlines.acknowledge_by.due_date if deadlines.acknowledge_by else None
    stage.original_response_due_date = deadlines.original_respond_by
    stage.response_due_date = deadlines.respond_by.due_date
    stage.due_explanation = deadlines.explanation
    stage.panel_meeting_due_date = deadlines.panel_meet_by.due_date if deadlines.panel_meet_by else None


def _apply_deadlines(stage: Stage) -> None:
    set_deadlines(stage, compute_deadlines(stage))


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
    if is_final_stage(stage):
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


def _refresh_next_due(case: Case, stage: Stage | None, *, made_just_now: bool = False) -> None:
    """Keep the denormalised 'what is due next' that queues, alerts and digests sort by.

    A request the customer is waiting on counts like any stage deadline, whatever the status: a responded case
    whose customer asked for the next stage has something due, and so stays in the queues and the alerts.
    `made_just_now`: the case was made in this transaction, so nobody can have asked anything of it yet.
    """
    case.next_due_date, case.next_due_label = next_due(case, stage)
    if made_just_now:
        return
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
    calendar = stage_calendar(stage)
    latest = _latest_extension(stage, rule, calendar)
    refuse_non_working_day(new_due_date, "new_due_date", calendar=calendar, latest=latest, earliest=due)
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


def escalation_refusal(case: Case, *, requested_on: date) -> str:
    """Why a request for the next stage made on `requested_on` cannot open it, or "" if it can (Code 6.12, 6.13).

    "ended": not a complaint under a procedure, or closed, declined, withdrawn or merged without an answer;
    "not_answered": the stage has not been answered yet; "final_stage": answered at the last stage (the ombudsman
    is next); "with_lead": a part answered together, which moves to the next stage when the case that answers it is
    escalated (`answered_with` names it), never on its own; "window_closed": after the stage's escalation window
    (staff may still accept it, giving a reason).
    """
    stage: Stage | None = case.current_stage
    if stage is None or not case.is_complaint or case.procedure_version_id is None:
        return "ended"
    if case.status in TRANSITIONS["respond"]:
        return "not_answered"
    if stage.responded_date and is_final_stage(stage):
        return "final_stage"
    if case.status not in TRANSITIONS["escalate"]:
        return "ended"
    if answered_with(case) is not None:
        return "with_lead"
    if stage.escalation_closes_date is not None and requested_on > stage.escalation_closes_date:
        return "window_closed"
    return ""


def _latest_extension(stage: Stage, rule: StageRuleData, calendar: WorkingCalendar) -> date | None:
    """The last day an extension may reach when a limit set by regulation or model procedure caps it."""
    cap = rule.max_extension_working_days
    if cap is None or not rule.cap_is_fixed:
        return None
    return calendar.add_working_days(stage.original_response_due_date, cap)[0]


def stage_calendar(stage: Stage) -> WorkingCalendar:
    """The working days the stage is counted in: the organisation's, with its procedure version's exclusions."""
    return calendar_for(current_organisation(), stage.rule.version)


def refuse_non_working_day(
    day: date, field: str, *, calendar: WorkingCalendar, latest: date | None = None, earliest: date | None = None
) -> None:
    """A date we promise the customer falls on one of the stage's working days (weekends, bank holidays and the
    organisation's closure days are not), or the officer is told the nearest working day allowed: the next one,
    unless it passes `latest` (a limit set by regulation), when the one before is offered if it is after
    `earliest`. `calendar`: the stage's (`stage_calendar`)."""
    not_working = calendar.non_working_reason(day)
    if not_working:
        nearest: date | None = calendar.next_working_day_on_or_after(day)
        if latest is not None and nearest is not None and nearest > latest:
            earlier = calendar.previous_working_day_on_or_before(day)
            nearest = earlier if (earliest is None or earliest < earlier) and earlier <= latest else None
        raise TransitionError(
            f"{long_date(day)} is not a working day ({not_working}): choose a working day"
            + (f", such as {long_date(nearest)}" if nearest is not None else ""),
            field,
        )
