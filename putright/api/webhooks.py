"""Webhooks: case events sent to the URLs administrators subscribe, signed, retried until they arrive.

1. `deliveries_for_event` is subscribed to the timeline (apps.py): inside the transaction of the change it writes one
   delivery row per subscription that follows the event and may see the case, so a rolled-back change sends nothing
   and a committed one is never lost. The row is sent after the commit by a worker (`tasks.send_webhook`).
2. `deliver` claims the row with a conditional UPDATE, POSTs it outside any transaction, and records the answer;
   a failure is retried with the outbox's backoff (1, 2, 4 ... minutes) up to the outbox's attempt limit.
3. `send_due` (run every minute by the scheduler) sends what is due and what a dead worker left claimed.

Signature: `PutRight-Signature: v1=<hex>`, the HMAC-SHA256 with the subscription's secret of
`<PutRight-Timestamp>.<body>`. Receivers recompute it and refuse old timestamps (README "Integration").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from putright.api.choices import DeliveryStatus, WebhookEvent
from putright.api.models import WebhookDelivery, WebhookSubscription
from putright.cases.access import system_can_see
from putright.cases.choices import EventKind
from putright.cases.models import Case, Remedy, TimelineEvent
from putright.notifications.services import MAX_ATTEMPTS, retry_delay, stale_claim_after

logger = logging.getLogger(__name__)

EVENT_FOR_KIND = {
    EventKind.LOGGED: WebhookEvent.CASE_CREATED,
    EventKind.ACKNOWLEDGED: WebhookEvent.CASE_ACKNOWLEDGED,
    EventKind.RESPONDED: WebhookEvent.CASE_RESPONDED,
    EventKind.ESCALATED: WebhookEvent.CASE_ESCALATED,
    EventKind.CLOSED: WebhookEvent.CASE_CLOSED,
}


class WebhookError(Exception):
    """A request about a delivery that cannot be carried out; the message says why."""


# --- recording --------------------------------------------------------------------------------------------------


def case_summary(case: Case) -> dict[str, Any]:
    """What a delivery says about the case: no personal data; the receiver reads more through the API."""
    return {
        "reference": case.reference,
        "kind": case.kind,
        "status": case.status,
        "service": case.service_area.slug,
        "is_restricted": case.is_restricted,
        "next_due_date": case.next_due_date.isoformat() if case.next_due_date else None,
        "url": f"/api/v1/cases/{case.reference}/",
    }


def _subscriptions_for(event: WebhookEvent, case: Case) -> list[WebhookSubscription]:
    # `events` is a short JSON list: filtered here, as SQLite cannot look inside it.
    following = [sub for sub in WebhookSubscription.objects.filter(is_active=True) if sub.follows(event)]
    return [sub for sub in following if system_can_see(sub, case)]


def _record(
    subscription: WebhookSubscription,
    event: WebhookEvent,
    case: Case,
    payload: dict[str, Any],
    dedupe_key: str,
    timeline_event: TimelineEvent | None = None,
) -> WebhookDelivery | None:
    try:
        # A savepoint: a second recording of the same event leaves the caller's transaction usable.
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                subscription=subscription,
                event=event,
                case=case,
                timeline_event=timeline_event,
                payload=payload,
                dedupe_key=dedupe_key,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None
    delivery.payload = {"id": delivery.pk, **payload}
    WebhookDelivery.objects.filter(pk=delivery.pk).update(payload=delivery.payload)
    transaction.on_commit(partial(enqueue_send, delivery.pk))
    return delivery


def deliveries_for_event(event: TimelineEvent) -> list[WebhookDelivery]:
    """Record a delivery of this timeline event to each subscription that follows it; call inside its transaction."""
    name = EVENT_FOR_KIND.get(EventKind(event.kind))
    if name is None:
        return []
    case = event.case
    payload = {
        "event": str(name),
        "occurred_at": event.occurred_at.isoformat(),
        "summary": event.summary,
        "case": case_summary(case),
    }
    recorded = [
        _record(sub, name, case, payload, f"event:{event.pk}", timeline_event=event)
        for sub in _subscriptions_for(name, case)
    ]
    return [delivery for delivery in recorded if delivery is not None]


def remedies_due(today: date) -> int:
    """Tell subscribers of each remedy due today or overdue and not yet done, once per remedy and due date."""
    count = 0
    remedies = Remedy.objects.filter(completed_date__isnull=True, due_date__lte=today).select_related(
        "stage__case__service_area"
    )
    for remedy in remedies:
        case = remedy.stage.case
        assert remedy.due_date is not None
        payload = {
            "event": str(WebhookEvent.REMEDY_DUE),
            "occurred_at": timezone.now().isoformat(),
            "summary": f"{remedy.get_remedy_type_display()} due {remedy.due_date:%d %B %Y}: {remedy.description}",
            "remedy": {"id": remedy.pk, "type": remedy.remedy_type, "due_date": remedy.due_date.isoformat()},
            "case": case_summary(case),
        }
        with transaction.atomic():
            for sub in _subscriptions_for(WebhookEvent.REMEDY_DUE, case):
                key = f"remedy:{remedy.pk}:{remedy.due_date.isoformat()}"
                count += _record(sub, WebhookEvent.REMEDY_DUE, case, payload, key) is not None
    return count


def enqueue_send(delivery_pk: int) -> None:
    """Ask a worker to send the delivery now. If the queue is unavailable, the sweep sends it later."""
    from putright.api.tasks import send_webhook

    try:
        send_webhook.enqueue(delivery_pk)
    except Exception:
        logger.exception("Could not enqueue webhook delivery %s; the sweep will send it", delivery_pk)


# --- signing and sending ----------------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_request(delivery: WebhookDelivery, *, now: float | None = None) -> urllib.request.Request:
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(now if now is not None else time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "PutRight-Webhooks/1",
        "PutRight-Event": delivery.event,
        "PutRight-Delivery": str(delivery.pk),
        "PutRight-Timestamp": timestamp,
        "PutRight-Signature": f"v1={signature(delivery.subscription.secret, timestamp, body)}",
    }
    return urllib.request.Request(delivery.subscription.url, data=body, headers=headers, method="POST")  # noqa: S310


class ReceiverRefused(Exception):
    def __init__(self, status_code: int, text: str) -> None:
        super().__init__(f"The receiver answered {status_code}: {text[:200]}")
        self.status_code = status_code


def post(delivery: WebhookDelivery) -> int:
    """POST the delivery; return the receiver's 2xx status, or raise."""
    request = signed_request(delivery)
    try:
        with urllib.request.urlopen(request, timeout=settings.PUTRIGHT_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        raise ReceiverRefused(error.code, error.read().decode(errors="replace")) from error


def _due(now: datetime) -> Q:
    queued = Q(status=DeliveryStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - stale_claim_after())
    return queued | abandoned


def _claim(delivery: WebhookDelivery, now: datetime) -> bool:
    """One conditional UPDATE: of two workers racing for the same delivery, exactly one gets it."""
    claimed = WebhookDelivery.objects.filter(_due(now), pk=delivery.pk, attempt_count=delivery.attempt_count).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempt_count=F("attempt_count") + 1
    )
    if claimed:
        delivery.status, delivery.claimed_at = DeliveryStatus.SENDING, now
        delivery.attempt_count += 1
    return bool(claimed)


