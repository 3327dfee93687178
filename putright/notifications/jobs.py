"""Notifications' periodic jobs, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone

from putright.core.scheduler import Job, daily_hour
from putright.notifications.alerts.deadlines import send_daily_digests, send_staff_alerts
from putright.notifications.alerts.hazards import scheduled_hazard_alerts
from putright.notifications.alerts.restrictions import scheduled_restriction_reminders
from putright.notifications.alerts.work import scheduled_work_alerts
from putright.notifications.outbound.services import send_due


def send_due_messages(now: datetime) -> str:
    result = send_due()
    return f"tried {result.tried}, sent {result.sent}"


def staff_alerts(now: datetime) -> str:
    return str(send_staff_alerts(today=timezone.localtime(now).date()))


def staff_digest(now: datetime) -> str:
    return f"{send_daily_digests(today=timezone.localtime(now).date())} digest(s)"


def fetch_mail(now: datetime) -> str:
    # Imported here, not at the top: only the scheduler fetches mail, and web workers need not load imaplib to start.
    from putright.notifications.inbound.imap import fetch_from_settings

    return str(fetch_from_settings())


def jobs() -> list[Job]:
    return [
        Job("send_due_messages", send_due_messages, every_minutes=1),
        Job("fetch_mail", fetch_mail, every_minutes=1, enabled=lambda: bool(settings.IMAP_HOST)),
        Job("staff_alerts", staff_alerts, daily_at=daily_hour),
        Job("staff_digest", staff_digest, daily_at=daily_hour),
        Job("contribution_and_remedy_alerts", scheduled_work_alerts, daily_at=daily_hour),
        Job("restriction_review_reminders", scheduled_restriction_reminders, daily_at=daily_hour),
        # Every day and through the night: an emergency hazard has 24 clock hours (Awaab's Law).
        Job("hazard_alerts", scheduled_hazard_alerts, every_minutes=15),
    ]
