"""The public side's periodic job, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.sessions.models import Session

from putright.core.scheduler import Job
from putright.portal.services.evidence import remove_abandoned_uploads
from putright.portal.services.signin import remove_expired_links


def public_housekeeping(now: datetime) -> str:
    """Drop what the public side no longer needs: abandoned uploads, spent sign-in links, expired sessions."""
    files = remove_abandoned_uploads(now)
    links = remove_expired_links(now)
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    return f"deleted {files} abandoned upload(s), {links} sign-in link(s), {sessions} session(s)"


def jobs() -> list[Job]:
    return [Job("public_housekeeping", public_housekeeping, daily_at=time(3))]
