"""A response that answered split parts together is escalated as one: the lead takes its parts to the next stage,
and a part cannot be escalated on its own."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, CaseStatus, EventKind, Outcome, RemedyType
from putright.cases.lifecycle import CaseDetails, RemedyDetails
from putright.cases.split_parts import answered_with, remedies_the_customer_reads_on
from putright.core.errors import TransitionError
from putright.procedures.selectors import current_version

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 20)
ASKED_ON = date(2026, 3, 18)


def split_off(case, actor, service, officer, *, together: bool, title: str):
    return lifecycle.split(
        case=case,
        actor=actor,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A separate issue for another service",
            service_area=service,
            title=title,
            description="Also my bins were missed three weeks running.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        ),
        answered_together=together,
    )


def answer(case, actor, remedies=()):
    if "acknowledge" in lifecycle.allowed_actions(case):  # a part answered together is acknowledged with its lead
        case = lifecycle.acknowledge(
            case=case, actor=actor, definition=case.title, acknowledged_on=date(2026, 3, 3), today=TODAY
        )
    return lifecycle.respond(
        case=case,
        actor=actor,
        outcome=Outcome.PARTLY_UPHELD,
        reasons="Some of it went wrong.",
        remedies=remedies,
        responded_on=date(2026, 3, 16),
        today=TODAY,
    )


@pytest.fixture
def answered(make_case, lead_officer, complaints_officer, waste, waste_leader):
    """A roof complaint (the lead) with two parts split off: bins answered together, noise answered separately;
    every one answered at stage 1, the lead's response carrying the bins part's decision."""
    lead = make_case(received_at=MONDAY, lead=lead_officer)
    bins = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
    noise = split_off(lead, complaints_officer, waste, waste_leader, together=False, title="Noise from next door")
    bins = answer(bins, waste_leader)
    noise = answer(noise, waste_leader)
    lead = answer(lead, lead_officer)
    return lead, bins, noise


def refresh(*cases):
    return [type(case).objects.select_related("current_stage").get(pk=case.pk) for case in cases]


def test_escalating_the_lead_takes_the_parts_answered_together_to_the_next_stage_on_the_same_day(
    answered, complaints_officer, head_of_service
):
    lead, bins, noise = answered

    lifecycle.escalate(case=lead, actor=complaints_officer, requested_on=ASKED_ON, handler=head_of_service, today=TODAY)

    lead, bins, noise = refresh(lead, bins, noise)
    assert (lead.status, lead.current_stage.number) == (CaseStatus.ESCALATED, 2)
    assert (bins.status, bins.current_stage.number) == (CaseStatus.ESCALATED, 2)
    assert bins.current_stage.received_date == lead.current_stage.received_date == ASKED_ON
    assert bins.current_stage.handler == head_of_service
    # Answered separately: the noise part has its own response and its own right to ask.
    assert (noise.status, noise.current_stage.number) == (CaseStatus.RESPONDED, 1)
    part_event = bins.events.get(kind=EventKind.ESCALATED)
    assert f"Answered together with {lead.reference}, so escalated with it." in part_event.summary
    assert part_event.is_visible_to_customer and part_event.data["with"] == lead.reference
    lead_event = lead.events.get(kind=EventKind.ESCALATED)
    assert f"{bins.reference}, answered together with this case, moved to the next stage with it." in (
        lead_event.summary
    )
    assert lead_event.data["parts"] == [bins.reference]
    # Still answered together at stage 2: the lead's stage 2 response carries the part's decision.
    assert answered_with(bins) == lead


def test_a_part_answered_together_cannot_be_escalated_on_its_own(answered, complaints_officer, head_of_service):
    lead, bins, _noise = answered

    with pytest.raises(TransitionError) as error:
        lifecycle.escalate(
            case=bins, actor=complaints_officer, requested_on=ASKED_ON, handler=head_of_service, today=TODAY
        )

    assert error.value.message == (
        f"{bins.reference} is answered together with {lead.reference}, so it moves to the next stage when "
        f"{lead.reference} is escalated, in one decision. Escalate {lead.reference} instead."
    )
    (bins,) = refresh(bins)
    assert (bins.status, bins.current_stage.number) == (CaseStatus.RESPONDED, 1)
    assert not bins.events.filter(kind=EventKind.ESCALATED).exists()


def test_the_lifecycle_says_the_part_goes_with_its_lead_and_offers_no_escalation_on_it(answered):
    lead, bins, noise = answered

    assert lifecycle.escalation_refusal(bins, requested_on=ASKED_ON) == "with_lead"
    assert "escalate" not in lifecycle.allowed_actions(bins)
    assert lifecycle.unavailable_reason(bins, "escalate").startswith(
        f"{bins.reference} is answered together with {lead.reference}"
    )
    # The lead and the part answered separately escalate as usual.
    assert lifecycle.escalation_refusal(lead, requested_on=ASKED_ON) == ""
    assert lifecycle.escalation_refusal(noise, requested_on=ASKED_ON) == ""
    assert "escalate" in lifecycle.allowed_actions(lead)


def test_a_part_whose_earlier_handler_would_handle_stage_two_stops_the_lead_escalating_with_the_reason(
    answered, complaints_officer, waste_leader
):
    lead, bins, _noise = answered

    with pytest.raises(TransitionError) as error:
        lifecycle.escalate(
            case=lead, actor=complaints_officer, requested_on=ASKED_ON, handler=waste_leader, today=TODAY
        )

    assert error.value.message == (
        f"{waste_leader} handled an earlier stage of {bins.reference}, answered with this case. Stage 2 must be "
        "handled by someone else (Complaint Handling Code 6.13)"
    )
    (lead,) = refresh(lead)
    assert lead.status == CaseStatus.RESPONDED  # nothing moved


def test_a_part_decided_after_the_lead_responded_answers_for_itself_and_escalates_alone(
    make_case, lead_officer, complaints_officer, waste, waste_leader, head_of_service
):
    lead = make_case(received_at=MONDAY, lead=lead_officer)
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
    lead = lifecycle.acknowledge(
        case=lead, actor=lead_officer, definition="Roof", acknowledged_on=date(2026, 3, 3), today=TODAY
    )
    lifecycle.respond(
        case=lead,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The roofer did not come.",
        responded_on=date(2026, 3, 16),
        parts_waiting_confirmed=True,
        parts_waiting_reason="The waste service needs another week.",
        today=TODAY,
    )
    part = answer(part, waste_leader)  # its own response went to the customer

    assert answered_with(part) is None
    lifecycle.escalate(case=part, actor=complaints_officer, requested_on=ASKED_ON, handler=head_of_service, today=TODAY)
    (part,) = refresh(part)
    assert part.current_stage.number == 2


def test_remedies_on_a_part_answered_together_are_read_on_the_lead_not_the_part(
    make_case, lead_officer, complaints_officer, waste, waste_leader
):
    lead = make_case(received_at=MONDAY, lead=lead_officer)
    part = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
    answer(part, waste_leader, [RemedyDetails(RemedyType.FINANCIAL, "For the missed bins.", amount=Decimal("25"))])
    answer(lead, lead_officer, [RemedyDetails(RemedyType.APOLOGY, "We apologise for the leak.")])

    # Owed for one response, read in one place: the lead's.
    assert [remedy.description for remedy in remedies_the_customer_reads_on(lead)] == [
        "For the missed bins.",
        "We apologise for the leak.",
    ]
    assert remedies_the_customer_reads_on(part) == []


def test_the_staff_page_offers_no_escalation_on_the_part_and_says_why_when_asked(
    client, answered, complaints_officer, frozen_today
):
    lead, bins, _noise = answered
    client.force_login(complaints_officer)
    escalate_part = reverse("cases:action", args=[bins.reference, "escalate"])

    page = client.get(reverse("cases:detail", args=[bins.reference])).content.decode()
    assert escalate_part not in page
    assert f"it moves to the next stage when {lead.reference} is escalated." in page
    assert (
        reverse("cases:action", args=[lead.reference, "escalate"])
        in client.get(reverse("cases:detail", args=[lead.reference])).content.decode()
    )

    # The lead's escalate form names the parts that go with it.
    lead_form = client.get(reverse("cases:action", args=[lead.reference, "escalate"])).content.decode()
    assert "They move to the next stage with it, on the same request and with the same handler:" in lead_form
    assert f"{bins.reference}</a> Bins not collected" in lead_form and "Noise from next door" not in lead_form

    response = client.get(escalate_part)

    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[bins.reference])
    shown = client.get(response.url).content.decode().replace("&#x27;", "'")
    assert (
        f"{bins.reference} is answered together with {lead.reference}, so it moves to the next stage when "
        f"{lead.reference} is escalated, in one decision. Escalate {lead.reference} instead."
    ) in shown


def test_acknowledging_the_lead_acknowledges_its_parts_answered_together_on_the_same_day(
    make_case, lead_officer, complaints_officer, waste, waste_leader
):
    lead = make_case(received_at=MONDAY, lead=lead_officer)
    bins = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
    noise = split_off(lead, complaints_officer, waste, waste_leader, together=False, title="Noise from next door")

    lifecycle.acknowledge(
        case=lead, actor=lead_officer, definition="Roof", acknowledged_on=date(2026, 3, 3), today=TODAY
    )

    lead, bins, noise = refresh(lead, bins, noise)
    assert bins.status == CaseStatus.ACKNOWLEDGED and bins.current_stage.acknowledged_date == date(2026, 3, 3)
    event = bins.events.get(kind=EventKind.ACKNOWLEDGED)
    assert f"Answered together with {lead.reference}, so acknowledged with it." in event.summary
    assert noise.status == CaseStatus.RECEIVED  # answered separately: acknowledged on its own
    with pytest.raises(TransitionError, match=f"Acknowledge {lead.reference} instead"):
        lifecycle.acknowledge(case=bins, actor=waste_leader, definition="Bins", today=TODAY)


def test_the_part_page_offers_no_acknowledgement_of_its_own_and_says_why_first(
    client, make_case, lead_officer, complaints_officer, waste, waste_leader, frozen_today
):
    lead = make_case(lead=lead_officer)
    bins = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
    client.force_login(waste_leader)

    page = client.get(reverse("cases:detail", args=[bins.reference])).content.decode()
    assert "Acknowledge stage 1" not in page
    assert reverse("cases:action", args=[bins.reference, "acknowledge"]) not in page
    assert "<strong>Acknowledge</strong>" not in page
    explanation = page.index(f"it is acknowledged when {lead.reference} is acknowledged")
    assert explanation < page.index('id="due"')  # on the first screen, before what is due
    refused = client.get(reverse("cases:action", args=[bins.reference, "acknowledge"]), follow=True)
    assert f"Acknowledge {lead.reference} instead" in refused.content.decode()


def test_the_requests_queue_says_why_a_part_answered_together_cannot_be_escalated_as_its_case_page_does(
    client, answered, complaints_officer
):
    from putright.cases.models import CustomerRequest
    from putright.cases.requests import raise_request
    from putright.cases.tests.test_views import sign_in

    lead, bins, noise = answered
    for case in (lead, bins, noise):
        raise_request(CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=1))
    cases = refresh(lead, bins, noise)
    reasons = lifecycle.escalation_unavailable_reasons(cases)
    assert reasons == {case.pk: lifecycle.unavailable_reason(case, "escalate") for case in cases}
    assert reasons[bins.pk].startswith(f"{bins.reference} is answered together with {lead.reference}")

    sign_in(client, complaints_officer)
    page = client.get(reverse("cases:customer_requests")).content.decode()
    rows = {case.reference: page.split(f">{case.reference}<", 1)[1].split("</tr>", 1)[0] for case in cases}
    assert f"so it moves to the next stage when {lead.reference} is escalated" in rows[bins.reference]
    assert f"Escalate {lead.reference} instead." in rows[bins.reference]
    assert "Cannot be escalated now" not in page
    for case in (lead, noise):
        assert reverse("cases:action", args=[case.reference, "escalate"]) in rows[case.reference]
