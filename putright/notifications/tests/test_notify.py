"""GOV.UK Notify as the provider: email, text messages and precompiled letters, against a stand-in for its API.

The stand-in (notify_server.py) checks each request's JWT as Notify does and records what was posted, so these
tests see exactly what Notify would receive.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import Channel, EventKind
from putright.cases.lifecycle import CaseDetails
from putright.cases.services import CustomerDetails, log_case
from putright.notifications.choices import MessageChannel, MessageStatus
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import deliver, send_due
from putright.notifications.tests.notify_server import Answer, make_api_key
from putright.people.choices import ContactMethod
from putright.people.models import Customer
from putright.procedures.selectors import current_version


@pytest.fixture
def emailed(make_case, lead_officer):
    """A complaint logged for a customer with an email address: its 'we have received it' email is queued."""
    case = make_case(lead=lead_officer)
    return OutboundMessage.objects.get(case=case, template_name="logged")


@pytest.fixture
def texting_customer_case(complaints_officer, lead_officer, housing):
    """A complaint from a customer who asked for text messages, with a mobile number and an email address."""

    def log():
        return log_case(
            channel=Channel.PHONE,
            received_at=timezone.now(),
            raw_text="The bins have not been collected for three weeks.",
            actor=complaints_officer,
            details=CaseDetails(
                kind="complaint",
                kind_reason="Dissatisfied with the service",
                service_area=housing,
                title="Missed collections",
                description="The bins have not been collected for three weeks.",
                procedure_version=current_version("joint-code"),
                desired_outcome="Collect the bins",
                lead_officer=lead_officer,
                team=lead_officer.team,
            ),
            customer_details=CustomerDetails(
                first_name="Tom",
                last_name="Price",
                email="tom@example.org",
                phone="07700 900123",
                preferred_contact_method=ContactMethod.TEXT,
                postcode="HP1 1AA",
            ),
        )

    return log


def test_an_email_goes_to_notify_with_the_generic_template_and_the_outbox_reference(notify, emailed):
    # The reference exists from the moment the row is written, before anything is sent.
    reference = emailed.message_id.strip("<>")
    assert reference and "@" in reference

    assert deliver(emailed.pk) is True

    [posted] = notify.posted("email")
    assert posted == {
        "email_address": "ann@example.org",
        "template_id": django_settings.NOTIFY_EMAIL_TEMPLATE_ID,
        "personalisation": {"subject": emailed.subject, "body": emailed.body_text},
        "reference": reference,
    }
    assert notify.refused_tokens == []
    emailed.refresh_from_db()
    assert emailed.status == MessageStatus.SENT
    assert emailed.provider_reference == notify.notifications[0].id
    assert emailed.message_id == f"<{reference}>"  # unchanged by sending


def test_the_reply_to_address_is_passed_when_set(notify, emailed, settings):
    settings.NOTIFY_EMAIL_REPLY_TO_ID = "8e222534-7f05-4972-86e3-17c5d9f894e2"

    deliver(emailed.pk)

    assert notify.posted("email")[0]["email_reply_to_id"] == "8e222534-7f05-4972-86e3-17c5d9f894e2"


def test_a_key_with_the_wrong_secret_is_refused_and_the_message_fails_with_notifys_words(notify, emailed, settings):
    service_id = notify.service_id
    settings.NOTIFY_API_KEY = f"putright_test-{service_id}-{make_api_key()[-36:]}"  # right service, wrong secret

    deliver(emailed.pk)

    emailed.refresh_from_db()
    assert notify.notifications == []
    assert notify.refused_tokens == ["invalid token: Signature verification failed"]
    assert (emailed.status, emailed.attempt_count) == (MessageStatus.FAILED, 1)
    assert emailed.last_error.startswith("PermanentError: GOV.UK Notify refused the message (403): Invalid token")


def test_a_validation_error_fails_the_message_at_once_and_staff_see_notifys_message(
    notify, emailed, client, complaints_officer
):
    notify.answer = Answer(400, "email_address Not a valid email address")

    deliver(emailed.pk)

    emailed.refresh_from_db()
    assert (emailed.status, emailed.attempt_count, emailed.next_attempt_at) == (MessageStatus.FAILED, 1, None)
    assert emailed.last_error == (
        "PermanentError: GOV.UK Notify refused the message (400): email_address Not a valid email address"
    )
    client.force_login(complaints_officer)
    page = client.get(reverse("notifications:failed")).content.decode()
    assert "GOV.UK Notify refused the message (400): email_address Not a valid email address" in page


def test_a_server_error_or_no_connection_is_retried_with_backoff_and_sent_once_notify_is_back(notify, emailed):
    now = timezone.now()
    notify.answer = Answer(500, "Internal server error")

    deliver(emailed.pk, now=now)

    emailed.refresh_from_db()
    assert (emailed.status, emailed.attempt_count) == (MessageStatus.QUEUED, 1)
    assert emailed.next_attempt_at == now + timedelta(minutes=1)
    assert emailed.last_error == (
        "NotifyUnavailable: GOV.UK Notify did not take the message (500): Internal server error"
    )

    # Then Notify cannot be reached at all: still queued, with the connection error, and the next backoff.
    port = notify.port
    notify.stop()
    assert send_due(now=now + timedelta(minutes=1)).sent == 0
    emailed.refresh_from_db()
    assert (emailed.status, emailed.attempt_count) == (MessageStatus.QUEUED, 2)
    assert emailed.next_attempt_at == now + timedelta(minutes=3)
    assert emailed.last_error.startswith("NotifyUnavailable: GOV.UK Notify did not take the message (503): ")
    assert "Connection refused" in emailed.last_error or "Failed to establish" in emailed.last_error

    # Back again (on the same address): the message is sent, once.
    notify.answer = None
    notify.start(port)
    assert send_due(now=now + timedelta(minutes=3)).sent == 1
    assert len(notify.posted("email")) == 1
    emailed.refresh_from_db()
    assert emailed.status == MessageStatus.SENT
    assert emailed.provider_reference == notify.notifications[0].id


def test_too_many_requests_is_retried_not_failed(notify, emailed):
    notify.answer = Answer(429, "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds")

    deliver(emailed.pk)

    emailed.refresh_from_db()
    assert emailed.status == MessageStatus.QUEUED
    assert "(429): Exceeded rate limit" in emailed.last_error


def test_when_notify_took_the_message_but_the_answer_was_lost_the_retry_does_not_send_it_again(notify, emailed):
    now = timezone.now()
    notify.answer = Answer(502, "Bad gateway", record=True)  # Notify has it; PutRight hears only an error

    deliver(emailed.pk, now=now)
    emailed.refresh_from_db()
    assert emailed.status == MessageStatus.QUEUED
    [first] = notify.notifications

    notify.answer = None
    assert send_due(now=now + timedelta(minutes=2)).sent == 1

    assert len(notify.notifications) == 1  # found by its reference, not posted again
    emailed.refresh_from_db()
    assert emailed.status == MessageStatus.SENT
    assert emailed.provider_reference == first.id


def test_a_letter_is_rendered_kept_and_posted_as_a_precompiled_pdf(notify, make_case, lead_officer):
    case = make_case(lead=lead_officer, last_name="Evans")
    Customer.objects.filter(pk=case.customer_id).update(email="", address="2 Chapel Row\nThornbury")
    case.refresh_from_db()
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak not repaired.")
    letter = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert letter.channel == MessageChannel.LETTER

    assert deliver(letter.pk) is True

    letter.refresh_from_db()
    [posted] = notify.posted("letter")
    with letter.document.open("rb") as stored:
        pdf = stored.read()
    assert pdf.startswith(b"%PDF")
    assert base64.b64decode(posted["content"]) == pdf  # Notify prints the very PDF staff and the customer see
    assert posted["reference"] == letter.message_id.strip("<>")
    assert posted["postage"] == "second"
    assert letter.status == MessageStatus.SENT
    assert letter.provider_reference == notify.notifications[0].id


def test_a_letter_retried_after_notify_failed_posts_the_pdf_rendered_the_first_time(notify, make_case, lead_officer):
    case = make_case(lead=lead_officer, last_name="Evans")
    Customer.objects.filter(pk=case.customer_id).update(email="", address="2 Chapel Row\nThornbury")
    case.refresh_from_db()
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak not repaired.")
    letter = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    now = timezone.now()
    notify.answer = Answer(503, "Service unavailable")

    deliver(letter.pk, now=now)

    letter.refresh_from_db()
    assert letter.status == MessageStatus.QUEUED
    first_pdf = letter.document.name
    assert first_pdf.endswith(f"{letter.token}.pdf")
    notify.answer = None
    send_due(now=now + timedelta(minutes=2))
    letter.refresh_from_db()
    assert (letter.status, letter.document.name) == (MessageStatus.SENT, first_pdf)
    with letter.document.open("rb") as stored:
        assert base64.b64decode(notify.posted("letter")[0]["content"]) == stored.read()


def test_a_customer_who_prefers_texts_is_told_by_text_and_still_gets_the_acknowledgement_in_writing(
    notify, texting_customer_case, lead_officer
):
    case = texting_customer_case()
    [text] = OutboundMessage.objects.filter(case=case, template_name="logged")
    assert (text.channel, text.to_address) == (MessageChannel.SMS, "07700 900123")
    assert text.body_html == ""
    assert text.body_text.startswith("Thornbury Vale District Council: we received your complaint on ")
    assert f"Its reference is {case.reference}" in text.body_text
    assert len(text.body_text) <= 918  # Notify's longest text message

    assert deliver(text.pk) is True

    [posted] = notify.posted("sms")
    assert posted == {
        "phone_number": "07700 900123",
        "template_id": django_settings.NOTIFY_SMS_TEMPLATE_ID,
        "personalisation": {"body": text.body_text},
        "reference": text.message_id.strip("<>"),
    }
    text.refresh_from_db()
    assert (text.status, text.provider_reference) == (MessageStatus.SENT, notify.notifications[0].id)
    # The acknowledgement carries the complaint definition (Code 6.2): too much for a text, so it is emailed.
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Bins not collected since March.")
    acknowledgement = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert (acknowledgement.channel, acknowledgement.to_address) == (MessageChannel.EMAIL, "tom@example.org")


def test_a_text_notify_rejects_fails_at_once_with_its_reason(notify, texting_customer_case):
    case = texting_customer_case()
    text = OutboundMessage.objects.get(case=case, template_name="logged")
    notify.answer = Answer(400, "phone_number Not a UK mobile number")

    deliver(text.pk)

    text.refresh_from_db()
    assert text.status == MessageStatus.FAILED
    assert text.last_error.endswith("(400): phone_number Not a UK mobile number")
    event = case.events.filter(kind=EventKind.LOGGED).get()
    assert text.event_id == event.pk


def test_without_notify_a_customer_who_prefers_texts_is_emailed(settings, texting_customer_case):
    settings.MESSAGE_PROVIDER = "smtp"

    case = texting_customer_case()

    message = OutboundMessage.objects.get(case=case, template_name="logged")
    assert (message.channel, message.to_address) == (MessageChannel.EMAIL, "tom@example.org")


def settings_error(**environment: str) -> str:
    """Import the settings module afresh with this environment; return what it raised, or ""."""
    env = {**os.environ, "PUTRIGHT_TESTING": "1", **environment}
    result = subprocess.run(
        [sys.executable, "-c", "import putright.settings"], env=env, capture_output=True, text=True, check=False
    )
    return result.stderr.strip().splitlines()[-1] if result.returncode else ""


def test_notify_without_its_key_and_templates_refuses_to_start():
    key = make_api_key()
    templates = {"NOTIFY_EMAIL_TEMPLATE_ID": "a", "NOTIFY_SMS_TEMPLATE_ID": "b"}

    assert "needs NOTIFY_API_KEY" in settings_error(MESSAGE_PROVIDER="notify", NOTIFY_API_KEY="", **templates)
    assert "name-<service id>-<secret>" in settings_error(MESSAGE_PROVIDER="notify", NOTIFY_API_KEY="abc", **templates)
    assert "must be smtp or notify" in settings_error(MESSAGE_PROVIDER="carrier-pigeon")
    assert settings_error(MESSAGE_PROVIDER="notify", NOTIFY_API_KEY=key, **templates) == ""
