"""Recording, sending and retrying messages. Nothing is sent inside a transaction; nothing is lost outside one.

1. `messages_for_event` runs inside the transaction of the change (it subscribes, in `apps.py`, to every timeline
   event `cases.events.record` publishes) and writes the outbox row, and `tasks.send_message` is enqueued with the
   change (`core.enqueueing`: the database backend's task row in the same transaction, any other backend after the
   commit), so a rolled-back change sends nothing.
   A job that records many messages at once (the daily alerts) does so inside `sending_together()`: one task then
   sends them all, over one connection, instead of one task each.
2. `deliver` claims the row with a conditional UPDATE (queued -> sending), sends it outside any transaction, and
   marks it sent; a failure puts it back in the queue with an exponential backoff, or fails it for good after
   MAX_ATTEMPTS.
3. `send_due` (the `send_due_messages` command, run by a scheduler) sends what is due and what a dead worker left
   claimed, so a lost task or a killed worker delays a message but never loses it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.tasks import Task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from putright.cases import events
from putright.cases.choices import EventKind
from putright.cases.models import Case, TimelineEvent
from putright.core.commits import without_waiting_for_disk
from putright.core.enqueueing import enqueue_with_change
from putright.core.inserts import insert
from putright.core.memo import read_once
from putright.notifications.choices import MessageChannel, MessageLanguage, MessageStatus
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.addresses import complaints_mailbox
from putright.notifications.outbound.contexts import (
    message_kind_for,
    portal_request_email,
    recipient_name,
    representative_writes,
)
from putright.notifications.outbound.errors import PermanentError
from putright.notifications.outbound.redaction import has_redactor, redacted
from putright.notifications.outbound.rendering import has_text_message_wording, render_message
from putright.notifications.outbound.transports import deliver_one
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.people.choices import ContactMethod
from putright.people.models import Customer

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_AFTER = timedelta(minutes=1)
LONGEST_RETRY_AFTER = timedelta(hours=6)


def stale_claim_after() -> timedelta:
    """A worker holds a claim while it talks to the mail server or Notify (timeouts of seconds); a claim older than
    this means the worker died mid-send, and the message is sent again with the same Message-ID."""
    return timedelta(seconds=settings.PUTRIGHT_STALE_CLAIM_SECONDS)


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


def can_text(template_name: str) -> bool:
    """Text messages go through GOV.UK Notify, and only for messages with short wording written for them."""
    return settings.MESSAGE_PROVIDER == "notify" and has_text_message_wording(template_name)


def destination_for(case: Case, *, template_name: str = "") -> Destination | None:
    """Email when there is an address to use and the customer has not asked for letters; otherwise a letter.

    A customer who prefers text messages gets one when the message has text wording (`<name>/sms.txt`) and Notify
    is the provider. Only "we have received your complaint" and the survey invitation have: the Code's
    acknowledgements, extensions and responses carry more than a text can hold, so they still go by email or letter.
    """
    customer = case.customer
    if customer is None:
        return None
    representative = representative_writes(case)
    if representative is not None:
        return Destination(MessageChannel.EMAIL, representative.name, representative.email)
    wants_texts = customer.preferred_contact_method == ContactMethod.TEXT and customer.phone.strip()
    if wants_texts and can_text(template_name):
        return Destination(MessageChannel.SMS, customer.full_name, customer.phone.strip())
    if customer.email and customer.preferred_contact_method != ContactMethod.LETTER:
        return Destination(MessageChannel.EMAIL, customer.full_name, customer.email)
    return Destination(MessageChannel.LETTER, customer.full_name, postal_address(customer))


def complaints_team() -> Destination | None:
    """The complaints team's mailbox, for staff emails nobody else can be given; None when the organisation has none."""
    address = complaints_mailbox()
    return Destination(MessageChannel.EMAIL, "Complaints team", address) if address else None


def language_for(case: Case) -> MessageLanguage:
    """The customer's preferred language: Welsh for someone who wrote to us in Welsh, otherwise English."""
    customer = case.customer
    if customer is not None and customer.preferred_language == "cy":
        return MessageLanguage.WELSH
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
    if kind.to_portal_email:
        email = portal_request_email(event)
        destination = Destination(MessageChannel.EMAIL, recipient_name(case), email) if email else None
    else:
        destination = destination_for(case, template_name=kind.name)
    if destination is None:
        return []
    context: Any = kind.build(event)
    fields: dict[str, Any] = {
        "case": case,
        "event": event,
        "template_name": kind.name,
        "destination": destination,
        "language": language_for(case),
        "context": dict(context),
    }
    if kind.once_per_case:
        message = queue_message_once(dedupe_key=f"{kind.name}:{case.pk}", **fields)
        return [message] if message else []
    return [queue_message(**fields)]


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
    return _record(
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
    )


