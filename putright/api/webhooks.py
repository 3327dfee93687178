"""Webhooks: case events sent to the URLs administrators subscribe, recorded with the event, signed and retried.

`deliveries_for_event` is subscribed to the timeline (apps.py): inside the transaction of the change it writes one
delivery row per subscription that follows the event and may see the case, so a rolled-back change sends nothing
and a committed one is never lost. After the commit a worker sends it (`tasks.send_webhook`, enqueued with the
change: `core.enqueueing`; `webhook_sending`).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from putright.api import tasks
from putright.api.choices import DeliveryStatus, WebhookEvent
from putright.api.models import WebhookDelivery, WebhookSubscription
from putright.cases.access import system_can_see
from putright.cases.choices import EventKind
from putright.cases.models import Case, Remedy, TimelineEvent
from putright.core.commits import without_waiting_for_disk
from putright.core.enqueueing import enqueue_with_change
from putright.core.memo import once_per_request
from putright.core.prepared import PreparedRead

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


_active_subscriptions = PreparedRead(lambda: WebhookSubscription.objects.filter(is_active=True))


def _subscriptions_for(event: WebhookEvent, case: Case) -> list[WebhookSubscription]:
    # `events` is a short JSON list: filtered here, as SQLite cannot look inside it.
    # Read once per request: opening a case with its lead officer publishes two events.
    active = once_per_request("webhook_subscriptions", _active_subscriptions)
    following = [sub for sub in active if sub.follows(event)]
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
    enqueue_with_change(tasks.send_webhook, delivery.pk, after_commit=partial(enqueue_send, delivery.pk))
    return delivery


def deliveries_for_event(event: TimelineEvent) -> list[WebhookDelivery]:
    """Record a delivery of this timeline event to each subscription that follows it; call inside its transaction."""
    name = EVENT_FOR_KIND.get(EventKind(event.kind))
    if name is None:
        return []
    case = event.case
    subscriptions = _subscriptions_for(name, case)
    if not subscriptions:
        return []  # nobody follows it: no payload to build
    payload = {
        "event": str(name),
        "occurred_at": event.occurred_at.isoformat(),
        "summary": event.summary,
        "case": case_summary(case),
    }
    recorded = [_record(sub, name, case, payload, f"event:{event.pk}", timeline_event=event) for sub in subscriptions]
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
    """Ask a worker to send the delivery now. If the queue is unavailable, the sweep sends it later (so the nudge's
    commit need not wait for the disk: `core.commits`)."""
    try:
        with without_waiting_for_disk():
            tasks.send_webhook.enqueue(delivery_pk)
    except Exception:
        logger.exception("Could not enqueue webhook delivery %s; the sweep will send it", delivery_pk)


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


def scheduled_remedies_due(now: datetime) -> str:
    return f"{remedies_due(timezone.localtime(now).date())} remedy-due webhook(s) recorded"
