"""One small function writes every timeline event, so each change leaves the same kind of record.

Writing an event publishes it (`core.signals`): the apps that act on it (notifications records the letter or
email it owes the customer) subscribe in their `AppConfig.ready()`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from putright.cases.choices import EventKind
from putright.cases.models import Case, TimelineEvent
from putright.core import signals
from putright.core.inserts import insert
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
    case_made_just_now: bool = False,
) -> TimelineEvent:
    """Write a timeline event and publish it (core.signals): the customer's letter or email (notifications) and
    webhooks (api) subscribe in their apps' `ready()`. Call it inside the change's transaction, which they join.

    `case_made_just_now`: the case was written in this transaction, with its `updated_at`, moments ago."""
    event = insert(  # built once per process (`core.inserts`): every change to a case writes one
        TimelineEvent(
            case=case,
            kind=kind,
            summary=summary,
            actor=actor,
            data=data or {},
            is_visible_to_customer=visible_to_customer,
            occurred_at=occurred_at or timezone.now(),
        )
    )
    # Anything on the timeline is a change to the case for systems keeping in step (the API's `updated_since`).
    if not case_made_just_now:
        Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    signals.publish(kind, event)
    return event


def historic(
    case: Case, kind: EventKind, summary: str, *, occurred_at: datetime, data: dict[str, Any]
) -> TimelineEvent:
    """An unsaved event for something that happened before PutRight, brought in by an import.

    Written in bulk by the import, and owing no letter: the customer was written to at the time, by the old system.
    """
    return TimelineEvent(case=case, kind=kind, summary=summary, actor=None, data=data, occurred_at=occurred_at)
