"""Fetching inbound email from an IMAP mailbox (stdlib imaplib), for `manage.py fetch_mail` and the scheduler.

A message is marked done (moved to IMAP_PROCESSED_MAILBOX, or flagged as read) only after `receive_email` has
committed it, so a crash in between means it is fetched again, and the Message-ID check makes that harmless.
With no processed mailbox, unread messages are fetched: someone reading the mailbox in a mail client would hide
new mail from PutRight, so give PutRight a mailbox of its own or set IMAP_PROCESSED_MAILBOX.
"""

from __future__ import annotations

import imaplib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from putright.notifications.inbound.receive import receive_email

logger = logging.getLogger(__name__)


class MailboxError(Exception):
    """The IMAP server refused a command; the message says which."""


@dataclass
class FetchRun:
    outcomes: Counter[str] = field(default_factory=Counter)
    failed: int = 0

    def __str__(self) -> str:
        done = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.outcomes.items())) or "nothing new"
        return done + (f"; {self.failed} failed and will be fetched again" if self.failed else "")


def _ok(response: tuple[str, Sequence[Any]], what: str) -> Sequence[Any]:
    status, data = response
    if status != "OK":
        raise MailboxError(f"IMAP {what} failed: {data!r}")
    return data


def _raw_message(data: Sequence[Any]) -> bytes | None:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def fetch_mailbox(
    client: imaplib.IMAP4, *, mailbox: str = "INBOX", processed_mailbox: str = "", limit: int | None = None
) -> FetchRun:
    """Receive every waiting message in the mailbox; one failure is logged and does not stop the rest."""
    _ok(client.select(_quoted(mailbox)), f"SELECT {mailbox}")
    criterion = "ALL" if processed_mailbox else "UNSEEN"
    [found] = _ok(client.uid("SEARCH", "UNDELETED", criterion), "SEARCH")
    uids = found.decode().split() if isinstance(found, bytes) else []
    run = FetchRun()
    moved = False
    for uid in uids[:limit] if limit else uids:
        try:
            raw = _raw_message(_ok(client.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH"))
            if raw is None:
                raise MailboxError(f"IMAP FETCH of {uid!r} returned no message")
            result = receive_email(raw)
        except Exception:
            logger.exception("Inbound email %s could not be received; it stays in the mailbox", uid)
            run.failed += 1
            continue
        run.outcomes[str(result.outcome)] += 1
        # Recorded (or quarantined) and committed: only now may the mailbox forget it.
        try:
            if processed_mailbox:
                _move(client, uid, processed_mailbox)
                moved = True
            else:
                _ok(client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)"), "STORE")
        except Exception:
            logger.exception("Inbound email %s was received but not marked; a refetch is a harmless duplicate", uid)
    if moved and "MOVE" not in client.capabilities:
        _ok(client.expunge(), "EXPUNGE")
    return run


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _move(client: imaplib.IMAP4, uid: str, target: str) -> None:
    if "MOVE" in client.capabilities:
        _ok(client.uid("MOVE", uid, _quoted(target)), "MOVE")
        return
    _ok(client.uid("COPY", uid, _quoted(target)), "COPY")
    _ok(client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")


def connect() -> imaplib.IMAP4:
    host, port, timeout = settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_TIMEOUT
    client: imaplib.IMAP4
    if settings.IMAP_USE_SSL:
        client = imaplib.IMAP4_SSL(host, port, timeout=timeout)
    else:
        client = imaplib.IMAP4(host, port, timeout)
    try:
        _ok(client.login(settings.IMAP_USER, settings.IMAP_PASSWORD), "LOGIN")
    except Exception:
        client.shutdown()
        raise
    return client


def fetch_from_settings(*, limit: int | None = None) -> FetchRun:
    """Fetch from the mailbox the IMAP_* settings name."""
    if not settings.IMAP_HOST:
        raise MailboxError("IMAP_HOST is not set, so there is no mailbox to fetch from.")
    client = connect()
    try:
        return fetch_mailbox(
            client, mailbox=settings.IMAP_MAILBOX, processed_mailbox=settings.IMAP_PROCESSED_MAILBOX, limit=limit
        )
    finally:
        try:
            client.logout()
        except Exception:
            logger.warning("IMAP logout failed", exc_info=True)
