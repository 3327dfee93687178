"""One small function writes every timeline event, so each change leaves the same kind of record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from putright.cases.choices import EventKind
from putright.cases.models import Case, TimelineEvent
from putright.organisation.models import User


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
    """Write a timeline event; call it inside the transaction that makes the change."""
    return TimelineEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary,
        actor=actor,
        data=data or {},
        is_visible_to_customer=visible_to_customer,
        occurred_at=occurred_at or timezone.now(),
    )
