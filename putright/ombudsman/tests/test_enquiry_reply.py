"""Our reply to an ombudsman's enquiry: staff record the date the ombudsman asked for it by, see it on the case's
ombudsman page, and are warned while it is due or overdue until they record that we replied."""

from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from putright.cases.choices import EventKind
from putright.notifications.models import OutboundMessage
from putright.ombudsman import services
from putright.ombudsman.alerts import REPLY_DUE, send_remedy_alerts
from putright.ombudsman.models import OmbudsmanReferral
from putright.organisation.models import Organisation, User
from putright.procedures.choices import Ombudsman

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # today is Wednesday 18 March 2026

LONDON = ZoneInfo("Europe/London")
MAILBOX = "complaints@council.example"


@pytest.fixture
def referral(make_case, lead_officer, complaints_officer, organisation):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    case = make_case(received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), lead=lead_officer)
    return services.refer_to_ombudsman(
        case=case,
        actor=complaints_officer,
        ombudsman=Ombudsman.HOUSING,
        referred_date=date(2026, 3, 2),
        ombudsman_reference="202501234",
    )


def post_dates(client, referral, **dates: date) -> object:
    data = {}
    for name, day in dates.items():
        data.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return client.post(reverse("ombudsman:enquiry", args=[referral.case.reference, referral.pk]), data)


def ombudsman_page(client, referral) -> str:
    return html.unescape(client.get(reverse("ombudsman:case", args=[referral.case.reference])).content.decode())


def test_staff_record_the_reply_date_the_ombudsman_asked_for_and_see_it(client, referral, complaints_officer):
    client.force_login(complaints_officer)
    page = ombudsman_page(client, referral)
    assert "Record the date the ombudsman asked for our reply" in page
    response = post_dates(client, referral, enquiry_received_date=date(2026, 3, 9), response_due_date=date(2026, 3, 30))
    assert response.status_code == 302
    page = ombudsman_page(client, referral)
    assert "30 March 2026" in page and "Overdue" not in page
    assert referral.case.events.filter(kind=EventKind.OMBUDSMAN_ENQUIRY).get().summary == (
        "Housing Ombudsman enquiry: our reply is due 30 March 2026."
    )


def test_a_reply_due_before_the_enquiry_arrived_is_refused(client, referral, complaints_officer):
    client.force_login(complaints_officer)
    response = post_dates(client, referral, enquiry_received_date=date(2026, 3, 9), response_due_date=date(2026, 3, 6))
    assert response.status_code == 200
    assert "The reply cannot be due before the enquiry arrived" in response.content.decode()
    assert OmbudsmanReferral.objects.get(pk=referral.pk).response_due_date is None


def test_an_overdue_reply_is_marked_and_alerted_until_we_record_that_we_replied(client, referral, complaints_officer):
    services.record_enquiry(referral=referral, actor=complaints_officer, response_due_date=date(2026, 3, 16))
    client.force_login(complaints_officer)
    assert "Overdue" in ombudsman_page(client, referral)
    send_remedy_alerts(today=date(2026, 3, 18))
    alerts = OutboundMessage.objects.filter(template_name=REPLY_DUE)
    assert sorted(alerts.values_list("to_address", flat=True)) == [MAILBOX, "liam@council.example"]
    assert alerts.first().subject == f"Overdue: our reply to the Housing Ombudsman: {referral.case.reference}"
    assert "It is overdue by 2 working days." in alerts.first().body_text
    response = post_dates(client, referral, response_due_date=date(2026, 3, 16), responded_date=date(2026, 3, 18))
    assert response.status_code == 302
    assert "We replied 18 March 2026" in ombudsman_page(client, referral)
    send_remedy_alerts(today=date(2026, 3, 19))
    assert alerts.count() == 2  # nothing more once we have replied


def test_a_reply_due_within_the_window_is_alerted_and_a_later_one_is_not(referral, complaints_officer):
    services.record_enquiry(referral=referral, actor=complaints_officer, response_due_date=date(2026, 4, 30))
    send_remedy_alerts(today=date(2026, 3, 18))
    assert not OutboundMessage.objects.filter(template_name=REPLY_DUE).exists()
    services.record_enquiry(referral=referral, actor=complaints_officer, response_due_date=date(2026, 3, 20))
    send_remedy_alerts(today=date(2026, 3, 18))
    body = OutboundMessage.objects.filter(template_name=REPLY_DUE).first().body_text
    assert "asked for our reply" in body and "Friday 20 March 2026" in body and "It is due in 2 working days." in body
