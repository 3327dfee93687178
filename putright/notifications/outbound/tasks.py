"""Background entry points: take ids, call a service; the work itself is in services.py."""

from __future__ import annotations

from django.tasks import task

from putright.notifications.outbound import services


@task
def send_message(message_pk: int) -> bool:
    """Send one outbox message. Safe to run twice: only the worker whose claim succeeds sends it."""
    return services.deliver(message_pk)


@task
def send_messages(message_pks: list[int]) -> int:
    """Send messages recorded together (`services.sending_together`), one by one; as safe to repeat as one."""
    return services.deliver_many(message_pks)
