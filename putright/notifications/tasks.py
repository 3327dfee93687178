"""Background entry points: take an id, call a service (STYLE.md §8)."""

from __future__ import annotations

from django.tasks import task

from putright.notifications import services


@task
def send_message(message_pk: int) -> bool:
    """Send one outbox message. Safe to run twice: only the worker whose claim succeeds sends it."""
    return services.deliver(message_pk)
