"""GOV.UK Notify's callbacks: delivery receipts update each message (failures reach the failed-messages page), and
text messages customers send become contacts or go on the case they answer. Bodies are Notify's documented shape."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from putright.cases.choices import Channel, EventKind
from putright.cases.models import Contact
from putright.notifications.choices import MessageStatus
from putright.notifications.models import InboundText, OutboundMessage
from putright.notifications.outbound.notify import reference_for
from putright.notifications.outbound.services import deliver

TOKEN = "callback-token-set-in-notify"


@pytest.fixture(autouse=True)
def callbacks_on(settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN


def call(client, name: str, body: dict, token: str = TOKEN):
    return client.post(
        reverse(f"notifications:{name}"),
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def sent_email(notify, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    message = OutboundMessage.objects.get(case=case, template_name="logged")
    assert deliver(message.pk)
    message.refresh_from_db()
    assert message.provider_reference
    return message


def receipt(message: OutboundMessage, status: str, completed_at: str = "2026-12-01T10:05:00.000000Z") -> dict:
    return {
        "id": message.provider_reference,
        "reference": reference_for(message),
        "to": message.to_address,
        "status": status,
        "created_at": "2026-12-01T10:00:00.000000Z",
        "completed_at": completed_at,
        "sent_at": "2026-12-01T10:00:05.000000Z",
        "notification_type": "email",
        "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "template_version": 1,
    }


def test_callbacks_are_off_without_a_token_and_refuse_a_wrong_one(client, settings, sent_email):
    assert call(client, "notify_receipts", receipt(sent_email, "delivered"), token="guess").status_code == 403
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert call(client, "notify_receipts", receipt(sent_email, "delivered")).status_code == 404
    sent_email.refresh_from_db()
    assert sent_email.delivery_status == ""


def test_a_delivered_receipt_is_recorded_on_the_message(client, sent_email):
    response = call(client, "notify_receipts", receipt(sent_email, "delivered"))
    assert response.status_code == 200 and response.json()["recorded"] is True
    sent_email.refresh_from_db()
    assert sent_email.status == MessageStatus.SENT and sent_email.delivery_status == "delivered"
    assert sent_email.delivery_status_at.isoformat() == "2026-12-01T10:05:00+00:00"


def test_a_failure_shows_on_the_failed_messages_page_with_the_reason(client, sent_email, lead_officer):
    call(client, "notify_receipts", receipt(sent_email, "permanent-failure"))
    sent_email.refresh_from_db()
    assert sent_email.status == MessageStatus.FAILED
    reason = "GOV.UK Notify could not deliver it (permanent-failure): the email address does not exist"
    assert sent_email.last_error.startswith(reason)
    client.force_login(lead_officer)
    assert reason in client.get(reverse("notifications:failed")).content.decode()


def test_an_older_receipt_arriving_late_changes_nothing(client, sent_email):
    call(client, "notify_receipts", receipt(sent_email, "delivered", completed_at="2026-12-01T11:00:00Z"))
    call(client, "notify_receipts", receipt(sent_email, "temporary-failure", completed_at="2026-12-01T10:30:00Z"))
    sent_email.refresh_from_db()
    assert sent_email.status == MessageStatus.SENT and sent_email.delivery_status == "delivered"


def test_a_receipt_for_no_message_of_ours_is_acknowledged_and_ignored(client, db):
    body = {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": "nothing", "status": "delivered"}
    response = call(client, "notify_receipts", body)
    assert response.status_code == 200 and response.json()["recorded"] is False
    assert call(client, "notify_receipts", {"status": "delivered"}).json() == {"error": "Missing id"}


def text(message: str, source: str = "447700900123", notify_id: str = "5a0f5a0e-9c6b-4b0b-8a49-e1cf41b4b0b2") -> dict:
    return {
        "id": notify_id,
        "source_number": source,
        "destination_number": "07700900000",
        "message": message,
        "date_received": "2026-12-01 10:15:00.123456",
    }


@pytest.fixture
def texting_customer_case(make_case, lead_officer):
    case = make_case(lead=lead_officer)
    case.customer.phone = "07700 900123"
    case.customer.save(update_fields=["phone"])
    return case


def test_a_text_quoting_a_case_from_its_customer_goes_on_the_case(client, texting_customer_case):
    case = texting_customer_case
    response = call(client, "notify_texts", text(f"Re {case.reference.lower()}: still no collection today"))
    assert response.status_code == 202 and response.json() == {"case": case.reference}
    event = case.events.get(kind=EventKind.TEXT_RECEIVED)
    assert "still no collection today" in event.summary and event.is_visible_to_customer
    # Notify repeats a callback: nothing is added twice.
    again = call(client, "notify_texts", text(f"Re {case.reference}: still no collection today"))
    assert again.status_code == 200
    assert case.events.filter(kind=EventKind.TEXT_RECEIVED).count() == 1


def test_any_other_text_becomes_a_contact_to_triage(client, texting_customer_case):
    case = texting_customer_case
    # Quoting the case from someone else's phone does not put words on the customer's case.
    response = call(client, "notify_texts", text(f"About {case.reference}: my neighbour's bins", source="447700900999"))
    assert response.status_code == 202
    contact = Contact.objects.get(pk=response.json()["contact"])
    assert contact.channel == Channel.TEXT and contact.triaged_at is None
    assert "my neighbour's bins" in contact.raw_text and contact.customer.phone == "07700900999"
    assert not case.events.filter(kind=EventKind.TEXT_RECEIVED).exists()
    assert InboundText.objects.get().contact == contact
