"""Handing a worker a task that sends what a change recorded (a message, a webhook delivery), and only if it commits.

The task must not run before the change has committed, nor at all if it is rolled back. With the database task
backend (the default) a task is a row in the same database as the change: written inside the change's transaction,
it commits with the change or not at all, and no worker can see it before the commit. So it is written there, one
INSERT, rather than in a transaction of its own after the commit (on PostgreSQL three more round trips to the
server, and a second commit); a failure to write it fails the change, as a failure to write any of its rows does.
Any other backend (Redis) is asked after the commit, by `after_commit`, which copes with a queue that is down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, router, transaction
from django.tasks import Task


def enqueue_with_change(task: Task[Any, Any], *args: Any, after_commit: Callable[[], object]) -> None:
    """`task.enqueue(*args)` in the current transaction where the task is a row written with it; otherwise
    `after_commit()` (which enqueues it) once the transaction commits, or at once outside a transaction."""
    if _written_with_the_change(task):
        task.enqueue(*args)
    else:
        transaction.on_commit(after_commit)


def _written_with_the_change(task: Task[Any, Any]) -> bool:
    from django_tasks_db import DatabaseBackend  # the default backend; only its rows are written with the change
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False
    # The task's row goes where the change is being written (the default database), inside its transaction.
    return connections[router.db_for_write(DBTaskResult)].in_atomic_block
