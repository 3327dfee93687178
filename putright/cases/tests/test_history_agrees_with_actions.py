"""The bulk history (`lifecycle.History`, used by the demo seeder and imports) leaves a case exactly as the actions
an officer takes would: the same statuses, dates, deadlines, escalation window, what is due next, extension rows
and timeline words.

Each scenario takes the same steps on the same dates twice: through the actions, on a case in the database, and
through `History`, on unsaved rows. After every step the two must agree; a rule changed in one place and not the
other fails here, naming the step and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from putright.cases import lifecycle
from putright.cases.choices import CaseStatus, EventKind, Outcome
from putright.cases.models import Case, Extension, Stage, TimelineEvent
from putright.organisation.models import Organisation, User
from putright.procedures.models import StageRule

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
RECEIVED = datetime(2025, 10, 6, 10, 0, tzinfo=LONDON)  # a Monday
DEFINITION = "The repair was promised and not done."
STAGE_FIELDS = (
    "number",
    "status",
    "received_date",
    "acknowledged_date",
    "acknowledge_due_date",
    "original_response_due_date",
    "response_due_date",
    "responded_date",
    "outcome",
    "outcome_reasons",
    "escalation_closes_date",
    "due_explanation",
    "definition",
)
EXTENSION_FIELDS = (
    "previous_due_date",
    "new_due_date",
    "working_days_beyond_original",
    "agreed_with_customer",
    "customer_agreed_on",
    "good_reason",
)


@dataclass
class Twin:
    """The same case written by `History`: unsaved rows."""

    history: lifecycle.History
    case: Case
    stages: list[Stage] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    make_case: Callable[..., Case] | None = None  # for a step that needs another case (merging)

    @property
    def stage(self) -> Stage:
        return self.stages[-1]


def _rule(case: Case, number: int) -> StageRule:
    return StageRule.objects.select_related("version__procedure").get(version=case.procedure_version, number=number)


def _twin_of(case: Case) -> Twin:
    """A copy of the case as logged, before any step, with stage 1 opened by `History`."""
    twin_case = Case(reference="TWIN", kind=case.kind, status=CaseStatus.RECEIVED, matter_date=case.matter_date)
    twin = Twin(lifecycle.History(Organisation.objects.get()), twin_case)
    first = case.stages.get(number=1)
    twin.stages.append(
        twin.history.open_stage(twin_case, _rule(case, 1), received=first.received_date, handler=first.handler)
    )
    return twin


def _agree(step: str, case: Case, twin: Twin, event_kind: str | None) -> None:
    case.refresh_from_db()
    twin.history.finish(twin.case)
    assert (twin.case.status, twin.case.next_due_date, twin.case.next_due_label) == (
        case.status,
        case.next_due_date,
        case.next_due_label,
    ), f"after {step}: the case"
    stages = list(case.stages.order_by("number"))
    assert len(stages) == len(twin.stages), f"after {step}: the number of stages"
    for saved, unsaved in zip(stages, twin.stages, strict=True):
        for name in STAGE_FIELDS:
            assert getattr(unsaved, name) == getattr(saved, name), f"after {step}: stage {saved.number}'s {name}"
    extensions = list(Extension.objects.filter(stage__case=case).order_by("pk"))
    assert [[getattr(e, name) for name in EXTENSION_FIELDS] for e in twin.extensions] == [
        [getattr(e, name) for name in EXTENSION_FIELDS] for e in extensions
    ], f"after {step}: the extensions"
    if event_kind is not None:
        recorded = TimelineEvent.objects.filter(case=case, kind=event_kind).latest("pk").summary
        assert twin.words[-1] == recorded, f"after {step}: the timeline's words"


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=LONDON)


Step = Callable[[Case, Twin], tuple[str, str | None]]


def acknowledge(on: date) -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        lifecycle.acknowledge(case=case, actor=case.created_by, definition=DEFINITION, acknowledged_on=on, today=on)
        twin.case.definition = DEFINITION  # the action records the definition on the case, then on the stage
        twin.words.append(twin.history.acknowledge(twin.case, twin.stage, on=on))
        return f"acknowledging on {on}", EventKind.ACKNOWLEDGED

    return step


def extend(to: date, *, agreed_on: date | None, on: date) -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        lifecycle.extend(
            case=case,
            actor=case.created_by,
            new_due_date=to,
            reason="Waiting for the contractor's report",
            agreed_with_customer=agreed_on is not None,
            customer_agreed_on=agreed_on,
            good_reason="The contractor's report is needed to decide",
            today=on,
        )
        extension, words = twin.history.extend(
            twin.case,
            twin.stage,
            new_due_date=to,
            reason="Waiting for the contractor's report",
            agreed_on=agreed_on,
            granted_on=on,
            granted_at=_moment(on),
            granted_by=case.created_by,
            good_reason="The contractor's report is needed to decide",
        )
        twin.extensions.append(extension)
        twin.words.append(words)
        return f"extending to {to}", EventKind.EXTENDED

    return step


def respond(on: date, outcome: Outcome) -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        lifecycle.respond(
            case=case, actor=case.created_by, outcome=outcome, reasons="Because.", responded_on=on, today=on
        )
        first_received = twin.stages[0].received_date
        twin.words.append(
            twin.history.respond(
                twin.case, twin.stage, on=on, outcome=outcome, reasons="Because.", first_received=first_received
            )
        )
        return f"responding on {on}", EventKind.RESPONDED

    return step


def escalate(on: date, handler: str) -> Step:
    """Escalated at the customer's request, stage 2 handled by `handler` (a username)."""

    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        officer = User.objects.get_by_natural_key(handler)
        case.refresh_from_db()
        next_rule = _rule(case, twin.stage.number + 1)
        lifecycle.escalate(case=case, actor=case.created_by, requested_on=on, handler=officer, today=on)
        new_stage, words = twin.history.escalate(twin.case, twin.stage, next_rule, requested_on=on, handler=officer)
        twin.stages.append(new_stage)
        twin.words.append(words)
        return f"escalating on {on}", EventKind.ESCALATED

    return step


