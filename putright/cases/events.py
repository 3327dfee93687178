"""One small function writes every timeline event, so each change leaves the same kind of record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone

from putright.cases.choices import EventKind
from putright.cases.models import Case, TimelineEvent
from putright.organisation.models import User

Subscriber = Callable[[TimelineEvent], object]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    """Have `subscriber(event)` called for every event, inside the change's transaction (from an AppConfig.ready)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def record(
    case: Case,
    kind: EventKind,
    summary: str,
    *,
    actor: User | None,
    data: dict[str, Any] | None = None,
    visible_to_customer: bool = False,
    occurred_at: datetime | None = None,
) -> TimelineEvent:
    """Write a timeline event, and what follows from it (the customer's letter or email, webhooks, by the subscribers
    registered in their apps' `ready`); call it inside the change's transaction."""
    event = TimelineEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary,
        actor=actor,
        data=data or {},
        is_visible_to_customer=visible_to_customer,
        occurred_at=occurred_at or timezone.now(),
    )
    # Anything on the timeline is a change to the case for systems keeping in step (the API's `updated_since`).
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    # The customer's letter or email (notifications), webhooks (api): recorded in this transaction, sent after it.
    for subscriber in _subscribers:
        subscriber(event)
    return event
