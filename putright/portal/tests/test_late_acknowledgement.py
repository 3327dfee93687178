"""Lateness is one rule: a late acknowledgement gets the same apology and new date as a late response, and the new
date form keeps to working days and the customer's history to the dates they were told of."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import FROZEN_NOW
from putright.cases import lifecycle
from putright.cases.choices import EventKind
from putright.cases.models import Case, Stage
from putright.notifications.models import OutboundMessage
from putright.portal.tests.conftest import ANN, sign_in_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Received Wednesday 18 March 2026: the acknowledgement was due on 25 March; Tuesday 31 March it is late.
LATER = FROZEN_NOW + timedelta(days=13)
MONDAY = date(2026, 4, 6)  # Easter Monday: a bank holiday in England
FRIDAY = date(2026, 4, 10)


@pytest.fixture
def unacknowledged(make_case, lead_officer) -> Iterator[Case]:
    case = make_case(lead=lead_officer)
    with time_machine.travel(LATER, tick=True):
        yield case


def text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def post_new_date(client: Client, case: Case, day: date, *, tell: bool = True):
    data = {
        "new_date_0": day.day,
        "new_date_1": day.month,
        "new_date_2": day.year,
        "lock_version": Case.objects.get(pk=case.pk).lock_version,
    }
    if tell:
        data["tell_customer"] = "on"
    return client.post(reverse("cases:action", args=[case.reference, "new-reply-date"]), data)


def test_a_past_acknowledgement_date_is_an_apology_not_a_promise(client, unacknowledged):
    ack_due = Stage.objects.get(pk=unacknowledged.current_stage_id).acknowledge_due_date
    assert ack_due is not None and ack_due < LATER.date()
    ann = sign_in_as(client, ANN)
    for page in (
        text(ann, reverse("portal:customer_case", args=[unacknowledged.reference])),
        text(ann, reverse("portal:your_cases")),
    ):
        assert "We are sorry: we have not acknowledged it by the date we gave." in page
        assert "We will contact you with a new date." in page
        assert "We will acknowledge it by" not in page


def test_staff_give_a_new_date_for_a_late_acknowledgement_and_the_customer_reads_it(
    client, unacknowledged, lead_officer
):
    client.force_login(lead_officer)
    case_page = text(client, reverse("cases:detail", args=[unacknowledged.reference]))
    assert "The stage 1 acknowledgement is late (due 25 March 2026)" in case_page
    assert "Give the customer a new date" in case_page
    assert post_new_date(client, unacknowledged, FRIDAY).status_code == 302
    letter = OutboundMessage.objects.get(template_name="new_reply_date")
    assert "We said we would acknowledge your complaint by 25 March 2026" in letter.body_text
    assert "We now expect to acknowledge it by 10 April 2026." in letter.body_text
    client.logout()
    page = text(sign_in_as(client, ANN), reverse("portal:customer_case", args=[unacknowledged.reference]))
    assert "We now expect to acknowledge it by 10 April 2026." in page
    assert "We are sorry our acknowledgement is late. We now expect to acknowledge it by 10 April 2026" in page


def test_acknowledging_meets_the_new_date(unacknowledged, lead_officer):
    lifecycle.give_new_reply_date(case=unacknowledged, actor=lead_officer, new_date=FRIDAY, tell_customer=False)
    lifecycle.acknowledge(case=unacknowledged, actor=lead_officer, definition="The roof leak was not repaired.")
    stage = Stage.objects.get(pk=unacknowledged.current_stage_id)
    assert stage.expected_reply_date is None and stage.late_step(LATER.date()) == ""


def test_the_new_date_must_be_a_working_day(client, unacknowledged, lead_officer):
    client.force_login(lead_officer)
    page = text(client, reverse("cases:action", args=[unacknowledged.reference, "new-reply-date"]))
    assert page.count("has passed") == 1
    refused = post_new_date(client, unacknowledged, MONDAY)
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert (
        "6 April 2026 is not a working day (bank holiday: Easter Monday): choose a working day, such as 7 April 2026"
        in body
    )
    saturday = post_new_date(client, unacknowledged, date(2026, 4, 4))
    assert saturday.status_code == 200 and "is not a working day (Saturday)" in saturday.content.decode()
    assert not unacknowledged.events.filter(kind=EventKind.NEW_REPLY_DATE).exists()


def test_the_customer_history_lists_only_dates_they_were_told_of(client, unacknowledged, lead_officer):
    lifecycle.give_new_reply_date(case=unacknowledged, actor=lead_officer, new_date=FRIDAY, tell_customer=False)
    client.force_login(lead_officer)
    assert "we now expect to acknowledge by 10 April 2026." in text(
        client, reverse("cases:detail", args=[unacknowledged.reference])
    )
    client.logout()
    page = text(sign_in_as(client, ANN), reverse("portal:customer_case", args=[unacknowledged.reference]))
    assert "We gave you a new date for our reply" not in page


def test_welsh_customers_read_the_late_acknowledgement_apology_in_welsh(client, unacknowledged):
    ann = sign_in_as(client, ANN)
    ann.post(reverse("portal:set_language"), {"language": "cy", "next": "/"})
    page = text(ann, reverse("portal:customer_case", args=[unacknowledged.reference]))
    assert "Mae'n ddrwg gennym: nid ydym wedi'i chydnabod erbyn y dyddiad a roesom." in page
