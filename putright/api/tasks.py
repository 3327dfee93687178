"""Background entry points: take ids, call a service."""

from __future__ import annotations

from django.tasks import task

from putright.api import webhook_sending


@task
def send_webhook(delivery_pk: int) -> bool:
    """Send one webhook delivery. Safe to run twice: only the worker whose claim succeeds sends it."""
    return webhook_sending.deliver(delivery_pk)