def queue_email(
    *, template_name: str, to_address: str, subject: str, body_text: str, body_html: str, language: str
) -> OutboundMessage:
    """Record an email whose wording another app renders itself (a sign-in link, a password reset): no case, no
    template in the administrators' list. `body_html` is set in the emails' own layout here, as every email is."""
    organisation_name = current_organisation().name
    with translation.override(language):
        html = render_to_string(
            "notifications/_email.html",
            {"organisation_name": organisation_name, "subject": subject, "body": body_html, "language": language},
        )
    return _record(
        case=None,
        template_name=template_name,
        channel=MessageChannel.EMAIL,
        language=language,
        to_address=to_address,
        subject=subject,
        body_text=body_text,
        body_html=html,
    )


def _record(**fields: Any) -> OutboundMessage:
    """Write the row, due now; it is sent after the surrounding transaction commits (alone, or with the others
    recorded inside `sending_together`)."""
    message = insert(OutboundMessage(next_attempt_at=timezone.now(), **fields))  # SQL built once (`core.inserts`)
    if _together.pks is not None:
        _together.pks.append(message.pk)
    else:
        enqueue_with_change(_senders["one"], message.pk, after_commit=partial(enqueue_send, message.pk))
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


class _Together(threading.local):
    pks: list[int] | None = None


_together = _Together()


@contextmanager
def sending_together() -> Iterator[None]:
    """Messages recorded inside the block are sent by one task, after the surrounding transaction commits.

    For jobs that record many messages at once: one task sends them one after another over one connection, rather
    than a task each (a worker spends ~3 ms on each task before any sending). A message recorded in a savepoint that
    is rolled back leaves its id in the list, and the task finds no message to send.
    """
    if _together.pks is not None:  # inside another block: that one sends them
        yield
        return
    pks: list[int] = []
    _together.pks = pks
    try:
        yield
    finally:
        _together.pks = None
        if pks:  # in a transaction, after it commits; outside one (the rows are committed already), now
            transaction.on_commit(partial(enqueue_send_many, pks))


# The background tasks that send recorded messages (`tasks.send_message`, `tasks.send_messages`), given by
# `NotificationsConfig.ready()`: tasks.py builds on this module, so this module does not import it.
_senders: dict[str, Task[Any, Any]] = {}


def send_with(*, one: Task[[int], Any], many: Task[[list[int]], Any]) -> None:
    """Set the tasks a recorded message is handed to a worker by: `one` for one message, `many` for a batch."""
    _senders["one"], _senders["many"] = one, many


def enqueue_send(message_pk: int) -> None:
    """Ask a worker to send the message now. If the queue is unavailable, the sweep sends it later (so the nudge's
    commit need not wait for the disk: `core.commits`)."""
    try:
        with without_waiting_for_disk():
            _senders["one"].enqueue(message_pk)
    except Exception:
        logger.exception("Could not enqueue message %s; send_due_messages will send it", message_pk)


def enqueue_send_many(message_pks: list[int]) -> None:
    """Ask a worker to send these messages, one after another. If the queue is unavailable, the sweep will."""
    try:
        with without_waiting_for_disk():
            _senders["many"].enqueue(message_pks)
    except Exception:
        logger.exception("Could not enqueue %s messages; send_due_messages will send them", len(message_pks))


# --- sending --------------------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    queued_and_due = Q(status=MessageStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=MessageStatus.SENDING, claimed_at__lt=now - stale_claim_after())
    return queued_and_due | abandoned


def claim(message_pk: int, now: datetime) -> OutboundMessage | None:
    """Take the message for this worker, or None if it is not due or another worker has it."""
    message = OutboundMessage.objects.select_related("case").filter(pk=message_pk).first()
    return message if message is not None and _claim(message, now) else None


