"""An import from the staff page: uploaded, checked in the background (the dry run), then confirmed and imported.

The command does the same steps in one go. Here each step is a background task (putright/imports/tasks.py), so a
100,000-row export neither holds up a web worker nor times out; the run's row keeps the progress the page shows.
"""

from __future__ import annotations

import time as clock
import uuid
from collections.abc import Callable
from dataclasses import asdict
from functools import partial

from django.db import transaction
from django.utils import timezone

from putright.imports.checking import CheckResult, check_export
from putright.imports.mapping import Mapping, MappingError, parse_mapping
from putright.imports.models import ImportRun, ImportStatus
from putright.imports.reading import ExportError, read_export
from putright.imports.services import (
    ImportRefused,
    describe_outcome,
    describe_progress,
    import_checked,
    plan,
    rejects_csv,
)
from putright.imports.steps import enqueue
from putright.organisation.models import User

PROBLEMS_KEPT = 1000  # shown on the page; every bad row is in the rows-not-imported file
PROGRESS_EVERY_SECONDS = 1.0


def start_run(
    *,
    actor: User,
    mapping_name: str,
    mapping_text: str,
    file_name: str,
    file_data: bytes,
    responses_name: str = "",
    responses_data: bytes | None = None,
) -> ImportRun:
    """Keep the uploaded files and start checking them; the mapping is read now, so its mistakes show at once."""
    mapping = parse_mapping(mapping_text, mapping_name)  # raises MappingError with every problem
    with transaction.atomic():
        run = ImportRun.objects.create(
            mapping_name=mapping_name,
            mapping_text=mapping_text,
            file_name=file_name,
            file_data=file_data,
            responses_name=responses_name,
            responses_data=responses_data,
            system=mapping.system,
            created_by=actor,
            phase_started_at=timezone.now(),
        )
        transaction.on_commit(partial(enqueue, "check_import", run.token))
    return run


def confirm_run(*, run: ImportRun, actor: User, good_rows_only: bool) -> ImportRun:
    """The administrator has read the dry run's report and asks for the import."""
    with transaction.atomic():
        updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKED).update(
            status=ImportStatus.IMPORTING,
            good_rows_only=good_rows_only,
            rows_done=0,
            phase_started_at=timezone.now(),
        )
        if updated:  # a second click, or another administrator, finds it already under way
            transaction.on_commit(partial(enqueue, "apply_import", run.token))
    run.refresh_from_db()
    return run


def check_run(token: uuid.UUID) -> None:
    """The dry run: check every row, keep the report and the bad rows; nothing else is written."""
    run = ImportRun.objects.get(token=token)
    checked = _check(run)
    if checked is None:
        return
    mapping, result = checked
    planned = plan(result.records, system=mapping.system)
    run.report = {
        **_report_of(result),
        "new": planned.new,
        "changed": planned.changed,
        "unchanged": planned.unchanged,
    }
    run.rejects_csv = rejects_csv(result) if result.bad_rows else ""
    run.status = ImportStatus.CHECKED
    run.save(update_fields=["report", "rejects_csv", "status"])


def apply_run(token: uuid.UUID) -> None:
    """Import what was checked. Rows are checked again first: the services or procedures may have changed."""
    run = ImportRun.objects.get(token=token)
    if run.status != ImportStatus.IMPORTING:
        return  # already done: a task run twice does nothing the second time
    checked = _check(run)
    if checked is None:
        return
    mapping, result = checked
    ImportRun.objects.filter(pk=run.pk).update(rows_done=0, phase_started_at=timezone.now())
    try:
        outcome = import_checked(
            result,
            system=mapping.system,
            actor=run.created_by,
            good_rows_only=run.good_rows_only,
            progress=_progress_saver(run),
        )
    except ImportRefused as error:
        _fail(run, str(error))
        return
    except Exception as error:
        # Each batch commits whole, so what was written is whole cases; running the import again carries on.
        run.refresh_from_db(fields=["rows_done"])
        _fail(
            run,
            f"Stopped after {run.rows_done:,} rows by an error ({error}). The cases imported before it are "
            "complete; upload the file again to import the rest.",
        )
        raise
    run.report = {
        **run.report,
        "imported": {
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "refused": [str(problem) for problem in outcome.refused],
        },
    }
    run.status = ImportStatus.DONE
    run.finished_at = timezone.now()
    # The files have done their work; the report and the rows not imported stay.
    run.file_data = b""
    run.responses_data = None
    run.save(update_fields=["report", "status", "finished_at", "file_data", "responses_data"])


def progress_text(run: ImportRun) -> str:
    """What the page says while a run is under way."""
    if run.rows_total == 0 or run.phase_started_at is None:
        return "Starting…"
    elapsed = (timezone.now() - run.phase_started_at).total_seconds()
    what = "checked" if run.status == ImportStatus.CHECKING else "processed"
    return describe_progress(run.rows_done, run.rows_total, elapsed, what)


def imported_text(run: ImportRun) -> str:
    """What the page says a finished import did ('12 rows checked: 0 new, 0 updated, 12 unchanged')."""
    done = run.report.get("imported")
    if not done:
        return ""
    return describe_outcome(
        created=done["created"], updated=done["updated"], unchanged=done["unchanged"], refused=len(done["refused"])
    )


def _check(run: ImportRun) -> tuple[Mapping, CheckResult] | None:
    try:
        mapping = parse_mapping(run.mapping_text, run.mapping_name)
        responses = (run.responses_name, bytes(run.responses_data)) if run.responses_data else None
        cases, responses_table = read_export(mapping, run.file_name, bytes(run.file_data), responses)
    except MappingError as error:
        _fail(run, "The mapping cannot be used: " + "; ".join(error.problems))
        return None
    except ExportError as error:
        _fail(run, str(error))
        return None
    ImportRun.objects.filter(pk=run.pk).update(rows_total=len(cases.rows), rows_done=0)
    run.rows_total = len(cases.rows)
    try:
        return mapping, check_export(mapping, cases, responses_table, progress=_progress_saver(run))
    except Exception as error:
        _fail(run, f"The check stopped on an unexpected error ({error}); nothing has been imported.")
        raise


def _progress_saver(run: ImportRun) -> Callable[[int, int], None]:
    """Save the rows done at most once a second (each save is its own small write the page reads)."""
    last = [0.0]

    def save(done: int, total: int) -> None:
        now = clock.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS or done == total:
            last[0] = now
            ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total)

    return save


def _report_of(result: CheckResult) -> dict[str, object]:
    return {
        "rows": result.rows_checked,
        "good": len(result.records),
        "bad": len(result.bad_rows),
        "problem_count": len(result.problems),
        "problems": [asdict(problem) for problem in result.problems[:PROBLEMS_KEPT]],
    }


def _fail(run: ImportRun, message: str) -> None:
    run.status = ImportStatus.FAILED
    run.report = {**run.report, "error": message}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "report", "finished_at"])
