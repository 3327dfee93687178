"""A late response: the customer reads an apology, not a date already gone, and the handler is asked for a new date."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import FROZEN_NOW
from putright.cases import lifecycle
from putright.cases.choices import EventKind
from putright.cases.models import Case, Stage
from putright.notifications.models import OutboundMessage
from putright.portal.tests.conftest import ANN, sign_in_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

WEEKS_LATER = FROZEN_NOW + timedelta(days=42)


@pytest.fixture
def late_case(make_case, lead_officer) -> Iterator[Case]:
    """Ann's complaint, acknowledged today; the test then runs six weeks on, past the response date."""
    case = make_case(lead=lead_officer)
    case = lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    with time_machine.travel(WEEKS_LATER, tick=True):
        yield case


def text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def due_date_of(case: Case) -> str:
    return f"{Stage.objects.get(pk=case.current_stage_id).response_due_date:%-d %B %Y}"


def test_the_customer_reads_an_apology_not_a_past_date(client, late_case):
    ann = sign_in_as(client, ANN)
    due = due_date_of(late_case)
    for page in (
        text(ann, reverse("portal:customer_case", args=[late_case.reference])),
        text(ann, reverse("portal:your_cases")),
    ):
        assert "We are sorry: our stage 1 response is late." in page
        assert "We will contact you with a new date." in page
        assert f"response is due by {due}" not in page


def test_the_handler_is_asked_for_a_new_date_and_the_customer_then_reads_it(
    frozen_today, client, late_case, lead_officer
):
    client.force_login(lead_officer)
    case_page = text(client, reverse("cases:detail", args=[late_case.reference]))
    assert "The stage 1 response is late" in case_page and "Give the customer a new date" in case_page
    url = reverse("cases:action", args=[late_case.reference, "new-reply-date"])
    new = timezone.localdate() + timedelta(days=7)
    lock = Case.objects.get(pk=late_case.pk).lock_version
    past = timezone.localdate() - timedelta(days=1)
    refused = client.post(
        url,
        {
            "new_date_0": past.day,
            "new_date_1": past.month,
            "new_date_2": past.year,
            "tell_customer": "on",
            "lock_version": lock,
        },
    )
    assert refused.status_code == 200 and "The new date must be today or later" in refused.content.decode()
    response = client.post(
        url,
        {
            "new_date_0": new.day,
            "new_date_1": new.month,
            "new_date_2": new.year,
            "tell_customer": "on",
            "lock_version": lock,
        },
    )
    assert response.status_code == 302
    event = late_case.events.get(kind=EventKind.NEW_REPLY_DATE)
    assert event.is_visible_to_customer and event.actor == lead_officer
    # The response date is unchanged: reports still count the response as late.
    assert Stage.objects.get(pk=late_case.current_stage_id).response_due_date < timezone.localdate()
    letter = OutboundMessage.objects.get(template_name="new_reply_date")
    assert letter.to_address == "ann@example.org"
    assert "We are sorry that we have not done so" in letter.body_text
    assert f"{new:%-d %B %Y}" in letter.body_text
    assert f"The customer has been given a new date: {new:%-d %B %Y}" in text(
        client, reverse("cases:detail", args=[late_case.reference])
    )

    client.logout()
    ann = sign_in_as(client, ANN)
    for page in (
        text(ann, reverse("portal:customer_case", args=[late_case.reference])),
        text(ann, reverse("portal:your_cases")),
    ):
        assert "We are sorry: our stage 1 response is late." in page
        assert f"We now expect to reply by {new:%-d %B %Y}." in page
        assert "We will contact you with a new date." not in page


def test_without_telling_the_customer_no_letter_is_sent(frozen_today, late_case, lead_officer):
    lifecycle.give_new_reply_date(
        case=late_case, actor=lead_officer, new_date=timezone.localdate() + timedelta(days=2), tell_customer=False
    )
    assert not OutboundMessage.objects.filter(template_name="new_reply_date").exists()


def test_once_the_new_date_passes_too_the_customer_is_again_told_we_will_contact_them(client, late_case, lead_officer):
    new = timezone.localdate() + timedelta(days=2)  # a Friday
    lifecycle.give_new_reply_date(case=late_case, actor=lead_officer, new_date=new, tell_customer=True)
    with time_machine.travel(WEEKS_LATER + timedelta(days=7), tick=True):
        page = text(sign_in_as(client, ANN), reverse("portal:customer_case", args=[late_case.reference]))
    assert "We will contact you with a new date." in page
    assert f"We now expect to reply by {new:%-d %B %Y}." not in page  # the timeline still tells what we said


def test_a_new_date_is_refused_before_the_response_is_late(frozen_today, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    with pytest.raises(lifecycle.TransitionError, match="extend the deadline instead"):
        lifecycle.give_new_reply_date(
            case=case, actor=lead_officer, new_date=timezone.localdate() + timedelta(days=30), tell_customer=True
        )


def test_welsh_customers_read_the_apology_in_welsh(client, late_case):
    ann = sign_in_as(client, ANN)
    ann.post(reverse("portal:set_language"), {"language": "cy", "next": "/"})
    page = text(ann, reverse("portal:customer_case", args=[late_case.reference]))
    assert "Mae'n ddrwg gennym: mae ein hymateb cam 1 yn hwyr." in page
    assert "Byddwn yn cysylltu â chi gyda dyddiad newydd." in page
