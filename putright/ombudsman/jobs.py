"""The ombudsman stage's periodic job, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from putright.core.scheduler import Job, daily_hour
from putright.ombudsman.alerts import scheduled_remedy_alerts


def jobs() -> list[Job]:
    return [Job("ombudsman_remedy_alerts", scheduled_remedy_alerts, daily_at=daily_hour)]
