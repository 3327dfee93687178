"""Background entry points: take ids, call a service."""

from __future__ import annotations

from django.tasks import task

from putright.api import webhooks


@task
def send_webhook(delivery_pk: int) -> bool:
    """Send one webhook delivery. Safe to run twice: only the worker whose claim succeeds sends it."""
    return webhooks.deliver(delivery_pk)
