"""Recording, sending and retrying messages. Nothing is sent inside a transaction; nothing is lost outside one.

1. `messages_for_event` runs inside the transaction of the change (called by `cases.events.record`) and writes the
   outbox row; `transaction.on_commit` then enqueues `tasks.send_message`, so a rolled-back change sends nothing.
2. `deliver` claims the row with a conditional UPDATE (queued -> sending), sends it outside any transaction, and
   marks it sent; a failure puts it back in the queue with an exponential backoff, or fails it for good after
   MAX_ATTEMPTS.
3. `send_due` (the `send_due_messages` command, run by a scheduler) sends what is due and what a dead worker left
   claimed, so a lost task or a killed worker delays a message but never loses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from putright.cases.choices import EventKind
from putright.cases.models import Case, TimelineEvent
from putright.notifications.choices import MessageChannel, MessageLanguage, MessageStatus
from putright.notifications.contexts import message_kind_for
from putright.notifications.models import OutboundMessage
from putright.notifications.rendering import render_message
from putright.notifications.transports import PermanentError, deliver_one
from putright.organisation.models import User
from putright.people.choices import ContactMethod
from putright.people.models import Customer

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_AFTER = timedelta(minutes=1)
LONGEST_RETRY_AFTER = timedelta(hours=6)
# A worker holds a claim while it talks to the mail server (a timeout of seconds); a claim this old means the
# worker died mid-send, and the message is sent again with the same Message-ID.
STALE_CLAIM_AFTER = timedelta(minutes=15)


class MessageError(Exception):
    """A request about a message that cannot be carried out; the message says why."""


def retry_delay(attempt_count: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failed attempt, at most six hours."""
    return min(FIRST_RETRY_AFTER * (2 ** max(attempt_count - 1, 0)), LONGEST_RETRY_AFTER)


# --- recording ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Destination:
    channel: MessageChannel
    name: str
    address: str


def postal_address(customer: Customer) -> str:
    lines = [customer.full_name, *customer.address.splitlines(), customer.postcode]
    return "\n".join(line.strip() for line in lines if line.strip())


def destination_for(case: Case) -> Destination | None:
    """Email when there is an address to use and the customer has not asked for letters; otherwise a letter."""
    customer = case.customer
    if customer is None:
        return None
    representative = case.representative
    # A representative with the customer's consent receives the correspondence (Code 3: representatives).
    if representative is not None and representative.has_consent and representative.email:
        return Destination(MessageChannel.EMAIL, representative.name, representative.email)
    if customer.email and customer.preferred_contact_method != ContactMethod.LETTER:
        return Destination(MessageChannel.EMAIL, customer.full_name, customer.email)
    return Destination(MessageChannel.LETTER, customer.full_name, postal_address(customer))


def language_for(case: Case) -> MessageLanguage:
    """English until the customer record holds a preferred language; Welsh templates are ready for it."""
    return MessageLanguage.ENGLISH


def messages_for_event(event: TimelineEvent) -> list[OutboundMessage]:
    """Record the message a timeline event owes the customer, if any; call inside the change's transaction."""
    case = event.case
    # Only complaints have the Code's letters; other kinds are answered by the officer directly for now.
    if not case.is_complaint:
        return []
    kind = message_kind_for(event)
    if kind is None:
        return []
    destination = destination_for(case)
    if destination is None:
        return []
    context: Any = kind.build(event)
    return [
        queue_message(
            case=case,
            event=event,
            template_name=kind.name,
            destination=destination,
            language=language_for(case),
            context=dict(context),
        )
    ]


def queue_message(
    *,
    case: Case | None,
    template_name: str,
    destination: Destination,
    language: MessageLanguage,
    context: dict[str, Any],
    event: TimelineEvent | None = None,
    dedupe_key: str = "",
    extra_headers: dict[str, str] | None = None,
) -> OutboundMessage:
    """Render and record one message; it is sent after the surrounding transaction commits."""
    rendered = render_message(template_name, language, destination.channel, context, address=destination.address)
    message = OutboundMessage.objects.create(
        case=case,
        event=event,
        dedupe_key=dedupe_key,
        extra_headers=extra_headers or {},
        template_name=template_name,
        channel=destination.channel,
        language=language,
        recipient_name=destination.name,
        to_address=destination.address,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(enqueue_send, message.pk))
    return message


