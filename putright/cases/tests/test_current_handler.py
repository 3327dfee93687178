"""Each case keeps its current stage's handler and number (`Case.current_handler`, `current_stage_number`), and "My
cases" shows what it showed when it was worked out from the stages: any sequence of lifecycle actions leaves the two
in step."""

from __future__ import annotations

import contextlib

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from putright.cases import lifecycle
from putright.cases.choices import OPEN_STATUSES, CaseKind, Channel, Outcome, StageStatus
from putright.cases.models import Case, CustomerRequest, Stage
from putright.cases.requests import complete_request, raise_request
from putright.cases.selectors import QueueFilters, queue_page
from putright.cases.services import CustomerDetails, assign_lead_officer, log_case
from putright.core.errors import RuleError
from putright.organisation.models import ServiceArea, User
from putright.procedures.selectors import current_version

pytestmark = pytest.mark.django_db


def handlers_worked_out_from_the_stages() -> dict[str, tuple[int | None, int | None]]:
    """Each case's current stage's handler and number, read from the stages (None for a case with no stage)."""
    stages = {pk: (handler, number) for pk, handler, number in Stage.objects.values_list("pk", "handler_id", "number")}
    return {
        reference: stages[stage_id] if stage_id is not None else (None, None)
        for reference, stage_id in Case.objects.values_list("reference", "current_stage_id")
    }


def kept_handlers() -> dict[str, tuple[int | None, int | None]]:
    """Each case's current stage's handler and number as the case keeps them."""
    cases = Case.objects.values_list("reference", "current_handler_id", "current_stage_number")
    return {reference: (handler, number) for reference, handler, number in cases}


def my_cases_worked_out_from_the_stages(officer: User, status: str, stage: int | None = None) -> set[str]:
    """ "My cases" as it was asked before the handler was kept on the case: the cases the officer leads, those whose
    current stage they handle while it is open, and those answered or ended whose current stage they handled while
    the customer is still owed something (`next_due_date`)."""
    mine = set()
    for case in Case.objects.select_related("current_stage"):
        owed = case.status in OPEN_STATUSES or case.next_due_date is not None
        current = case.current_stage
        if (status == "open" and not owed) or (stage is not None and (current is None or current.number != stage)):
            continue
        handles = current is not None and current.handler_id == officer.pk
        handling_open_stage = handles and current.status == StageStatus.OPEN and owed
        waiting_on_them = handles and case.status not in OPEN_STATUSES and case.next_due_date is not None
        if case.lead_officer_id == officer.pk or handling_open_stage or waiting_on_them:
            mine.add(case.reference)
    return mine


def my_cases(officer: User, status: str, stage: int | None = None) -> set[str]:
    page = queue_page(officer, QueueFilters(scope="mine", status=status, stage=stage), timezone.localdate(), 1, 1000)
    return {row.reference for row in page.rows}


ACTIONS = [
    "log",
    "log without a lead",
    "assign",
    "acknowledge",
    "respond",
    "escalate",
    "customer asks",
    "request done",
    "close",
    "decline",
    "withdraw",
    "reopen",
    "merge",
    "split",
]
steps = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.integers(min_value=0, max_value=3),  # which case (few, so each goes far through its stages)
        st.integers(min_value=0, max_value=2),  # which officer (lead, handler or the case merged into)
    ),
    min_size=1,
    max_size=18,
)


def _log(officer: User | None, complaints_officer: User, housing: ServiceArea) -> Case:
    return log_case(
        channel=Channel.PHONE,
        received_at=timezone.now(),
        raw_text="The roof still leaks.",
        actor=complaints_officer,
        details=lifecycle.CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="Dissatisfied with the service",
            service_area=housing,
            title="Roof leak",
            description="The roof still leaks.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        ),
        customer_details=CustomerDetails(first_name="Ann", last_name="Jones", email="ann@example.org"),
    )


