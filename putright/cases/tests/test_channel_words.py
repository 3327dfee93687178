"""How a contact came in reads as English on the case page and the timeline: "an email", "a councillor or MP"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import CHANNEL_CONTACT, CHANNEL_RECEIVED, CaseKind, Channel
from putright.cases.lifecycle import CaseDetails
from putright.cases.services import CustomerDetails, log_case
from putright.procedures.selectors import current_version

pytestmark = pytest.mark.django_db


def test_every_channel_has_its_words():
    assert set(CHANNEL_CONTACT) == set(CHANNEL_RECEIVED) == set(Channel)


@pytest.mark.parametrize(
    ("channel", "logged", "received"),
    [
        (Channel.EMAIL, "Complaint logged from an email, under ", "by email"),
        (Channel.COUNCILLOR, "Complaint logged from a councillor or MP, under ", "through a councillor or MP"),
        (Channel.IN_PERSON, "Complaint logged from a visit in person, under ", "in person"),
    ],
)
def test_the_timeline_and_case_page_say_how_it_came_in(client, complaints_officer, housing, channel, logged, received):
    case = log_case(
        channel=channel,
        received_at=timezone.now(),
        raw_text="The bins were missed again.",
        actor=complaints_officer,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="Dissatisfied",
            service_area=housing,
            title="Bins missed",
            description="The bins were missed again.",
            procedure_version=current_version("joint-code"),
        ),
        customer_details=CustomerDetails(first_name="Ann", last_name="Jones", email="ann@example.org"),
    )

    assert case.events.get().summary.startswith(logged)
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f" {received}</dd>" in page
    assert "a email" not in page and "councillor or mp" not in page