def queue_message_once(*, dedupe_key: str, **fields: Any) -> OutboundMessage | None:
    """Record the message unless one with this key exists already (a second run of a daily job adds nothing).

    The unique key decides, not a read before the write, so two runs racing record it once.
    """
    try:
        # A savepoint: a duplicate leaves the caller's transaction usable, and drops this row's on_commit send.
        with transaction.atomic():
            return queue_message(dedupe_key=dedupe_key, **fields)
    except IntegrityError:
        if OutboundMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise


def enqueue_send(message_pk: int) -> None:
    """Ask a worker to send the message now. If the queue is unavailable, the sweep sends it later."""
    from putright.notifications.tasks import send_message

    try:
        send_message.enqueue(message_pk)
    except Exception:
        logger.exception("Could not enqueue message %s; send_due_messages will send it", message_pk)


# --- sending --------------------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    queued_and_due = Q(status=MessageStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=MessageStatus.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER)
    return queued_and_due | abandoned


def claim(message_pk: int, now: datetime) -> OutboundMessage | None:
    """Take the message for this worker, or None if it is not due or another worker has it.

    One UPDATE with the state in its WHERE clause: of two workers racing, the database lets exactly one match.
    """
    claimed = (
        OutboundMessage.objects.filter(_due(now), pk=message_pk).update(
            status=MessageStatus.SENDING, claimed_at=now, attempt_count=F("attempt_count") + 1
        )
        == 1
    )
    if not claimed:
        return None
    return OutboundMessage.objects.select_related("case").get(pk=message_pk)


def _still_ours(message: OutboundMessage) -> Any:
    # Only the claim this worker made: if the sweep took the message over, this worker's result is not written.
    return OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING, claimed_at=message.claimed_at)


def deliver(message_pk: int, *, now: datetime | None = None) -> bool:
    """Claim, send and mark one message. True if this call sent it."""
    now = now or timezone.now()
    message = claim(message_pk, now)
    if message is None:
        return False
    try:
        provider_reference = deliver_one(message)
    except Exception as error:
        _record_failure(message, error, now=now, permanent=isinstance(error, PermanentError))
        return False
    marked = _still_ours(message).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        last_error="",
        document=message.document.name or "",
        provider_reference=provider_reference,
    )
    if not marked:
        logger.warning("Message %s was sent after its claim had gone stale", message.pk)
    return True


def _record_failure(message: OutboundMessage, error: Exception, *, now: datetime, permanent: bool) -> None:
    gives_up = permanent or message.attempt_count >= MAX_ATTEMPTS
    logger.warning("Message %s attempt %s failed: %s", message.pk, message.attempt_count, error)
    _still_ours(message).update(
        status=MessageStatus.FAILED if gives_up else MessageStatus.QUEUED,
        next_attempt_at=None if gives_up else now + retry_delay(message.attempt_count),
        claimed_at=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


@dataclass(frozen=True)
class SweepResult:
    tried: int
    sent: int


def send_due(*, now: datetime | None = None, limit: int | None = None) -> SweepResult:
    """Send every message that is due, including those a dead worker left claimed. One failure stops nothing."""
    now = now or timezone.now()
    due = OutboundMessage.objects.filter(_due(now)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    ids = list(due[:limit] if limit else due)
    sent = 0
    for message_pk in ids:
        try:
            sent += deliver(message_pk, now=now)
        except Exception:
            logger.exception("Message %s could not be processed", message_pk)
    return SweepResult(tried=len(ids), sent=sent)


def retry(*, message: OutboundMessage, actor: User) -> OutboundMessage:
    """Put a failed message back in the queue with fresh attempts, and note who did it on the case."""
    from putright.cases import events

    with transaction.atomic():
        requeued = OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
            status=MessageStatus.QUEUED, attempt_count=0, next_attempt_at=timezone.now(), claimed_at=None
        )
        if not requeued:
            raise MessageError("This message has not failed, so it cannot be retried.")
        if message.case is not None:
            events.record(
                message.case,
                EventKind.NOTE_ADDED,
                f"Message “{message.subject}” to {message.recipient_name or message.to_address} sent for another "
                f"try after failing: {message.last_error}",
                actor=actor,
                data={"message": str(message.token)},
            )
        transaction.on_commit(partial(enqueue_send, message.pk))
    message.refresh_from_db()
    return message
