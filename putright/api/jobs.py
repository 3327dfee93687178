"""The API app's periodic jobs, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from putright.api.webhook_sending import scheduled_webhook_sweep
from putright.api.webhooks import scheduled_remedies_due
from putright.core.scheduler import Job, daily_hour


def jobs() -> list[Job]:
    return [
        Job("send_due_webhooks", scheduled_webhook_sweep, every_minutes=1),
        Job("remedy_due_webhooks", scheduled_remedies_due, daily_at=daily_hour),
    ]