def close() -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        lifecycle.close(case=case, actor=case.created_by)
        twin.words.append(twin.history.close(twin.case, twin.stage, at=_moment(date(2026, 3, 1))))
        return "closing", EventKind.CLOSED

    return step


def decline() -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        reason = "The matter is before a court."
        lifecycle.decline(case=case, actor=case.created_by, reason=reason, signposted_to_ombudsman=True)
        twin.words.append(twin.history.decline(twin.case, twin.stage, at=_moment(date(2026, 3, 1)), reason=reason))
        return "declining", EventKind.DECLINED

    return step


def withdraw(on: date) -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        note = "Sorted out with the contractor."
        lifecycle.withdraw(case=case, actor=case.created_by, note=note, today=on)
        twin.words.append(twin.history.withdraw(twin.case, twin.stage, at=_moment(on), on=on, note=note))
        return f"withdrawing on {on}", EventKind.CLOSED

    return step


def merge() -> Step:
    """Folded into another case about the same matter, logged the same day."""

    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        assert twin.make_case is not None
        other = twin.make_case(received_at=RECEIVED, title="The same repair")
        note = "The same repair was already being dealt with."
        lifecycle.merge(case=case, into=other, actor=case.created_by, note=note)
        here, _there = twin.history.merge(
            twin.case, twin.stage, Case(reference=other.reference), at=_moment(date(2025, 10, 9)), note=note
        )
        twin.words.append(here)
        return f"merging into {other.reference}", EventKind.MERGED

    return step


def start_investigation() -> Step:
    def step(case: Case, twin: Twin) -> tuple[str, str | None]:
        lifecycle.start_investigation(case=case, actor=case.created_by)
        twin.words.append(twin.history.start_investigation(twin.case))
        return "starting the investigation", EventKind.INVESTIGATION_STARTED

    return step


SCENARIOS: dict[str, list[Any]] = {
    "answered on time, escalated, answered again and closed": [
        acknowledge(date(2025, 10, 8)),
        start_investigation(),
        respond(date(2025, 10, 17), Outcome.NOT_UPHELD),
        escalate(date(2025, 10, 27), "hannah_head"),
        acknowledge(date(2025, 10, 29)),
        respond(date(2025, 11, 20), Outcome.PARTLY_UPHELD),
        close(),
    ],
    "acknowledged late, extended twice with agreement, answered late": [
        acknowledge(date(2025, 10, 20)),
        extend(date(2025, 11, 5), agreed_on=date(2025, 10, 24), on=date(2025, 10, 24)),
        extend(date(2025, 11, 10), agreed_on=date(2025, 11, 4), on=date(2025, 11, 4)),
        respond(date(2025, 11, 14), Outcome.UPHELD),
        close(),
    ],
    "declined after acknowledgement": [acknowledge(date(2025, 10, 7)), decline()],
    "merged into another case": [acknowledge(date(2025, 10, 7)), merge()],
    "withdrawn before the response": [acknowledge(date(2025, 10, 7)), withdraw(date(2025, 10, 14))],
    "withdrawn after the response": [
        acknowledge(date(2025, 10, 7)),
        respond(date(2025, 10, 14), Outcome.UPHELD),
        withdraw(date(2025, 10, 21)),
    ],
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_bulk_history_leaves_a_case_as_the_actions_do(scenario, make_case, lead_officer, head_of_service):
    case = make_case(received_at=RECEIVED, lead=lead_officer)
    twin = _twin_of(case)
    twin.make_case = make_case
    _agree("logging", case, twin, None)
    for step in SCENARIOS[scenario]:
        what, event_kind = step(case, twin)
        _agree(what, case, twin, event_kind)
