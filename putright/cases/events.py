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
    """Write a timeline event, and the letter or email it owes the customer; call it inside the change's transaction."""
    # Imported here: notifications builds on cases, not the other way round.
    from putright.notifications.services import messages_for_event

    event = TimelineEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary,
        actor=actor,
        data=data or {},
        is_visible_to_customer=visible_to_customer,
        occurred_at=occurred_at or timezone.now(),
    )
    messages_for_event(event)  # recorded in this transaction, sent after it commits (STYLE.md §3)
    return event


def historic(
    case: Case, kind: EventKind, summary: str, *, occurred_at: datetime, data: dict[str, Any]
) -> TimelineEvent:
    """An unsaved event for something that happened before PutRight, brought in by an import.

    Written in bulk by the import, and owing no letter: the customer was written to at the time, by the old system.
    """
    return TimelineEvent(case=case, kind=kind, summary=summary, actor=None, data=data, occurred_at=occurred_at)
