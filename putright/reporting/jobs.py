"""Reporting's periodic jobs, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from datetime import datetime, timedelta

from putright.core.scheduler import Job, daily_hour
from putright.reporting.reminders import scheduled_return_reminders
from putright.reporting.snapshots import refresh_read_snapshots
from putright.reporting.totals import compact_totals


def refresh_report_figures(now: datetime) -> str:
    # At most a minute's work a run, so the message sweep behind it is never held up for long.
    refreshed, dropped = refresh_read_snapshots(now, budget=timedelta(minutes=1))
    return f"worked out {refreshed} set(s) of report figures again, forgot {dropped} read(s)"


def add_up_stage_totals(now: datetime) -> str:
    return f"added up {compact_totals():,} row(s) of stage and case totals"


def jobs() -> list[Job]:
    return [
        Job("refresh_report_figures", refresh_report_figures, every_minutes=5),
        Job("add_up_stage_totals", add_up_stage_totals, every_minutes=5),
        Job("return_date_reminders", scheduled_return_reminders, daily_at=daily_hour),
    ]
