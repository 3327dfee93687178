"""Sessions kept in the database, as Django's own `db` backend keeps them, with two differences.

- The read every request makes is built into SQL once per process (`core.prepared`): Django builds the session's
  query anew on every request, which costs more than the database takes to answer it. The session is read by its
  key alone and its expiry compared here: the same session, or none, as Django's read gives.
- One save does not wait for the disk. Every session change waits, as any commit does (`core.commits`), but this:
  after the public form's answers are sent, the session only forgets them and remembers the new case's reference
  for the confirmation page. The case and its submission receipt are committed (and waited for) before that, so if
  a crash of the database server takes back the session's change, the answers and their token are still in the
  session, and sending them again shows the same case (the receipt): nothing is lost or made twice. Signing in and
  out (a new session key, a session deleted) always waits.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import DatabaseError, router
from django.db.models import QuerySet
from django.utils import timezone

from putright.core.commits import without_waiting_for_disk
from putright.core.prepared import PreparedRead

_MAY_BE_LOST = "_putright_save_may_be_lost"


def _session_by_key(session_key: str) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key).order_by()[:1]


_SESSION_BY_KEY = PreparedRead(_session_by_key, str)


def save_may_be_lost(session: SessionBase) -> None:
    """This request's change to `session` may be taken back by a crash of the database server: the response's save
    of it need not wait for the disk. Only for a change that loses nothing when the session is as before it."""
    setattr(session, _MAY_BE_LOST, True)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = _SESSION_BY_KEY(self.session_key) if isinstance(self.session_key, str) else []
        session = found[0] if found else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None  # as Django's own read does when it finds none
            return None
        return session

    def save(self, must_create: bool = False) -> None:
        if must_create or self.session_key is None or not getattr(self, _MAY_BE_LOST, False):
            super().save(must_create=must_create)
            return
        # Django's save of an existing session (a forced UPDATE), in a transaction of its own that does not wait:
        # the one transaction, so without the savepoint Django's own save would open inside it.
        row = self.create_model_instance(dict(self.items()))
        using = router.db_for_write(self.model, instance=row)
        try:
            with without_waiting_for_disk(using):
                row.save(force_update=True, using=using)
        except DatabaseError as error:
            raise UpdateError from error
