"""A complaint split into parts answered together, as the resident sees it in their account: each part points to the
case whose response answers it, offers no stage 2 of its own, and its promises are read on that case."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, CaseStatus, Outcome, RemedyType
from putright.cases.lifecycle import CaseDetails, RemedyDetails
from putright.cases.models import Case
from putright.procedures.selectors import current_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def page(client, name: str, case: Case) -> tuple[int, str]:
    response = client.get(reverse(name, args=[case.reference]))
    return response.status_code, html.unescape(response.content.decode())


def split_off(case: Case, actor, service, officer, *, together: bool, title: str) -> Case:
    return lifecycle.split(
        case=case,
        actor=actor,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A separate issue for the waste service",
            service_area=service,
            title=title,
            description="Also my bins were missed.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        ),
        answered_together=together,
    )


def answer(case: Case, officer, *remedies: RemedyDetails) -> Case:
    if "acknowledge" in lifecycle.allowed_actions(case):  # a part answered together is acknowledged with its lead
        case = lifecycle.acknowledge(case=case, actor=officer, definition=case.title)
    return lifecycle.respond(
        case=case, actor=officer, outcome=Outcome.PARTLY_UPHELD, reasons="Some went wrong.", remedies=remedies
    )


@pytest.fixture
def lead(make_case, lead_officer) -> Case:
    return make_case(lead=lead_officer, title="Roof leak not repaired")


@pytest.fixture
def part(lead, complaints_officer, waste, waste_leader) -> Case:
    return split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")


def test_a_part_being_answered_together_points_to_the_lead(ann, lead, part):
    status, text = page(ann, "portal:customer_case", part)

    assert status == 200
    assert f"We are answering this together with {lead.reference}, in one response." in text
    assert f'href="{reverse("portal:customer_case", args=[lead.reference])}">Go to {lead.reference}</a>' in text
    assert f"Our response to {lead.reference} answers this too" in text  # what happens next: the lead's response
    assert "Our stage 1 response is due by" not in text


def test_the_part_does_not_pass_off_our_description_as_the_customers_words(ann, lead, part):
    _status, text = page(ann, "portal:customer_case", part)
    assert "What this part is about" in text and "What you told us" not in text
    _status, lead_text = page(ann, "portal:customer_case", lead)
    assert "What you told us" in lead_text and "What this part is about" not in lead_text


def test_once_the_lead_has_answered_the_part_points_to_its_letter_and_offers_no_stage_2_of_its_own(
    ann, lead, part, lead_officer, waste_leader
):
    answer(part, waste_leader)
    answer(lead, lead_officer)

    status, text = page(ann, "portal:customer_case", part)

    assert status == 200
    assert f"We answered this together with {lead.reference}, in one response." in text
    assert (
        f'href="{reverse("portal:customer_case", args=[lead.reference])}">Read our response on {lead.reference}</a>'
        in (text)
    )
    assert "We responded" not in text
    assert reverse("portal:escalate", args=[part.reference]) not in text
    assert f"If you are unhappy with our response, ask for the next stage on {lead.reference}." in text
    # The lead offers it, for both.
    status, lead_text = page(ann, "portal:customer_case", lead)
    assert reverse("portal:escalate", args=[lead.reference]) in lead_text
    assert "We answered this together with" not in lead_text
    # and names the part it answered, with a link to it.
    assert "Answered together with" in lead_text
    assert (
        f'href="{reverse("portal:customer_case", args=[part.reference])}">{part.reference}</a> Bins not collected'
        in (lead_text)
    )


def test_asking_for_stage_2_on_the_part_sends_the_resident_to_the_lead_and_records_nothing(
    ann, lead, part, lead_officer, waste_leader
):
    answer(part, waste_leader)
    answer(lead, lead_officer)

    status, text = page(ann, "portal:escalate", part)
    assert status == 200
    assert f"Ask for the next stage on {lead.reference}" in text
    assert "<form" not in text.split('id="main-content"')[1]

    response = ann.post(reverse("portal:escalate", args=[part.reference]))

    assert response.status_code == 200
    assert not part.customer_requests.exists()
    part.refresh_from_db()
    assert part.status == CaseStatus.RESPONDED


def test_the_lead_lists_what_the_parts_answered_with_it_promised(ann, lead, part, lead_officer, waste_leader):
    day = timezone.localdate()
    answer(part, waste_leader, RemedyDetails(RemedyType.FINANCIAL, "Refund the garden waste fee", Decimal("40"), day))
    answer(lead, lead_officer, RemedyDetails(RemedyType.ACTION_ON_DELAY, "Repair the roof"))

    _status, lead_text = page(ann, "portal:customer_case", lead)
    _status, part_text = page(ann, "portal:customer_case", part)

    assert "We still have to do what we promised" in lead_text
    assert "Refund the garden waste fee" in lead_text and "Repair the roof" in lead_text
    assert "Refund the garden waste fee" not in part_text  # read in one place: the lead's


def test_a_part_answered_separately_keeps_its_own_response_and_stage_2(
    ann, lead, complaints_officer, waste, waste_leader
):
    separate = split_off(lead, complaints_officer, waste, waste_leader, together=False, title="Noise next door")
    answer(separate, waste_leader)

    _status, text = page(ann, "portal:customer_case", separate)

    assert "We responded" in text
    assert "answering this together" not in text and "answered this together" not in text
    assert reverse("portal:escalate", args=[separate.reference]) in text


def test_the_pointer_reads_in_welsh(ann, lead, part, lead_officer, waste_leader):
    answer(part, waste_leader)
    answer(lead, lead_officer)
    ann.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    _status, text = page(ann, "portal:customer_case", part)

    assert f"Gwnaethom ateb hyn gyda {lead.reference}, mewn un ymateb." in text
    assert f"Darllenwch ein hymateb ar {lead.reference}" in text
    assert f"Mae ein hymateb i {lead.reference} yn ateb hyn hefyd" in text


def test_your_cases_in_welsh_points_the_part_to_the_lead_and_lists_the_promises_there(
    ann, lead, part, lead_officer, waste_leader, complaints_officer, waste
):
    split_off(lead, complaints_officer, waste, waste_leader, together=False, title="Noise next door")
    day = timezone.localdate()
    answer(part, waste_leader, RemedyDetails(RemedyType.FINANCIAL, "Refund the garden waste fee", Decimal("40"), day))
    answer(lead, lead_officer, RemedyDetails(RemedyType.ACTION_ON_DELAY, "Repair the roof"))
    ann.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    text = html.unescape(ann.get(reverse("portal:your_cases")).content.decode())

    assert text.count(f"Mae ein hymateb i {lead.reference} yn ateb hyn hefyd") == 1  # the part; not the separate one
    assert text.count("Mae angen i ni wneud yr hyn a addawyd gennym o hyd") == 1  # on the lead only
    assert text.count("Refund the garden waste fee") == 1 and text.count("Repair the roof") == 1
