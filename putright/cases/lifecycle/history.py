"""A case's past, written in bulk: cases whose history has already happened, each step with its own date.

The demo seeder (`putright.demo`) writes years of cases and an import (`putright.imports`) brings them in from an
old system; calling the actions in `stages` once per case and step would take hours for 100,000 cases. `History`
instead changes unsaved rows by the same clock (`clock.stage_clock`), the same statuses and the same timeline
wording (`wording`) as the actions, and the caller inserts them in bulk. Nothing about deadlines, statuses,
escalation windows or what is due next is worked out outside the lifecycle.

Rows are built by `new` (the model class by default): a bulk writer may pass its own row maker taking the same
keyword arguments. The steps check nothing: they record what happened, not what an officer asks for now.
putright/cases/tests/test_history_agrees_with_actions.py takes the same steps on the same dates both ways and
checks, after each, that the case, its stages, extensions and timeline words come out the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Subquery

import putright.cases.lifecycle.wording as wording
from putright.cases.choices import CaseStatus, Outcome, StageStatus
from putright.cases.lifecycle.clock import (
    _refresh_next_due,
    escalation_closes_for,
    next_due,
    set_deadlines,
    stage_clock,
)
from putright.cases.lifecycle.transitions import set_current_stage
from putright.cases.models import Case, Extension, Stage
from putright.core.text import long_date
from putright.organisation.models import Organisation, User
from putright.procedures.calendar import SkippedDay, WorkingCalendar
from putright.procedures.deadlines import ExtensionData, StageDeadlines, extension_working_days
from putright.procedures.models import StageRule
from putright.procedures.rules import StageRuleData
from putright.procedures.selectors import calendar_for

Maker = Callable[..., Any]


@dataclass(frozen=True)
class _RememberingCalendar(WorkingCalendar):
    """A working calendar that remembers each answer: a bulk history asks about the same days again and again.

    The answers are the plain calendar's, worked out the first time they are asked for.
    """

    def __post_init__(self) -> None:
        object.__setattr__(self, "_reasons", {})
        object.__setattr__(self, "_added", {})
        object.__setattr__(self, "_between", {})

    def non_working_reason(self, day: date) -> str | None:
        reasons: dict[date, str | None] = self._reasons  # type: ignore[attr-defined]
        if day not in reasons:
            reasons[day] = super().non_working_reason(day)
        return reasons[day]

    def add_working_days(self, start: date, count: int) -> tuple[date, list[SkippedDay]]:
        added: dict[tuple[date, int], tuple[date, list[SkippedDay]]] = self._added  # type: ignore[attr-defined]
        key = (start, count)
        if key not in added:
            added[key] = super().add_working_days(start, count)
        day, skipped = added[key]
        return day, list(skipped)

    def working_days_between(self, start: date, end: date) -> int:
        between: dict[tuple[date, date], int] = self._between  # type: ignore[attr-defined]
        key = (start, end)
        if key not in between:
            between[key] = super().working_days_between(start, end)
        return between[key]


class History:
    """The clock for many cases' histories at one organisation: each deadline worked out once and remembered.

    Rules passed in must have their version and procedure loaded (`select_related("version__procedure")`).
    A stage's extensions so far are kept on the unsaved stage itself (`history_extensions`).
    """

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self._calendars: dict[int, WorkingCalendar] = {}
        self._rule_calendars: dict[int, WorkingCalendar] = {}
        self._is_last: dict[int, bool] = {}
        self._rules: dict[int, StageRuleData] = {}
        self._last_stage: dict[int, int] = {}
        self._deadlines: dict[tuple[Any, ...], StageDeadlines] = {}
        # The words for each answer, by stage, outcome, lateness and due date: written in the language active when
        # first needed (a history is written in one run, in one language), looked up once rather than per answer.
        self._responded: dict[tuple[int, str, bool, date], str] = {}

    # --- the clock ---------------------------------------------------------------------------------------------

    def calendar(self, rule: StageRule) -> WorkingCalendar:
        """The working days the rule's stages are timed on (the organisation's, and its procedure's own)."""
        found = self._rule_calendars.get(rule.id)  # by the rule's id: reading its version's id costs more
        if found is None:
            found = self._calendars.get(rule.version_id)
            if found is None:
                plain = calendar_for(self.organisation, rule.version)
                found = _RememberingCalendar(plain.nation, plain.closure_days, plain.excludes_boxing_day)
                self._calendars[rule.version_id] = found
            self._rule_calendars[rule.id] = found
        return found

    def rule_data(self, rule: StageRule) -> StageRuleData:
        found = self._rules.get(rule.id)
        if found is None:
            found = self._rules[rule.id] = rule.as_rule()
        return found

    def is_last_stage(self, rule: StageRule) -> bool:
        found = self._is_last.get(rule.id)
        if found is None:
            last = self._last_stage.get(rule.version_id)
            if last is None:
                last = self._last_stage[rule.version_id] = max(other.number for other in rule.version.stages.all())
            found = self._is_last[rule.id] = rule.number >= last
        return found

    def retime(self, stage: Any) -> None:
        """Work out the stage's deadlines again from its dates and extensions, as the actions do after each change."""
        extensions: tuple[ExtensionData, ...] = getattr(stage, "history_extensions", ())
        key = (
            stage.rule.id,
            stage.received_date,
            stage.acknowledged_date,
            stage.statement_agreed_date,
            stage.agreed_response_date,
            extensions,
        )
        deadlines = self._deadlines.get(key)
        if deadlines is None:
            deadlines = stage_clock(
                stage, rule=self.rule_data(stage.rule), calendar=self.calendar(stage.rule), extensions=extensions
            )
            self._deadlines[key] = deadlines
        set_deadlines(stage, deadlines)

    # --- the steps ------------------------------------------------------------------------------------------------

    def open_stage(
        self, case: Any, rule: StageRule, *, received: date, handler: User | None, new: Maker = Stage
    ) -> Any:
        """A new open stage received on `received`, timed as `open_case` and `escalate` time it."""
        stage = new(
            case=case,
            number=rule.number,
            rule=rule,
            handler=handler,
            status=StageStatus.OPEN,
            received_date=received,
            definition=case.definition if rule.number == 1 else "",
        )
        stage.history_extensions = ()
        self.retime(stage)
        set_current_stage(case, stage)
        return stage

    def acknowledge(self, case: Any, stage: Any | None, *, on: date) -> str:
        """Acknowledged on `on` (the response re-timed from it); the timeline's words."""
        case.status = CaseStatus.ACKNOWLEDGED
        if stage is None:  # a case without a procedure has no stage to time
            return "Acknowledged."
        stage.acknowledged_date = on
        stage.definition = case.definition
        self.retime(stage)
        late = stage.acknowledge_due_date is not None and on > stage.acknowledge_due_date
        return wording.acknowledged(stage.number, on, stage.response_due_date, late=late)

    def start_investigation(self, case: Any) -> str:
        case.status = CaseStatus.INVESTIGATING
        return "Investigation started."

    def extend(
        self,
        case: Any,
        stage: Any,
        *,
        new_due_date: date,
        reason: str,
        agreed_on: date | None,
        granted_on: date,
        granted_at: datetime,
        granted_by: User | None,
        good_reason: str = "",
        new: Maker = Extension,
    ) -> tuple[Any, str]:
        """The response date moved to `new_due_date` (agreed with the customer on `agreed_on`, if they agreed):
        the extension row and the timeline's words."""
        previous = stage.response_due_date
        beyond = extension_working_days(self.calendar(stage.rule), stage.original_response_due_date, new_due_date)
        cap = self.rule_data(stage.rule).max_extension_working_days
        extension = new(
            stage=stage,
            previous_due_date=previous,
            new_due_date=new_due_date,
            working_days_beyond_original=beyond,
            reason=reason,
            agreed_with_customer=agreed_on is not None,
            customer_agreed_on=agreed_on,
            good_reason=good_reason if cap is not None and beyond > cap else "",
            granted_by=granted_by,
            granted_at=granted_at,
        )
        stage.history_extensions = (
            *stage.history_extensions,
            ExtensionData(
                new_due_date=new_due_date,
                reason=reason,
                agreed_with_customer=agreed_on is not None,
                granted_on=granted_on,
                customer_agreed_on=agreed_on,
            ),
        )
        self.retime(stage)
        agreed_text = f"agreed on {long_date(agreed_on)} with" if agreed_on else "not agreed with"
        return extension, wording.extended(stage.number, previous, new_due_date, agreed_text, reason)

    def respond(self, case: Any, stage: Any, *, on: date, outcome: str, reasons: str, first_received: date) -> str:
        """The stage answered on `on`: its outcome, and how long the customer may ask for the next stage."""
        stage.status = StageStatus.RESPONDED
        stage.responded_date = on
        stage.outcome = outcome
        stage.outcome_reasons = reasons
        if self.is_last_stage(stage.rule):
            stage.escalation_closes_date = None
        else:
            closes, why = escalation_closes_for(
                stage.rule,
                responded=on,
                organisation=self.organisation,
                calendar=self.calendar(stage.rule),
                matter_date=case.matter_date,
                received=first_received,
            )
            stage.escalation_closes_date = closes
            if why:
                stage.due_explanation = [*stage.due_explanation, why]
        case.status = CaseStatus.RESPONDED
        due: date = stage.response_due_date
        key = (stage.number, outcome, on <= due, due)
        words = self._responded.get(key)
        if words is None:
            words = self._responded[key] = wording.responded(stage.number, outcome, on_time=on <= due, response_due=due)
        return words

    def escalate(
        self, case: Any, stage: Any, next_rule: StageRule, *, requested_on: date, handler: User, new: Maker = Stage
    ) -> tuple[Any, str]:
        """The customer asked for the next stage on `requested_on`: this stage closes, the next opens."""
        stage.status = StageStatus.CLOSED
        new_stage = self.open_stage(case, next_rule, received=requested_on, handler=handler, new=new)
        case.status = CaseStatus.ESCALATED
        return new_stage, wording.escalated(next_rule.label, requested_on, handler)

    def close(self, case: Any, stage: Any | None, *, at: datetime, note: str = "") -> str:
        self._end(case, stage, CaseStatus.CLOSED, StageStatus.CLOSED, at)
        return wording.closed(note)

    def decline(self, case: Any, stage: Any | None, *, at: datetime, reason: str) -> str:
        case.declined_reason = reason
        self._end(case, stage, CaseStatus.DECLINED, StageStatus.DECLINED, at)
        return wording.declined(reason)

    def withdraw(self, case: Any, stage: Any | None, *, at: datetime, on: date, note: str) -> str:
        """The customer withdrew: an unanswered stage ends with the outcome 'withdrawn'."""
        if stage is not None and case.status != CaseStatus.RESPONDED:
            stage.outcome = Outcome.WITHDRAWN
            stage.responded_date = on
            stage.outcome_reasons = note or "Withdrawn by the customer."
        self._end(case, stage, CaseStatus.CLOSED, StageStatus.CLOSED, at)
        return wording.withdrawn(note)

    def merge(self, case: Any, stage: Any | None, into: Any, *, at: datetime, note: str = "") -> tuple[str, str]:
        """Folded into `into`: the words for this case's timeline and for the other's."""
        self._end(case, stage, CaseStatus.MERGED, StageStatus.CLOSED, at)
        return wording.merged_into(into.reference, note), wording.merged_from(case.reference)

    def _end(self, case: Any, stage: Any | None, status: CaseStatus, stage_status: StageStatus, at: datetime) -> None:
        if stage is not None:
            stage.status = stage_status
        case.status = status
        case.closed_at = at

    def finish(self, case: Any) -> None:
        """What the case has due next, once its history is written: the rule the queues sort by; and who handles it
        now (a writer may have given its current stage to someone since it opened)."""
        case.next_due_date, case.next_due_label = next_due(case, case.current_stage)
        set_current_stage(case, case.current_stage)