def _act(action: str, case: Case, other: Case, officer: User, actor: User, housing: ServiceArea) -> None:
    today = timezone.localdate()
    if action == "assign":
        assign_lead_officer(case=case, officer=officer, actor=actor)
    elif action == "acknowledge":
        lifecycle.acknowledge(case=case, actor=actor, definition="The roof leaks")
    elif action == "respond":
        lifecycle.respond(case=case, actor=actor, outcome=Outcome.NOT_UPHELD, reasons="Repaired in May")
    elif action == "escalate":
        lifecycle.escalate(case=case, actor=actor, requested_on=today, handler=officer)
    elif action == "customer asks":  # a call back: the customer is owed something, whatever the case's status
        raise_request(CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.CALLBACK, phone="01234"))
    elif action == "request done":
        waiting = CustomerRequest.objects.waiting().filter(case=case).first()
        if waiting is not None:
            complete_request(request=waiting, actor=actor, note="Called back")
    elif action == "close":
        lifecycle.close(case=case, actor=actor, outstanding_reason="Agreed", outstanding_confirmed=True)
    elif action == "decline":
        lifecycle.decline(case=case, actor=actor, reason="Out of time", signposted_to_ombudsman=True)
    elif action == "withdraw":
        lifecycle.withdraw(case=case, actor=actor, note="Sorted out")
    elif action == "reopen":
        lifecycle.reopen(case=case, actor=actor, reason="New evidence", respond_by=today)
    elif action == "merge":
        lifecycle.merge(case=case, into=other, actor=actor)
    elif action == "split":
        details = lifecycle.CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A second issue",
            service_area=housing,
            title="Gutter",
            description="The gutter too.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        )
        lifecycle.split(case=case, actor=actor, details=details)


@given(steps)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_sequence_of_lifecycle_actions_keeps_the_handler_and_my_cases_as_the_stages_say(
    complaints_officer, lead_officer, waste_leader, head_of_service, housing, sequence
):
    officers = [lead_officer, waste_leader, head_of_service]
    with transaction.atomic():
        cases: list[Case] = []
        for action, which, whom in sequence:
            if action.startswith("log") or not cases:
                cases.append(_log(None if "without" in action else officers[whom], complaints_officer, housing))
                continue
            case = Case.objects.get(pk=cases[which % len(cases)].pk)
            other = Case.objects.get(pk=cases[(which + 1) % len(cases)].pk)
            with contextlib.suppress(RuleError):  # refused, and nothing changed: the sequence goes on
                _act(action, case, other, officers[whom], complaints_officer, housing)
                event(f"{action} taken")  # --hypothesis-show-statistics: which actions the examples took
        assert kept_handlers() == handlers_worked_out_from_the_stages()
        for officer in officers:
            for status, stage in (("open", None), ("any", None), ("open", 2)):
                assert my_cases(officer, status, stage) == my_cases_worked_out_from_the_stages(
                    officer, status, stage
                ), (
                    officer.username,
                    status,
                    stage,
                )
        transaction.set_rollback(True)


def test_a_stage_given_to_another_officer_moves_the_case_to_their_cases(make_case, lead_officer, waste_leader):
    case = make_case(lead=lead_officer)
    assert case.current_handler == lead_officer

    lifecycle.hand_stage_to(case, case.current_stage, waste_leader)

    case.refresh_from_db()
    assert case.current_handler == waste_leader
    assert case.reference in my_cases(waste_leader, "open")
    assert kept_handlers() == handlers_worked_out_from_the_stages()


def test_the_upgrade_gives_existing_cases_their_current_stages_handler(make_case, lead_officer, head_of_service):
    """Cases that were there before the handler was kept get it when `migrate` runs (migration cases/0032)."""
    from importlib import import_module

    from django.apps import apps

    escalated = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=escalated, actor=lead_officer, definition="Leak")
    lifecycle.respond(case=escalated, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Repaired")
    lifecycle.escalate(case=escalated, actor=lead_officer, requested_on=timezone.localdate(), handler=head_of_service)
    make_case(lead=None)
    Case.objects.update(current_handler=None)

    migration = import_module("putright.cases.migrations.0032_current_handler")
    migration.set_current_handlers_and_numbers(apps, None)

    assert kept_handlers() == handlers_worked_out_from_the_stages()
    assert kept_handlers()[escalated.reference] == (head_of_service.pk, 2)
