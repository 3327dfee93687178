"""Sending webhook deliveries: sign, POST, record the answer; retried with backoff until the receiver takes them.

`deliver` claims a delivery with a conditional UPDATE (of two workers racing, one gets it), POSTs it outside any
transaction and records the answer; a failure waits 1, 2, 4 ... minutes (at most six hours, as the outbox does)
and gives up after MAX_ATTEMPTS, about three days, leaving "send again" in the delivery log. `send_due` (the
scheduler, every minute) sends what is due and what a dead worker left claimed.

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
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from putright.api.choices import DeliveryStatus
from putright.api.models import WebhookDelivery
from putright.notifications.outbound.services import retry_delay, stale_claim_after

logger = logging.getLogger(__name__)

# With the outbox's backoff (capped at six hours) 20 tries span about three days: a receiver down over a weekend
# still gets every event when it is back.
MAX_ATTEMPTS = 20


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


def scheduled_webhook_sweep(now: datetime) -> str:
    result = send_due(now=now)
    return f"tried {result.tried}, delivered {result.delivered}"