# --- history brought in from an old system -----------------------------------------------------------------
# An import writes what already happened, with its own dates, in bulk (putright/imports/services.py). These
# say where such a case stands, by the same rules the actions follow, so nothing is decided twice.


def imported_stage_status(*, is_last: bool, responded: bool, case_closed: bool) -> StageStatus:
    """An earlier stage was closed by the escalation after it; the last one is as its case left it."""
    if not is_last or case_closed:
        return StageStatus.CLOSED  # as `escalate` and `close` leave them
    return StageStatus.RESPONDED if responded else StageStatus.OPEN


def imported_case_status(*, last_stage: Stage | None, closed: bool) -> CaseStatus:
    """Where an imported case stands: closed if the old system closed it (or the customer withdrew), else
    as its last stage left it, just as the actions would have."""
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
    deadlines = stage_clock(stage, rule=stage.rule.as_rule(), calendar=calendar)
    set_deadlines(stage, deadlines)
    stage.original_response_due_date = original_response_due or response_due or deadlines.original_respond_by
    stage.response_due_date = response_due or deadlines.respond_by.due_date
    if response_due:
        stage.due_explanation = [f"Response date {stage.response_due_date:%a %d %b %Y}, as recorded by the old system."]


def set_imported_current_stages(case_ids: list[int]) -> None:
    """Each imported case's current stage is its last, with its handler and number kept on the case (as
    `set_current_stage` keeps them for every other case): one statement for a batch."""
    last = Stage.objects.filter(case=OuterRef("pk")).order_by("-number")
    Case.objects.filter(pk__in=case_ids).update(
        current_stage=Subquery(last.values("pk")[:1]),
        current_handler=Subquery(last.values("handler")[:1]),
        current_stage_number=Subquery(last.values("number")[:1]),
    )


def refresh_imported_next_due(case: Case, stage: Stage | None) -> None:
    """What an imported case has due next, by the same rule the queues use for every case."""
    _refresh_next_due(case, stage)
