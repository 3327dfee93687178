"""Periodic jobs that run once per period however many schedulers are running (`manage.py run_scheduler`).

Each app lists its jobs in its own `jobs.py` and registers them in its `AppConfig.ready()` (`register`); the
scheduler imports no app.

Each job has a period (every N minutes, or once a day from a local hour). Before running it, a scheduler INSERTs a
`ScheduledRun` row for (job, period start); the unique constraint lets exactly one INSERT succeed, and the others
skip the job for that period. A run that failed is tried again a few minutes later (up to MAX_RUN_ATTEMPTS), and a
run whose scheduler died is taken over once its claim is stale, so a crash delays a job but does not lose it.

The jobs themselves are idempotent too (outbox claims, once-only keys on alerts), so an overlap, say a sweep that
takes longer than its minute, is harmless: the claim makes it rare, not necessary for correctness.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from putright.core.models import ScheduledRun

logger = logging.getLogger(__name__)

MAX_RUN_ATTEMPTS = 3
RETRY_FAILED_AFTER = timedelta(minutes=5)
# A claim this old means its scheduler died mid-job (the longest job, the daily alerts, takes seconds to minutes).
STALE_RUN_AFTER = timedelta(hours=1)
KEEP_RUNS_FOR = timedelta(days=30)


@dataclass(frozen=True)
class Job:
    """A periodic job: every `every_minutes` minutes, or daily from `daily_at` (local time).

    `daily_at` may be a function giving the time (`daily_hour`: the configured hour, read each time it is asked).
    """

    name: str
    run: Callable[[datetime], str]  # given the time the scheduler woke; returns a line for the run's outcome
    every_minutes: int | None = None
    daily_at: time | Callable[[], time] | None = None
    enabled: Callable[[], bool] = lambda: True

    def period_start(self, now: datetime) -> datetime:
        """The start of the period `now` falls in: a multiple of the interval, or local midnight."""
        if self.every_minutes is not None:
            seconds = int(now.timestamp())
            return datetime.fromtimestamp(seconds - seconds % (self.every_minutes * 60), tz=UTC)
        local = timezone.localtime(now)
        return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)

    def is_due(self, now: datetime) -> bool:
        daily_at = self.daily_at() if callable(self.daily_at) else self.daily_at
        if daily_at is not None and timezone.localtime(now).time() < daily_at:
            return False
        return self.enabled()


# --- the jobs ---------------------------------------------------------------------------------------------------
# Each app lists its own jobs in its `jobs.py` and registers them in its `AppConfig.ready()`; the scheduler runs
# what is registered and imports no app. `manage.py run_scheduler` prints each run.

_jobs: dict[str, Job] = {}


def register(*jobs: Job) -> None:
    """Add periodic jobs (from an app's `AppConfig.ready()`); a job registered again under its name replaces it."""
    for job in jobs:
        _jobs[job.name] = job


def default_jobs() -> list[Job]:
    """Every registered job, in the order the apps registered them (INSTALLED_APPS order)."""
    return list(_jobs.values())


def daily_hour() -> time:
    """When the daily jobs (alerts, digests) run: from `PUTRIGHT_DAILY_JOBS_HOUR`, local time."""
    return time(settings.PUTRIGHT_DAILY_JOBS_HOUR)


def prune_runs(now: datetime) -> str:
    deleted, _ = ScheduledRun.objects.filter(period_start__lt=now - KEEP_RUNS_FOR).delete()
    return f"deleted {deleted} old run(s)"


def core_jobs() -> list[Job]:
    return [Job("prune_scheduled_runs", prune_runs, daily_at=time(3))]


# --- claiming and running ---------------------------------------------------------------------------------------


def claim_run(job_name: str, period_start: datetime, *, worker: str, now: datetime) -> ScheduledRun | None:
    """This scheduler's run of the job for the period, or None if another scheduler has (or had) it."""
    try:
        # A savepoint, so a lost race leaves any surrounding transaction usable on PostgreSQL.
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job_name=job_name, period_start=period_start, claimed_by=worker, claimed_at=now
            )
    except IntegrityError:
        pass
    # Someone has this period. Take it over only if their run failed a while ago, or their scheduler died mid-run;
    # the conditions are in the UPDATE's WHERE clause, so of two schedulers trying, one matches.
    retake = Q(status=ScheduledRun.Status.FAILED, attempt_count__lt=MAX_RUN_ATTEMPTS)
    retake &= Q(claimed_at__lt=now - RETRY_FAILED_AFTER)
    retake |= Q(status=ScheduledRun.Status.RUNNING, claimed_at__lt=now - STALE_RUN_AFTER)
    taken = ScheduledRun.objects.filter(retake, job_name=job_name, period_start=period_start).update(
        status=ScheduledRun.Status.RUNNING,
        claimed_by=worker,
        claimed_at=now,
        finished_at=None,
        attempt_count=F("attempt_count") + 1,
    )
    if not taken:
        return None
    return ScheduledRun.objects.get(job_name=job_name, period_start=period_start)


def _finish(run: ScheduledRun, status: str, outcome: str) -> None:
    # Only our own claim: a scheduler that took a stale run over owns its result.
    ScheduledRun.objects.filter(pk=run.pk, claimed_by=run.claimed_by, claimed_at=run.claimed_at).update(
        status=status, finished_at=timezone.now(), outcome=outcome[:2000]
    )


@dataclass(frozen=True)
class RunReport:
    job_name: str
    status: str
    outcome: str


def run_due_jobs(*, worker: str, now: datetime | None = None, jobs: Sequence[Job] | None = None) -> list[RunReport]:
    """Run each due job this scheduler can claim for the current period. One job failing stops none of the others."""
    now = now or timezone.now()
    reports = []
    for job in default_jobs() if jobs is None else jobs:
        if not job.is_due(now):
            continue
        run = claim_run(job.name, job.period_start(now), worker=worker, now=now)
        if run is None:
            continue
        try:
            outcome = job.run(now)
        except Exception as error:
            logger.exception("Scheduled job %s failed", job.name)
            outcome, status = f"{type(error).__name__}: {error}", ScheduledRun.Status.FAILED
        else:
            status = ScheduledRun.Status.SUCCEEDED
        _finish(run, status, outcome)
        reports.append(RunReport(job.name, status, outcome))
    return reports


def run_job_now(name: str, *, now: datetime | None = None) -> RunReport:
    """Run one registered job now, by hand (`manage.py run_scheduler --job NAME`), whatever the time and whether or
    not it has run in this period. It claims no period, so the scheduler still runs it at its usual time; the jobs
    are written to be run again safely (a reminder already sent is not sent twice). A failure is reported, not
    raised. Raises KeyError, naming the jobs there are, for a name not registered."""
    job = _jobs.get(name)
    if job is None:
        raise KeyError(f"No job called {name!r}. The jobs are: {', '.join(sorted(_jobs))}")
    now = now or timezone.now()
    try:
        outcome = job.run(now)
    except Exception as error:
        logger.exception("Scheduled job %s failed", job.name)
        return RunReport(job.name, ScheduledRun.Status.FAILED, f"{type(error).__name__}: {error}")
    return RunReport(job.name, ScheduledRun.Status.SUCCEEDED, outcome)


def seconds_to_next_minute(now: datetime) -> float:
    """How long to sleep so the next tick lands just after the minute turns (every scheduler wakes together)."""
    return 60 - now.second - now.microsecond / 1_000_000 + 0.5
