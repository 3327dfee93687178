"""Report figures read from a read replica of the database, when one is configured (REPORTS_DATABASE_URL).

Working out a period's figures reads every case of the period; on a busy primary that competes with officers'
writes. With a replica configured, reads made inside `reading_reports()` go to it (`ReportReadRouter`), and
everything else, every write included, stays on the primary. Only the figures' own reads are wrapped (see
reporting/snapshots.py), never a page that writes and then reads back what it wrote, so the replica's delay in
catching up can only make figures a few seconds older, never lose a change. Without a replica nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
# The apps whose tables report figures read; Django's own (sessions, the cache table, auth's permissions) stay on
# the primary, so a kept figure or a session is never read from a replica that has not caught up.
REPORTED_APPS = frozenset(
    {"cases", "people", "organisation", "procedures", "reporting", "learning", "ombudsman", "notifications"}
)
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


def reports_database() -> str:
    """The database alias report figures are read from: the replica when configured, else the primary."""
    return str(getattr(settings, "PUTRIGHT_REPORTS_DATABASE", "default"))


@contextmanager
def reading_reports() -> Iterator[None]:
    """Reads made inside go to the reports database (the replica, when configured)."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReportReadRouter:
    """Routes the reads made inside `reading_reports()` to the reports database; leaves every other choice to
    Django (the primary)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _reading_reports.get() or model._meta.app_label not in REPORTED_APPS:
            return None
        alias = reports_database()
        return None if alias == "default" else alias

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None  # a replica copies the primary's schema; never migrate it
