"""Background entry points: take the run's token, call the step; the work itself is in runs.py."""

from __future__ import annotations

import uuid

from django.tasks import task


@task
def check_import(token: str) -> None:
    """The dry run of an uploaded export."""
    from putright.imports import runs  # here: registering the tasks at start-up need not load the checks and import

    runs.check_run(uuid.UUID(token))


@task
def apply_import(token: str) -> None:
    """The confirmed import. Safe to run twice: the second finds the run done and stops."""
    from putright.imports import runs  # here, as above

    runs.apply_run(uuid.UUID(token))
