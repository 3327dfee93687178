"""A multi-issue complaint split into cases answered together: one response from the lead covers each part."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, CaseStatus, EventKind, LinkKind, Outcome
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import CaseLink
from putright.cases.split_parts import joint_parts, split_parts
from putright.core.errors import TransitionError
from putright.notifications.models import OutboundMessage
from putright.procedures.selectors import current_version

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 20)


@pytest.fixture
def lead(make_case, lead_officer):
    return make_case(received_at=MONDAY, lead=lead_officer)


def split_off(case, actor, service, officer, *, together: bool, title: str = "Bins not collected"):
    return lifecycle.split(
        case=case,
        actor=actor,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A separate issue for the waste service",
            service_area=service,
            title=title,
            description="Also my bins were missed three weeks running.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        ),
        answered_together=together,
    )


def acknowledge(case, actor):
    if "acknowledge" not in lifecycle.allowed_actions(case):  # a part answered together is acknowledged with its lead
        return type(case).objects.get(pk=case.pk)
    return lifecycle.acknowledge(
        case=case, actor=actor, definition=case.title, acknowledged_on=date(2026, 3, 3), today=TODAY
    )


def respond(case, actor, outcome=Outcome.UPHELD, reasons="The crew missed the street.", **extra):
    return lifecycle.respond(
        case=case, actor=actor, outcome=outcome, reasons=reasons, responded_on=date(2026, 3, 16), today=TODAY, **extra
    )


def responses(case):
    return OutboundMessage.objects.filter(case=case, template_name="stage_response")


def test_the_choice_to_answer_together_is_recorded_on_the_link_and_both_timelines(
    lead, complaints_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True)

    link = CaseLink.objects.get(from_case=part, to_case=lead, kind=LinkKind.SPLIT_FROM)
    assert link.answered_together
    part_event = part.events.get(kind=EventKind.SPLIT)
    lead_event = lead.events.get(kind=EventKind.SPLIT)
    assert f"Answered together in one response from {lead.reference}." in part_event.summary
    assert "Answered together in this case's response." in lead_event.summary
    assert part_event.data["answered_together"] is True and lead_event.data["answered_together"] is True


def test_the_choice_to_answer_separately_is_recorded_too(lead, complaints_officer, waste, waste_leader):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=False)

    assert not CaseLink.objects.get(from_case=part, to_case=lead).answered_together
    assert "Answered separately" in part.events.get(kind=EventKind.SPLIT).summary
    assert "Answered separately." in lead.events.get(kind=EventKind.SPLIT).summary
    assert joint_parts(lead) == []
    assert [p.case for p in split_parts(lead)] == [part]


def test_a_part_answered_together_records_its_decision_but_sends_the_customer_nothing(
    lead, complaints_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True)
    part = acknowledge(part, waste_leader)

    part = respond(part, waste_leader, Outcome.PARTLY_UPHELD, "Two of the three collections were missed.")

    assert part.status == CaseStatus.RESPONDED
    event = part.events.get(kind=EventKind.RESPONDED)
    assert event.data["answered_with"] == lead.reference
    assert f"Answered with {lead.reference}'s response; nothing is sent for this part." in event.summary
    assert not event.is_visible_to_customer  # their online account does not say a response was sent
    assert not responses(part).exists()
    [answered] = joint_parts(lead)
    assert answered.outcome == "Partly upheld" and answered.reasons == "Two of the three collections were missed."


def test_a_part_answered_separately_sends_its_own_response(lead, complaints_officer, waste, waste_leader):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=False)
    part = respond(acknowledge(part, waste_leader), waste_leader)

    assert "answered_with" not in part.events.get(kind=EventKind.RESPONDED).data
    assert responses(part).count() == 1


def test_a_part_decided_after_the_lead_has_responded_goes_in_its_own_response(
    lead, complaints_officer, lead_officer, waste, waste_leader
):
    """The lead's letter has gone: the part's decision would otherwise never reach the customer."""
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True)
    respond(acknowledge(lead, lead_officer), lead_officer, parts_waiting_confirmed=True, parts_waiting_reason="Urgent")

    part = respond(acknowledge(part, waste_leader), waste_leader)

    assert "answered_with" not in part.events.get(kind=EventKind.RESPONDED).data
    assert responses(part).count() == 1


def test_the_lead_response_letter_gives_each_parts_decision_and_reasons(
    lead, complaints_officer, lead_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True)
    respond(acknowledge(part, waste_leader), waste_leader, Outcome.NOT_UPHELD, "Every collection was made on time.")

    lead = respond(acknowledge(lead, lead_officer), lead_officer, reasons="The contractor did not attend.")

    [message] = responses(lead)
    assert (
        f"Bins not collected ({part.reference})\nOur decision: Not upheld\nEvery collection was made on time."
        in message.body_text
    )
    assert f"<h3>Bins not collected ({part.reference})</h3>" in message.body_html
    # The part's title starts its own line: no capital letter in the middle of a sentence.
    assert "Your complaint about Bins" not in message.body_text
    assert not lead.events.filter(kind=EventKind.RESPONDED_PARTS_OPEN).exists()


def test_a_part_answered_separately_is_not_in_the_lead_letter(
    lead, complaints_officer, lead_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=False)
    respond(acknowledge(part, waste_leader), waste_leader)

    lead = respond(acknowledge(lead, lead_officer), lead_officer)

    [message] = responses(lead)
    assert part.reference not in message.body_text


def test_responding_on_the_lead_while_a_part_has_no_decision_needs_confirming_with_a_reason(
    lead, complaints_officer, lead_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True)
    lead = acknowledge(lead, lead_officer)

    with pytest.raises(TransitionError) as refused:
        respond(lead, lead_officer)
    assert refused.value.field == "parts_waiting_confirmed"
    assert f"{part.reference} is answered in this response but has no decision yet" in str(refused.value)
    with pytest.raises(TransitionError) as no_reason:
        respond(lead, lead_officer, parts_waiting_confirmed=True)
    assert no_reason.value.field == "parts_waiting_reason"
    lead.refresh_from_db()
    assert lead.status == CaseStatus.ACKNOWLEDGED and not responses(lead).exists()

    lead = respond(
        lead,
        lead_officer,
        parts_waiting_confirmed=True,
        parts_waiting_reason="The waste service needs another fortnight; the customer agreed.",
    )

    event = lead.events.get(kind=EventKind.RESPONDED_PARTS_OPEN)
    assert part.reference in event.summary and "the customer agreed" in event.summary
    assert not event.is_visible_to_customer
    assert responses(lead).count() == 1


def test_a_case_at_stage_two_cannot_be_answered_together_with_a_new_stage_one_part(
    lead, complaints_officer, lead_officer, waste, waste_leader
):
    lead = respond(acknowledge(lead, lead_officer), lead_officer)
    lead = lifecycle.escalate(
        case=lead, actor=complaints_officer, requested_on=date(2026, 3, 18), handler=complaints_officer, today=TODAY
    )

    with pytest.raises(TransitionError) as refused:
        split_off(lead, complaints_officer, waste, waste_leader, together=True)

    assert refused.value.field == "answer"
    assert f"{lead.reference} is at stage 2 and the new case starts at stage 1" in str(refused.value)
    assert not CaseLink.objects.filter(to_case=lead).exists()
    assert split_off(lead, complaints_officer, waste, waste_leader, together=False).status == CaseStatus.RECEIVED
