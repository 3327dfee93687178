"""The lifecycle: every transition, its refusals, the timeline, conflicts and references."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from putright.cases import lifecycle, services
from putright.cases.choices import CaseKind, CaseStatus, EventKind, LinkKind, Outcome, RemedyType, StageStatus
from putright.cases.lifecycle import CaseDetails, RemedyDetails
from putright.cases.models import Case, CaseLink, Contact, ReferenceSequence, Remedy, TimelineEvent
from putright.core.errors import ConflictError, TransitionError
from putright.people.models import Customer
from putright.procedures.selectors import current_version

LONDON = ZoneInfo("Europe/London")
FRIDAY_BEFORE_CHRISTMAS = datetime(2025, 12, 19, 10, 30, tzinfo=LONDON)
TODAY = date(2026, 2, 2)


def kinds(case: Case) -> list[str]:
    return list(case.events.order_by("occurred_at", "id").values_list("kind", flat=True))


@pytest.fixture
def complaint(make_case, lead_officer):
    return make_case(received_at=FRIDAY_BEFORE_CHRISTMAS, lead=lead_officer)


def test_logging_starts_the_stage_one_clock_on_the_day_of_receipt(complaint, lead_officer):
    stage = complaint.current_stage
    assert complaint.reference == "PR-2025-00001"
    assert complaint.status == CaseStatus.RECEIVED
    # 5 working days after Fri 19 Dec 2025, skipping the weekend, Christmas Day and Boxing Day.
    assert stage.acknowledge_due_date == date(2025, 12, 30)
    # Not yet acknowledged: 10 working days after the latest acknowledgement date (New Year's Day skipped).
    assert stage.response_due_date == date(2026, 1, 14)
    assert stage.handler == lead_officer
    assert complaint.next_due_date == date(2025, 12, 30)
    assert complaint.next_due_label == "Stage 1 acknowledgement"
    explanation = " ".join(stage.due_explanation)
    assert "Christmas Day" in explanation and "Boxing Day" in explanation and "New Year" in explanation
    assert kinds(complaint) == [EventKind.LOGGED, EventKind.LEAD_OFFICER_CHANGED]


def test_acknowledging_sets_the_response_date_from_the_acknowledgement(complaint, lead_officer):
    case = lifecycle.acknowledge(
        case=complaint,
        actor=lead_officer,
        definition="Roof leak not repaired since March",
        acknowledged_on=date(2025, 12, 22),
        today=TODAY,
    )
    stage = case.current_stage
    stage.refresh_from_db()
    assert case.status == CaseStatus.ACKNOWLEDGED
    assert stage.acknowledged_date == date(2025, 12, 22)
    # 10 working days after Mon 22 Dec: 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7, 8 Jan.
    assert stage.response_due_date == date(2026, 1, 8)
    assert case.next_due_date == date(2026, 1, 8)
    assert case.definition == "Roof leak not repaired since March"
    assert EventKind.ACKNOWLEDGED in kinds(case)


def test_acknowledging_a_complaint_needs_its_definition(complaint, lead_officer):
    complaint.definition = ""
    with pytest.raises(TransitionError) as error:
        lifecycle.acknowledge(case=complaint, actor=lead_officer, definition="  ", today=TODAY)
    assert error.value.field == "definition"
    complaint.refresh_from_db()
    assert complaint.status == CaseStatus.RECEIVED
    assert EventKind.ACKNOWLEDGED not in kinds(complaint)


def test_a_transition_the_status_does_not_allow_is_refused_with_the_reason(complaint, head_of_service):
    with pytest.raises(TransitionError) as error:
        lifecycle.escalate(
            case=complaint, actor=head_of_service, requested_on=date(2026, 1, 5), handler=head_of_service, today=TODAY
        )
    assert error.value.message == (
        f"{complaint.reference} is received, so it cannot be escalated. That is possible only when it is responded."
    )


def test_a_complaint_goes_through_both_code_stages_to_closure(complaint, lead_officer, head_of_service):
    case = lifecycle.acknowledge(
        case=complaint, actor=lead_officer, definition="Roof leak", acknowledged_on=date(2025, 12, 22), today=TODAY
    )
    case = lifecycle.start_investigation(case=case, actor=lead_officer)
    case = lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.PARTLY_UPHELD,
        reasons="The repair was late.",
        remedies=[RemedyDetails(RemedyType.FINANCIAL, "Time and trouble", Decimal("75.00"), date(2026, 1, 20))],
        outstanding_actions="Roof repair booked for 12 January",
        responded_on=date(2026, 1, 7),
        today=TODAY,
    )
    stage_one = case.stages.get(number=1)
    assert stage_one.status == StageStatus.RESPONDED and stage_one.outcome == Outcome.PARTLY_UPHELD
    assert Remedy.objects.get(stage=stage_one).amount == Decimal("75.00")
    assert case.next_due_date is None

    # The customer asks for stage 2 (no reason needed); a different person handles it.
    case = lifecycle.escalate(
        case=case, actor=lead_officer, requested_on=date(2026, 1, 12), handler=head_of_service, today=TODAY
    )
    stage_two = case.current_stage
    assert case.status == CaseStatus.ESCALATED and stage_two.number == 2
    assert stage_two.handler == head_of_service
    # 5 working days after Mon 12 Jan 2026 to acknowledge; 20 after that to respond (provisionally).
    assert stage_two.acknowledge_due_date == date(2026, 1, 19)
    assert stage_two.response_due_date == date(2026, 2, 16)
    # The preset's stage is called "Stage 2 (final response)": said once, not "Stage 2 (Stage 2 (final response))".
    escalated = case.events.filter(kind=EventKind.ESCALATED).get()
    assert escalated.summary.startswith("Escalated to Stage 2 (final response) at the customer's request of ")
    assert stage_two.title == "Stage 2 (final response)"

    case = lifecycle.acknowledge(
        case=case,
        actor=head_of_service,
        definition="Still unhappy with the delay",
        acknowledged_on=date(2026, 1, 13),
        today=TODAY,
    )
    case = lifecycle.respond(
        case=case,
        actor=head_of_service,
        outcome=Outcome.NOT_UPHELD,
        reasons="Stage 1 put things right.",
        responded_on=date(2026, 2, 2),
        today=TODAY,
    )
    with pytest.raises(TransitionError) as error:
        lifecycle.escalate(
            case=case, actor=lead_officer, requested_on=date(2026, 2, 2), handler=lead_officer, today=TODAY
        )
    assert "final stage" in error.value.message and "the Housing Ombudsman" in error.value.message  # a housing case

    # The stage 1 remedy was paid: with nothing outstanding, the case closes without a reason.
    services.complete_remedy(
        remedy=Remedy.objects.get(stage=stage_one), actor=lead_officer, completed_on=date(2026, 1, 20), evidence="Paid"
    )
    case = lifecycle.close(case=case, actor=head_of_service)
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert kinds(case) == [
        EventKind.LOGGED,
        EventKind.LEAD_OFFICER_CHANGED,
        EventKind.ACKNOWLEDGED,
        EventKind.INVESTIGATION_STARTED,
        EventKind.RESPONDED,
        EventKind.ESCALATED,
        EventKind.ACKNOWLEDGED,
        EventKind.RESPONDED,
        EventKind.REMEDY_DONE,
        EventKind.CLOSED,
    ]


def test_the_stage_two_handler_must_not_be_the_stage_one_handler(complaint, lead_officer):
    case = lifecycle.respond(
        case=complaint,
        actor=lead_officer,
        outcome=Outcome.NOT_UPHELD,
        reasons="No fault.",
        responded_on=date(2025, 12, 23),
        today=TODAY,
    )
    with pytest.raises(TransitionError) as error:
        lifecycle.escalate(
            case=case, actor=lead_officer, requested_on=date(2026, 1, 5), handler=lead_officer, today=TODAY
        )
    assert error.value.field == "handler"
    assert "must be handled by someone else" in error.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.RESPONDED and case.stages.count() == 1


def test_an_extension_within_the_cap_needs_no_good_reason_but_beyond_it_does(complaint, lead_officer):
    case = lifecycle.acknowledge(
        case=complaint, actor=lead_officer, definition="Roof leak", acknowledged_on=date(2025, 12, 22), today=TODAY
    )
    # Original response date Thu 8 Jan 2026; +10 working days is Thu 22 Jan: allowed without a good reason.
    case = lifecycle.extend(
        case=case,
        actor=lead_officer,
        new_due_date=date(2026, 1, 22),
        reason="Waiting for the roofer's report",
        agreed_with_customer=True,
        customer_agreed_on=date(2026, 1, 5),
        today=date(2026, 1, 5),
    )
    assert case.current_stage.response_due_date == date(2026, 1, 22)
    assert case.next_due_date == date(2026, 1, 22)
    assert any("Extended on" in line for line in case.current_stage.due_explanation)

    with pytest.raises(TransitionError) as error:
        lifecycle.extend(
            case=case,
            actor=lead_officer,
            new_due_date=date(2026, 1, 23),
            reason="More delay",
            agreed_with_customer=False,
            today=date(2026, 1, 6),
        )
    assert error.value.field == "good_reason"
    assert "11 working days after the original response date" in error.value.message

    case = lifecycle.extend(
        case=case,
        actor=lead_officer,
        new_due_date=date(2026, 1, 23),
        reason="More delay",
        agreed_with_customer=False,
        good_reason="Specialist survey needed",
        today=date(2026, 1, 6),
    )
    assert case.current_stage.extensions.count() == 2
    assert case.current_stage.response_due_date == date(2026, 1, 23)


def test_a_second_officer_working_from_a_stale_page_gets_a_conflict_and_nothing_changes(
    complaint, lead_officer, complaints_officer
):
    seen_version = complaint.lock_version
    lifecycle.acknowledge(
        case=complaint, actor=lead_officer, definition="Roof leak", expected_version=seen_version, today=TODAY
    )
    events_before = TimelineEvent.objects.filter(case=complaint).count()
    with pytest.raises(ConflictError) as error:
        lifecycle.decline(
            case=complaint,
            actor=complaints_officer,
            reason="Out of time",
            signposted_to_ombudsman=True,
            expected_version=seen_version,
        )
    assert "was changed by Liam Leader" in error.value.message
    assert "Nothing you entered has been saved" in error.value.message
    complaint.refresh_from_db()
    assert complaint.status == CaseStatus.ACKNOWLEDGED
    assert TimelineEvent.objects.filter(case=complaint).count() == events_before


def test_declining_requires_ombudsman_signposting_and_can_be_reopened(complaint, complaints_officer):
    with pytest.raises(TransitionError) as error:
        lifecycle.decline(
            case=complaint, actor=complaints_officer, reason="Legal proceedings started", signposted_to_ombudsman=False
        )
    assert error.value.field == "signposted_to_ombudsman"
    case = lifecycle.decline(
        case=complaint, actor=complaints_officer, reason="Legal proceedings started", signposted_to_ombudsman=True
    )
    assert case.status == CaseStatus.DECLINED and case.next_due_date is None
    case = lifecycle.reopen(
        case=case, actor=complaints_officer, reason="Proceedings withdrawn", respond_by=date(2026, 2, 20), today=TODAY
    )
    assert case.status == CaseStatus.RECEIVED
    assert case.current_stage.status == StageStatus.OPEN
    assert case.next_due_date == date(2025, 12, 30)  # the acknowledgement is still outstanding


def test_withdrawal_ends_the_stage_with_outcome_withdrawn(complaint, lead_officer):
    case = lifecycle.withdraw(case=complaint, actor=lead_officer, note="Customer rang to withdraw", today=TODAY)
    stage = case.stages.get(number=1)
    assert case.status == CaseStatus.CLOSED
    assert stage.outcome == Outcome.WITHDRAWN


def test_merging_folds_one_case_into_another(make_case, complaint, complaints_officer):
    duplicate = make_case(received_at=FRIDAY_BEFORE_CHRISTMAS)
    merged = lifecycle.merge(case=duplicate, into=complaint, actor=complaints_officer)
    assert merged.status == CaseStatus.MERGED
    assert CaseLink.objects.filter(from_case=duplicate, to_case=complaint, kind=LinkKind.MERGED_INTO).exists()
    assert complaint.events.filter(kind=EventKind.MERGED).exists()
    with pytest.raises(TransitionError):
        lifecycle.merge(case=complaint, into=complaint, actor=complaints_officer)


def test_splitting_makes_a_new_case_received_on_the_same_day(complaint, complaints_officer, waste):
    new_case = lifecycle.split(
        case=complaint,
        actor=complaints_officer,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="Separate issue",
            service_area=waste,
            title="Bins not collected",
            description="Also my bins were missed",
            procedure_version=current_version("joint-code"),
        ),
    )
    assert new_case.reference != complaint.reference
    assert new_case.received_at == complaint.received_at
    assert new_case.customer_id == complaint.customer_id
    assert new_case.current_stage.acknowledge_due_date == date(2025, 12, 30)
    assert CaseLink.objects.filter(from_case=new_case, to_case=complaint, kind=LinkKind.SPLIT_FROM).exists()
    assert complaint.events.filter(kind=EventKind.SPLIT).exists()


def test_a_comment_has_no_clock_and_is_simply_closed(make_case, complaints_officer):
    comment = make_case(kind=CaseKind.COMMENT, title="Suggestion about bins")
    assert comment.procedure_version is None and comment.current_stage is None
    assert lifecycle.allowed_actions(comment) == ["acknowledge", "close", "merge"]
    case = lifecycle.close(case=comment, actor=complaints_officer)
    assert case.status == CaseStatus.CLOSED


def test_references_count_up_per_year_and_are_never_reused(make_case):
    first = make_case(received_at=FRIDAY_BEFORE_CHRISTMAS)
    second = make_case(received_at=FRIDAY_BEFORE_CHRISTMAS)
    next_year = make_case(received_at=datetime(2026, 1, 5, 9, tzinfo=LONDON))
    assert (first.reference, second.reference, next_year.reference) == (
        "PR-2025-00001",
        "PR-2025-00002",
        "PR-2026-00001",
    )
    Case.objects.filter(pk=second.pk).delete()
    third = make_case(received_at=FRIDAY_BEFORE_CHRISTMAS)
    assert third.reference == "PR-2025-00003"
    assert ReferenceSequence.objects.get(year=2025).last_number == 3


def test_a_failure_part_way_through_logging_leaves_nothing_behind(complaints_officer, housing):
    from putright.cases.choices import Channel
    from putright.cases.services import CustomerDetails, log_case

    before = (Contact.objects.count(), Customer.objects.count(), Case.objects.count())
    with pytest.raises(TransitionError) as error:
        log_case(
            channel=Channel.LETTER,
            received_at=FRIDAY_BEFORE_CHRISTMAS,
            raw_text="Complaint",
            actor=complaints_officer,
            details=CaseDetails(
                kind=CaseKind.COMPLAINT,
                kind_reason="x",
                service_area=housing,
                title="t",
                description="d",
                procedure_version=None,
            ),
            customer_details=CustomerDetails(last_name="Jones"),
        )
    assert error.value.field == "procedure"
    assert (Contact.objects.count(), Customer.objects.count(), Case.objects.count()) == before
