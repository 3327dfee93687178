"""Sessions in the database, as Django keeps them, but for a save the request says may be lost in a crash.

Every session change waits for the disk, as any commit does (`core.commits`), but one: after the public form's
answers are sent, the session only forgets them and remembers the new case's reference for the confirmation page.
The case and its submission receipt are committed (and waited for) before that, so if a crash of the database server
takes back the session's change, the answers and their token are still in the session, and sending them again
shows the same case (the receipt): nothing is lost or made twice. That save alone is committed without waiting.
Signing in and out (a new session key, a session deleted) always waits.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, router

from putright.core.commits import without_waiting_for_disk

_MAY_BE_LOST = "_putright_save_may_be_lost"


def save_may_be_lost(session: SessionBase) -> None:
    """This request's change to `session` may be taken back by a crash of the database server: the response's save
    of it need not wait for the disk. Only for a change that loses nothing when the session is as before it."""
    setattr(session, _MAY_BE_LOST, True)


class SessionStore(DatabaseSessionStore):
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
