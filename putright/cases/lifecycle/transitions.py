"""What each action may start from (the table drives both the checks and the actions offered) and the case lock."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, time
from typing import Any

from django.db.models import F
from django.utils import timezone

import putright.cases.lifecycle.wording as wording
from putright.cases.choices import ACTIVE_STATUSES, CaseStatus
from putright.cases.models import Case, Stage
from putright.cases.split_parts import answered_with, answered_with_each
from putright.core.errors import ConflictError, TransitionError
from putright.core.prepared import PreparedRead
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.procedures.models import Procedure, StageRule
from putright.procedures.ombudsman import ombudsman_details, ombudsman_for

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
    "withdraw": ACTIVE_STATUSES,
    "reopen": frozenset({S.CLOSED, S.DECLINED}),
    "merge": ACTIVE_STATUSES,
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


def allowed_actions(
    case: Case, *, answered_together: bool | None = None, has_next_stage: bool | None = None
) -> list[str]:
    """The actions the case's status allows now (the case page offers only these, and each action refuses the
    others: `unavailable_reason`). A part answered together is acknowledged and escalated with the case that answers
    it, never on its own (`acknowledge`, `escalate`); a caller that has already asked `answered_with` passes its
    answer as `answered_together`. A case answered at the final stage of its procedure has no stage to escalate to:
    the ombudsman is next (`is_final_stage`; a caller that has read `next_stage_rules` passes `has_next_stage`)."""
    table = TRANSITIONS if case.procedure_version_id else TRANSITIONS_WITHOUT_PROCEDURE
    actions = [action for action, sources in table.items() if case.status in sources]
    if "escalate" in actions:
        if has_next_stage is None:
            has_next_stage = not _no_stage_after(case)
        if not has_next_stage:
            actions.remove("escalate")
    if answered_together is None and ("escalate" in actions or "acknowledge" in actions):
        answered_together = answered_with(case) is not None
    if answered_together:
        actions = [action for action in actions if action not in ("escalate", "acknowledge")]
    return actions


def escalation_unavailable_reasons(cases: Sequence[Case]) -> dict[int, str]:
    """`unavailable_reason(case, "escalate")` for each of these cases (each with its current stage and service
    loaded), in a few queries however many there are (a list's rows): {case id: why not, "" when it may be escalated
    now}. A copied procedure named at its final stage reads its origin once (which ombudsman is next)."""
    answered = [case for case in cases if case.status in TRANSITIONS["escalate"] and case.current_stage is not None]
    # Every stage, not only answered ones: a case at its final stage is told so whatever its status.
    stages = [case.current_stage for case in cases if case.current_stage is not None]
    rules = _version_rules(stages)
    next_rules = _next_rules(stages, rules)
    together = answered_with_each(answered) if answered else {}
    words: dict[int, str] = {}
    for case in cases:
        stage: Stage | None = case.current_stage
        has_next = stage is not None and stage.pk in next_rules
        lead = together.get(case.pk)
        if "escalate" in allowed_actions(case, answered_together=lead is not None, has_next_stage=has_next):
            words[case.pk] = ""
            continue
        final = stage is not None and case.procedure_version_id is not None and not has_next
        words[case.pk] = _why_not_escalated(
            case, lead=lead, final_under=rules[stage.rule_id].version.procedure if final and stage else None
        )
    return words


def unavailable_reason(case: Case, action: str) -> str:
    """Why the case page does not offer this action now, for the officer who asks for it anyway ("" if it does).
    `escalate` refuses with this too, so the page offers escalating exactly when escalating would be allowed
    (`escalation_unavailable_reasons` says the same of many cases at once, for a list)."""
    if action in allowed_actions(case):
        return ""
    if action == "escalate":
        stage: Stage | None = case.current_stage
        final = stage is not None and case.procedure_version_id is not None and is_final_stage(stage)
        lead = answered_with(case)
        return _why_not_escalated(
            case, lead=lead, final_under=stage.rule.version.procedure if final and stage else None
        )
    if action == "acknowledge" and case.status in TRANSITIONS[action] and (lead := answered_with(case)) is not None:
        return wording.acknowledged_with_lead_only(case.reference, lead.reference)
    return _status_words(case, action)


def _why_not_escalated(case: Case, *, lead: Case | None, final_under: Procedure | None) -> str:
    """Why `case` cannot be escalated now, given the lead it is answered together with (if any) and, when it is at
    its procedure's final stage, that procedure: the one wording of `unavailable_reason` and
    `escalation_unavailable_reasons`. The final stage is said first, whatever the status: answering it (or its
    lead) will never allow escalating."""
    stage: Stage | None = case.current_stage
    if stage is not None and final_under is not None:
        return _final_stage_words(case, stage.number, final_under)
    if lead is not None and case.status in TRANSITIONS["escalate"]:
        return wording.escalates_with_lead(case.reference, lead.reference)
    if stage is not None and case.procedure_version_id and case.status in TRANSITIONS["respond"]:
        return f"It cannot be escalated until stage {stage.number} has been answered."
    return _status_words(case, "escalate")


def _status_words(case: Case, action: str) -> str:
    return f"{case.reference} is {case.get_status_display().lower()}, so it cannot be {ACTION_NAMES[action]} now."


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


def next_stage_rules(stages: Collection[Stage]) -> dict[int, StageRule]:
    """`next_stage_rule` for each of these stages that is not the final one, in one query however many there are,
    each rule with its version and procedure: {stage id: rule}."""
    return _next_rules(stages, _version_rules(stages))


def _version_rules(stages: Collection[Stage]) -> dict[int, StageRule]:
    """Every rule of these stages' procedure versions, each with its version and procedure, in one query: {id: rule}."""
    if not stages:
        return {}
    own_versions = StageRule.objects.filter(pk__in={stage.rule_id for stage in stages}).values("version_id")
    rules = StageRule.objects.filter(version__in=own_versions).select_related("version__procedure")
    return {rule.pk: rule for rule in rules}


