"""Sessions kept in the database, as Django's own `db` backend keeps them, with the read every request makes
built into SQL once per process (`core.prepared`).

Django builds the session's query anew on every request, which costs more than the database takes to answer it. The
session is read by its key alone and its expiry compared here: the same session, or none, as Django's read gives.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from putright.core.prepared import PreparedRead


def _session_by_key(session_key: str) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key).order_by()[:1]


_SESSION_BY_KEY = PreparedRead(_session_by_key, str)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = _SESSION_BY_KEY(self.session_key) if isinstance(self.session_key, str) else []
        session = found[0] if found else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None  # as Django's own read does when it finds none
            return None
        return session
