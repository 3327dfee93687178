"""Learning's periodic job, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from putright.core.scheduler import Job, daily_hour
from putright.learning.alerts import scheduled_overdue_action_alerts


def jobs() -> list[Job]:
    return [Job("learning_action_alerts", scheduled_overdue_action_alerts, daily_at=daily_hour)]
