"""The public side's periodic job, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.sessions.models import Session

from putright.core.scanning import scanning_enabled
from putright.core.scheduler import Job
from putright.portal.services.evidence import remove_abandoned_uploads, scan_held_files
from putright.portal.services.signin import remove_expired_links


def public_housekeeping(now: datetime) -> str:
    """Drop what the public side no longer needs: abandoned uploads, spent sign-in links, expired sessions."""
    files = remove_abandoned_uploads(now)
    links = remove_expired_links(now)
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    return f"deleted {files} abandoned upload(s), {links} sign-in link(s), {sessions} session(s)"


def scan_held(now: datetime) -> str:
    """Scan the files kept unopened while the virus scanner was unavailable."""
    clean, infected, held = scan_held_files(now)
    return f"{clean} file(s) clean, {infected} with a virus, {held} still waiting for the scanner"


def jobs() -> list[Job]:
    return [
        Job("public_housekeeping", public_housekeeping, daily_at=time(3)),
        Job("scan_held_files", scan_held, every_minutes=5, enabled=scanning_enabled),
    ]