def _claim(message: OutboundMessage, now: datetime) -> bool:
    """Take a message already read for this worker; True if this worker now holds it.

    One UPDATE with the state in its WHERE clause: of two workers racing, the database lets exactly one match. The
    attempt count read with the message is part of the condition, so a message another worker has tried since it
    was read is left to that worker, and the count kept here is the one the database holds.
    """
    if message.status in (MessageStatus.SENT, MessageStatus.FAILED):
        return False  # a task run again after the message was dealt with: nothing to ask the database
    claimed = (
        OutboundMessage.objects.filter(_due(now), pk=message.pk, attempt_count=message.attempt_count).update(
            status=MessageStatus.SENDING, claimed_at=now, attempt_count=F("attempt_count") + 1
        )
        == 1
    )
    if claimed:
        message.status, message.claimed_at = MessageStatus.SENDING, now
        message.attempt_count += 1
    return claimed


def _still_ours(message: OutboundMessage) -> Any:
    # Only the claim this worker made: if the sweep took the message over, this worker's result is not written.
    return OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING, claimed_at=message.claimed_at)


def deliver(message_pk: int, *, now: datetime | None = None) -> bool:
    """Claim, send and mark one message. True if this call sent it."""
    message = OutboundMessage.objects.select_related("case").filter(pk=message_pk).first()
    with read_once():  # the sending and reply-to addresses each ask for the organisation
        return message is not None and _deliver(message, now=now or timezone.now())


def _deliver(message: OutboundMessage, *, now: datetime) -> bool:
    if not _claim(message, now):
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
        **_without_secrets(message),
    )
    if not marked:
        logger.warning("Message %s was sent after its claim had gone stale", message.pk)
    return True


def _without_secrets(message: OutboundMessage) -> dict[str, str]:
    """The bodies to store once the message has left the outbox, without what its app asked to be removed."""
    if not has_redactor(message.template_name):
        return {}
    return {
        "body_text": redacted(message.template_name, message.body_text),
        "body_html": redacted(message.template_name, message.body_html),
    }


def _record_failure(message: OutboundMessage, error: Exception, *, now: datetime, permanent: bool) -> None:
    gives_up = permanent or message.attempt_count >= MAX_ATTEMPTS
    logger.warning("Message %s attempt %s failed: %s", message.pk, message.attempt_count, error)
    _still_ours(message).update(
        **(_without_secrets(message) if gives_up else {}),
        status=MessageStatus.FAILED if gives_up else MessageStatus.QUEUED,
        next_attempt_at=None if gives_up else now + retry_delay(message.attempt_count),
        claimed_at=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        # A letter rendered before the provider failed: the next attempt posts this PDF rather than another.
        document=message.document.name or "",
    )


def deliver_many(message_pks: Iterable[int], *, now: datetime | None = None) -> int:
    """Claim, send and mark each message in turn, as `deliver` does. One failure stops none of the others.

    Messages are read a hundred at a time; each is still claimed, sent and marked on its own, so a worker killed
    part-way leaves at most the message it was sending in doubt. Each claim is stamped with the time it is made
    (unless `now` is given), so the last message of a long batch is not mistaken for one a dead worker left behind.
    The organisation (the sending and reply-to addresses) is read once for each hundred (`read_once`).
    """
    pks = list(message_pks)
    sent = 0
    for start in range(0, len(pks), 100):
        chunk = pks[start : start + 100]
        messages = OutboundMessage.objects.select_related("case").in_bulk(chunk)
        with read_once():
            for message_pk in chunk:
                message = messages.get(message_pk)
                if message is None:
                    continue  # recorded in a savepoint that was rolled back, or deleted since
                try:
                    sent += _deliver(message, now=now or timezone.now())
                except Exception:
                    logger.exception("Message %s could not be processed", message_pk)
    return sent


@dataclass(frozen=True)
class SweepResult:
    tried: int
    sent: int


def send_due(*, now: datetime | None = None, limit: int | None = None) -> SweepResult:
    """Send every message that is due, including those a dead worker left claimed. One failure stops nothing."""
    due_at = now or timezone.now()
    due = OutboundMessage.objects.filter(_due(due_at)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    ids = list(due[:limit] if limit else due)
    return SweepResult(tried=len(ids), sent=deliver_many(ids, now=now))


def retry(*, message: OutboundMessage, actor: User) -> OutboundMessage:
    """Put a failed message back in the queue with fresh attempts, and note who did it on the case."""
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
