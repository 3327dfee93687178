"""Writes whose commit need not wait for the disk.

On PostgreSQL a commit waits until its record is on disk (`synchronous_commit`): a few milliseconds on an ordinary
server disk, longer than all the other queries of a page together. A few writes lose nothing that matters if a
crash of the database server takes back the last moments of them: the nudge asking a worker to send a message or
webhook now (the sweep sends everything still due, nudged or not), and the public forms' hourly counts (a limit on
floods can bear a few uses uncounted). Those are committed without waiting. PostgreSQL still writes them in order
and whole, and a crash of the server can take back only those of its last fraction of a second (up to three times
`wal_writer_delay`, 200 ms by default). A change that matters (a case, its events, the message itself, the access
log's entries) is never written this way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def without_waiting_for_disk(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """On PostgreSQL, the block's writes in a transaction of their own whose commit does not wait for the disk.

    Inside another transaction they are part of it, and commit (and wait) with it. On SQLite nothing changes: with
    `synchronous=NORMAL` in WAL mode (settings.py) no commit waits for the disk."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")  # this transaction only
        yield