def _next_rules(stages: Collection[Stage], rules: dict[int, StageRule]) -> dict[int, StageRule]:
    """The rule after each of these stages' own among their versions' `rules`, for those not at the final stage."""
    by_number = {(rule.version_id, rule.number): rule for rule in rules.values()}
    return {
        stage.pk: rule
        for stage in stages
        if (rule := by_number.get((rules[stage.rule_id].version_id, stage.number + 1))) is not None
    }


def next_stage_rule(stage: Stage) -> StageRule | None:
    """The rule of the stage after this one in the case's procedure version; None after the final stage."""
    return next_stage_rules([stage]).get(stage.pk)


# The id of the rule after rule `rule_id` in its version, if there is one: one index read.
_RULE_AFTER = PreparedRead(
    lambda rule_id: StageRule.objects.filter(
        version__stages__pk=rule_id, number=F("version__stages__number") + 1
    ).values_list("pk", flat=True)[:1],
    int,
    primary=True,
)


def is_final_stage(stage: Stage) -> bool:
    """The stage is the last of its procedure version: once it is answered the ombudsman is next, not another stage
    (staff cannot escalate it, nor the customer ask for another stage)."""
    return not _RULE_AFTER(stage.rule_id)


def _no_stage_after(case: Case) -> bool:
    stage: Stage | None = case.current_stage
    return stage is None or is_final_stage(stage)


def _final_stage_words(case: Case, stage_number: int, procedure: Procedure) -> str:
    """What an officer is told who asks to escalate a case at its procedure's final stage."""
    ombudsman = ombudsman_details(
        ombudsman_for(service_area=case.service_area, procedure=procedure, nation=current_organisation().nation)
    )
    next_step = f" The customer can take the complaint to the {ombudsman.name}." if ombudsman else ""
    return f"It cannot be escalated: under {procedure.name}, stage {stage_number} is the final stage.{next_step}"


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


def set_current_stage(case: Any, stage: Any | None) -> None:
    """Make `stage` the case's current stage, with its handler and number as the case's `current_handler` and
    `current_stage_number` (unsaved: the caller saves them). Every change of a case's current stage, or of its
    handler, goes through here or `hand_stage_to`, so the queues can ask the case row who handles it and at which
    stage. Rows may be models or a bulk writer's rows (`history`)."""
    case.current_stage = stage
    case.current_handler = stage.handler if stage is not None else None
    case.current_stage_number = stage.number if stage is not None else None


def hand_stage_to(case: Case, stage: Stage, handler: User) -> None:
    """Give one of the case's stages to `handler`; when it is the current stage, the case's `current_handler` follows.
    Both are saved here (the caller holds the case lock), so no caller can change one without the other."""
    stage.handler = handler
    stage.save(update_fields=["handler"])
    if stage.pk == case.current_stage_id:
        set_current_stage(case, stage)
        Case.objects.filter(pk=case.pk).update(current_handler=handler)


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


# --- stage transitions -------------------------------------------------------------------------------------


def _current_stage(case: Case) -> Stage:
    if case.current_stage_id is None:
        raise TransitionError(f"{case.reference} has no procedure stage to act on.")
    stage = Stage.objects.select_related("rule__version__procedure", "handler").get(pk=case.current_stage_id)
    case.current_stage = stage  # the returned case shows the stage as changed
    return stage
