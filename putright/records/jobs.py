"""The retention schedule's daily run, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings

from putright.core.scheduler import Job
from putright.records.retention import apply_retention


def retention(now: datetime) -> str:
    return apply_retention(now).summary()


def jobs() -> list[Job]:
    return [
        Job(
            "apply_retention",
            retention,
            daily_at=time(2),
            enabled=lambda: str(settings.PUTRIGHT_RETENTION).lower() != "off",
        )
    ]
