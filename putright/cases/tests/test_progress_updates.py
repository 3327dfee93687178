"""Keeping the customer informed: a progress update from a template, and a reminder after a silence."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from putright.cases.choices import EventKind
from putright.cases.models import TimelineEvent
from putright.notifications.alerts.work import send_work_alerts
from putright.notifications.models import OutboundMessage
from putright.organisation.models import Organisation, User

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def case(make_case, lead_officer):
    return make_case(lead=lead_officer, received_at=datetime(2026, 3, 2, 10, tzinfo=LONDON))


def test_a_progress_update_starts_from_a_template_and_reaches_the_customer(client, case, lead_officer):
    client.force_login(lead_officer)
    url = reverse("cases:action", args=[case.reference, "progress-update"])
    form = client.get(url).context["form"]
    assert form.initial["update"].startswith("Since we last wrote, [")
    unchanged = client.post(url, {"update": form.initial["update"]}).content.decode()
    assert "Replace the parts in square brackets" in unchanged
    assert not case.events.filter(kind=EventKind.PROGRESS_UPDATE).exists()
    response = client.post(url, {"update": "The roofer visited on Tuesday. The tiles arrive next week."})
    assert response.status_code == 302
    event = case.events.get(kind=EventKind.PROGRESS_UPDATE)
    assert event.is_visible_to_customer and event.actor == lead_officer
    message = OutboundMessage.objects.get(template_name="progress_update")
    assert message.to_address == "ann@example.org" and "The roofer visited on Tuesday" in message.body_text
    assert case.reference in message.subject


def test_the_customer_sees_the_update_in_their_account(client, case, lead_officer):
    from putright.cases import services
    from putright.portal.tests.conftest import ANN, sign_in_as

    services.send_progress_update(case=case, actor=lead_officer, update="The tiles arrive next week.")
    page = sign_in_as(client, ANN).get(reverse("portal:customer_case", args=[case.reference])).content.decode()
    assert "We sent you an update" in page and "The tiles arrive next week." in page


def test_an_officer_is_reminded_once_after_ten_working_days_without_contact(case, lead_officer, organisation):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email="complaints@council.example")
    # Logged (and shown to the customer) on Monday 2 March; ten working days later is Monday 16 March.
    TimelineEvent.objects.filter(case=case).update(occurred_at=datetime(2026, 3, 2, 10, tzinfo=LONDON))
    assert send_work_alerts(today=date(2026, 3, 16)).no_contact == 0
    assert send_work_alerts(today=date(2026, 3, 17)).no_contact == 1
    assert send_work_alerts(today=date(2026, 3, 18)).no_contact == 0  # once for each silence
    reminder = OutboundMessage.objects.get(template_name="staff_no_contact")
    assert reminder.to_address == "liam@council.example" and "2 March 2026" in reminder.subject
    # A call restarts the count: no reminder until the next silence.
    TimelineEvent.objects.create(
        case=case,
        kind=EventKind.CALL_LOGGED,
        summary="Spoke to the customer",
        occurred_at=datetime(2026, 3, 18, 9, tzinfo=LONDON),
    )
    assert send_work_alerts(today=date(2026, 3, 19) + timedelta(days=7)).no_contact == 0


def test_an_enquiry_gets_no_letter_so_the_action_says_so(client, make_case, lead_officer):
    from putright.cases.choices import CaseKind

    enquiry = make_case(lead=lead_officer, kind=CaseKind.ENQUIRY, procedure="member-enquiry")
    client.force_login(lead_officer)
    page = client.post(
        reverse("cases:action", args=[enquiry.reference, "progress-update"]), {"update": "We have asked the team."}
    ).content.decode()
    assert "Progress update letters are for complaints" in page
    assert not enquiry.events.filter(kind=EventKind.PROGRESS_UPDATE).exists()
