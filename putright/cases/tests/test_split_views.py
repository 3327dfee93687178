"""The pages for splitting a complaint and answering its parts together: the choice, the response form, the case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, CaseStatus, EventKind, LinkKind, Outcome
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Case, CaseLink
from putright.procedures.models import Procedure
from putright.procedures.selectors import current_version

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def lead(make_case, lead_officer):
    case = make_case(lead=lead_officer)
    return lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak")


def split_off(lead, actor, waste, officer, *, together=True):
    return lifecycle.split(
        case=lead,
        actor=actor,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A separate issue",
            service_area=waste,
            title="Bins not collected",
            description="My bins were missed.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        ),
        answered_together=together,
    )


def action_url(case, slug):
    return reverse("cases:action", args=[case.reference, slug])


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_splitting_asks_how_the_customer_is_answered_and_records_the_choice(client, lead, complaints_officer, waste):
    client.force_login(complaints_officer)
    url = action_url(lead, "split")
    form = {
        "lock_version": lead.lock_version,
        "title": "Bins not collected",
        "description": "My bins were missed.",
        "kind": CaseKind.COMPLAINT,
        "kind_reason": "A separate issue",
        "service_area": waste.pk,
        "procedure": Procedure.objects.get(slug="joint-code").pk,
    }
    assert "How will the customer be answered?" in page(client, url)

    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Select whether the cases are answered together or separately" in refused.content.decode()
    assert not CaseLink.objects.filter(to_case=lead).exists()

    response = client.post(url, {**form, "answer": "together"})

    link = CaseLink.objects.get(to_case=lead, kind=LinkKind.SPLIT_FROM)
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[link.from_case.reference])
    assert link.answered_together


def test_the_lead_respond_form_shows_each_joint_part_and_asks_to_confirm_a_missing_decision(
    client, lead, complaints_officer, lead_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader)
    lead.refresh_from_db()  # splitting changed it
    client.force_login(lead_officer)
    url = action_url(lead, "respond")

    text = page(client, url)
    assert "Parts answered in this response" in text
    assert part.reference in text and "Not yet answered" in text
    assert "I confirm this response goes without the decision on the parts listed above" in text

    response = client.post(url, {"lock_version": lead.lock_version, "outcome": Outcome.UPHELD, "reasons": "Late."})
    assert response.status_code == 200
    assert f"{part.reference} is answered in this response but has no decision yet" in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == CaseStatus.ACKNOWLEDGED

    response = client.post(
        url,
        {
            "lock_version": lead.lock_version,
            "outcome": Outcome.UPHELD,
            "reasons": "Late.",
            "parts_waiting_confirmed": "on",
            "parts_waiting_reason": "The waste service needs longer.",
        },
    )
    assert response.status_code == 302
    assert lead.events.filter(kind=EventKind.RESPONDED_PARTS_OPEN).exists()


def test_once_the_part_is_decided_the_lead_form_shows_its_decision_and_asks_nothing_more(
    client, lead, complaints_officer, lead_officer, waste, waste_leader
):
    part = split_off(lead, complaints_officer, waste, waste_leader)
    assert part.events.filter(kind=EventKind.ACKNOWLEDGED).exists()  # with the lead, acknowledged before the split

    client.force_login(waste_leader)
    part_form = page(client, action_url(part, "respond"))
    assert "This part is answered together with" in part_form and "nothing is sent to the customer" in part_form
    response = client.post(
        action_url(part, "respond"),
        {
            "lock_version": Case.objects.get(pk=part.pk).lock_version,
            "outcome": Outcome.NOT_UPHELD,
            "reasons": "Every bin was emptied.",
        },
    )
    assert response.status_code == 302

    client.force_login(lead_officer)
    text = page(client, action_url(lead, "respond"))
    assert "Not upheld." in text and "Every bin was emptied." in text
    assert "Not yet answered" not in text and "parts_waiting_confirmed" not in text


def test_the_case_page_lists_the_parts_and_how_each_is_answered(client, lead, complaints_officer, waste, waste_leader):
    together = split_off(lead, complaints_officer, waste, waste_leader, together=True)
    separately = split_off(lead, complaints_officer, waste, waste_leader, together=False)
    client.force_login(complaints_officer)

    text = page(client, reverse("cases:detail", args=[lead.reference]))
    assert "Split parts" in text
    assert together.reference in text and "Together, in this case's response" in text
    assert separately.reference in text and "Separately, in its own response" in text
    assert text.count("Not yet answered") == 2

    part_page = page(client, reverse("cases:detail", args=[together.reference]))
    assert f"its decision goes in {lead.reference}'s response" in part_page
    assert "Split parts" not in page(client, reverse("cases:detail", args=[separately.reference]))


def test_a_case_with_no_parts_shows_no_split_section(client, lead, complaints_officer):
    client.force_login(complaints_officer)
    assert "Split parts" not in page(client, reverse("cases:detail", args=[lead.reference]))
    assert Case.objects.count() == 1
