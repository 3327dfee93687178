"""What GOV.UK Notify tells PutRight: delivery receipts for the messages it sent, and text messages customers sent.

Notify POSTs JSON to the callback addresses set in its service settings, with the bearer token set there
(NOTIFY_CALLBACK_TOKEN). Both callbacks may be repeated, so both are idempotent: a receipt sets where a message
stands, and a received text is recorded once by Notify's id.

- A receipt says delivered, or why not. A failure moves the message to failed with Notify's reason in plain words,
  so it is on the failed-messages page for staff to check the address and send again.
- A received text quoting a case reference from that case's customer's phone goes on the case's timeline (the rule
  inbound email follows); any other text is logged as a contact for triage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from putright.cases import events
from putright.cases.choices import Channel, EventKind
from putright.cases.models import Case
from putright.cases.services import log_contact
from putright.notifications.choices import MessageChannel, MessageStatus
from putright.notifications.inbound.mailparse import CASE_REFERENCE
from putright.notifications.models import InboundText, OutboundMessage
from putright.people.choices import ContactMethod
from putright.people.models import Customer

logger = logging.getLogger(__name__)

DELIVERED = "delivered"
# Notify's failure statuses, and what each means for the channel (Notify's own explanations, shortened).
FAILURES: dict[str, dict[str, str]] = {
    "permanent-failure": {
        MessageChannel.EMAIL: "the email address does not exist or the mail server refused it",
        MessageChannel.SMS: "the phone number does not exist or cannot receive text messages",
    },
    "temporary-failure": {
        MessageChannel.EMAIL: "the inbox was full or the mail server kept refusing it (Notify tried for 72 hours)",
        MessageChannel.SMS: "the phone was off or could not take messages (Notify tried for 72 hours)",
    },
    "technical-failure": {
        MessageChannel.EMAIL: "a problem inside GOV.UK Notify; it was not sent",
        MessageChannel.SMS: "a problem inside GOV.UK Notify; it was not sent",
    },
    "validation-failed": {MessageChannel.LETTER: "the letter PDF did not meet Notify's rules for printing"},
    "virus-scan-failed": {MessageChannel.LETTER: "the letter PDF did not pass Notify's virus scan"},
}


class CallbackError(Exception):
    """A callback body PutRight cannot use: the message says what is missing."""


def _required(payload: dict[str, Any], *names: str) -> list[str]:
    missing = [name for name in names if not str(payload.get(name) or "").strip()]
    if missing:
        raise CallbackError(f"Missing {', '.join(missing)}")
    return [str(payload[name]).strip() for name in names]


def _moment(value: Any) -> datetime:
    parsed = parse_datetime(str(value or ""))
    if parsed is None:
        return timezone.now()
    return parsed if parsed.tzinfo else timezone.make_aware(parsed, UTC)


def failure_reason(status: str, channel: str) -> str:
    reasons = FAILURES.get(status, {})
    reason = reasons.get(channel) or next(iter(reasons.values()), status.replace("-", " "))
    return f"GOV.UK Notify could not deliver it ({status}): {reason}."


def record_delivery_receipt(payload: dict[str, Any]) -> OutboundMessage | None:
    """Record where the message stands; None if PutRight sent no message with that id or reference."""
    notify_id, status = _required(payload, "id", "status")
    reference = str(payload.get("reference") or "").strip()
    match = Q(provider_reference=notify_id)
    if reference:
        match |= Q(message_id=f"<{reference}>")
    message = OutboundMessage.objects.filter(match).first()
    if message is None:
        logger.warning("Notify receipt %s (%s) matches no message", notify_id, reference)
        return None
    at = _moment(payload.get("completed_at") or payload.get("sent_at"))
    fields: dict[str, Any] = {"delivery_status": status[:30], "delivery_status_at": at}
    if status in FAILURES:
        fields.update(
            status=MessageStatus.FAILED, next_attempt_at=None, last_error=failure_reason(status, message.channel)
        )
    elif status == DELIVERED and message.status == MessageStatus.FAILED and message.delivery_status in FAILURES:
        # A later receipt overrides an earlier failure of the same notification (Notify retries temporary ones).
        fields.update(status=MessageStatus.SENT, last_error="")
    # Only a newer receipt changes the row: Notify may deliver callbacks out of order.
    newer = Q(delivery_status_at__isnull=True) | Q(delivery_status_at__lte=at)
    OutboundMessage.objects.filter(newer, pk=message.pk).update(provider_reference=notify_id, **fields)
    message.refresh_from_db()
    return message


# --- received text messages -------------------------------------------------------------------------------------


def uk_number(number: str) -> str:
    """A phone number as digits in the UK form: "+44 7700 900123", "447700900123" and "07700 900123" agree."""
    digits = "".join(character for character in number if character.isdigit())
    return "0" + digits[2:] if digits.startswith("44") else digits


def _case_replied_to(text: str, source_number: str) -> Case | None:
    """The case the text quotes, if it comes from that case's customer's phone."""
    found = CASE_REFERENCE.search(text)
    if found is None:
        return None
    reference = f"PR-{found.group(1)}-{found.group(2)}"
    case = Case.objects.select_related("customer").filter(reference=reference).first()
    if case is None or case.customer is None or not case.customer.phone:
        return None
    return case if uk_number(case.customer.phone) == uk_number(source_number) else None


def _customer_for(source_number: str) -> Customer:
    number = uk_number(source_number)
    for customer in Customer.objects.filter(anonymised_at__isnull=True).exclude(phone="").order_by("-created_at"):
        if uk_number(customer.phone) == number:
            return customer
    return Customer.objects.create(
        last_name="(from a text message)", phone=number, preferred_contact_method=ContactMethod.TEXT
    )


@dataclass(frozen=True)
class ReceivedText:
    text: InboundText
    is_new: bool


def receive_text(payload: dict[str, Any]) -> ReceivedText:
    """Record a text once; add it to the case it answers, or log it as a contact for triage."""
    notify_id, source, message = _required(payload, "id", "source_number", "message")
    existing = InboundText.objects.filter(notify_id=notify_id).first()
    if existing is not None:
        return ReceivedText(existing, is_new=False)
    received_at = _moment(payload.get("date_received"))
    try:
        with transaction.atomic():
            inbound = InboundText.objects.create(
                notify_id=notify_id,
                source_number=source[:40],
                destination_number=str(payload.get("destination_number") or "")[:40],
                message=message,
                received_at=received_at,
            )
            case = _case_replied_to(message, source)
            if case is not None:
                events.record(
                    case,
                    EventKind.TEXT_RECEIVED,
                    f"Text message from {source}: {message}",
                    actor=None,
                    data={"inbound_text": notify_id, "from": source},
                    visible_to_customer=True,  # the customer's own words, from their own phone
                    occurred_at=received_at,
                )
                inbound.case, inbound.contact = case, case.contact
            else:
                inbound.contact = log_contact(
                    channel=Channel.TEXT,
                    received_at=min(received_at, timezone.now()),
                    raw_text=f"From: {source}\n\n{message}",
                    subject=f"Text message from {source}"[:200],
                    customer=_customer_for(source),
                    actor=None,
                )
            inbound.save(update_fields=["case", "contact"])
    except IntegrityError:  # the same callback, handled by another request a moment ago
        return ReceivedText(InboundText.objects.get(notify_id=notify_id), is_new=False)
    return ReceivedText(inbound, is_new=True)