def deliver(delivery_pk: int, *, now: datetime | None = None) -> bool:
    """Claim, send and record one delivery. True if the receiver took it."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_pk).first()
    if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return False
    now = now or timezone.now()
    if not _claim(delivery, now):
        return False
    ours = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=now)
    attempt: dict[str, Any] = {"at": timezone.now().isoformat(), "attempt": delivery.attempt_count}
    try:
        code = post(delivery)
    except Exception as error:
        status_code = error.status_code if isinstance(error, ReceiverRefused) else None
        text = f"{type(error).__name__}: {error}"[:2000]
        gives_up = delivery.attempt_count >= MAX_ATTEMPTS
        attempt.update(status=status_code, error=text)
        ours.update(
            status=DeliveryStatus.FAILED if gives_up else DeliveryStatus.QUEUED,
            next_attempt_at=None if gives_up else now + retry_delay(delivery.attempt_count),
            claimed_at=None,
            last_error=text,
            last_status_code=status_code,
            attempts=[*delivery.attempts, attempt],
        )
        logger.warning("Webhook delivery %s attempt %s failed: %s", delivery.pk, delivery.attempt_count, text)
        return False
    attempt.update(status=code, error="")
    ours.update(
        status=DeliveryStatus.DELIVERED,
        delivered_at=timezone.now(),
        claimed_at=None,
        last_error="",
        last_status_code=code,
        attempts=[*delivery.attempts, attempt],
    )
    return True


@dataclass(frozen=True)
class SweepResult:
    tried: int
    delivered: int


def send_due(*, now: datetime | None = None) -> SweepResult:
    """Send every delivery that is due, oldest first, including those a dead worker left claimed."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(_due(now)).order_by("created_at", "pk").values_list("pk", flat=True)
    ids = list(due)
    delivered = 0
    for pk in ids:
        try:
            delivered += deliver(pk, now=now)
        except Exception:
            logger.exception("Webhook delivery %s could not be processed", pk)
    return SweepResult(tried=len(ids), delivered=delivered)


def send_again(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Put a delivery back in the queue with fresh attempts (the admin's "send again")."""
    if delivery.status in (DeliveryStatus.SENDING, DeliveryStatus.QUEUED):
        raise WebhookError("This delivery is waiting to be sent already.")
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.QUEUED, attempt_count=0, next_attempt_at=timezone.now(), claimed_at=None
        )
        transaction.on_commit(partial(enqueue_send, delivery.pk))
    delivery.refresh_from_db()
    return delivery


# --- the scheduler's jobs ---------------------------------------------------------------------------------------


def scheduled_webhook_sweep(now: datetime) -> str:
    result = send_due(now=now)
    return f"tried {result.tried}, delivered {result.delivered}"


def scheduled_remedies_due(now: datetime) -> str:
    return f"{remedies_due(timezone.localtime(now).date())} remedy-due webhook(s) recorded"
