"""The scheduler runs each periodic job once per period, however many schedulers are running."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from putright.core.models import ScheduledRun
from putright.core.scheduler import (
    MAX_RUN_ATTEMPTS,
    RETRY_FAILED_AFTER,
    STALE_RUN_AFTER,
    Job,
    claim_run,
    run_due_jobs,
    seconds_to_next_minute,
)
from putright.notifications.models import OutboundMessage

LONDON = ZoneInfo("Europe/London")
NOON = datetime(2026, 3, 18, 12, 0, 5, tzinfo=LONDON)


class Counter:
    def __init__(self, fail_times: int = 0) -> None:
        self.calls: list[datetime] = []
        self.fail_times = fail_times

    def __call__(self, now: datetime) -> str:
        self.calls.append(now)
        if len(self.calls) <= self.fail_times:
            raise RuntimeError("mail server said no")
        return f"call {len(self.calls)}"


def test_two_schedulers_in_the_same_minute_run_the_job_once(db):
    counter = Counter()
    jobs = [Job("sweep", counter, every_minutes=1)]

    first = run_due_jobs(worker="web-1", now=NOON, jobs=jobs)
    second = run_due_jobs(worker="web-2", now=NOON + timedelta(seconds=20), jobs=jobs)

    assert len(counter.calls) == 1
    assert [(report.job_name, report.status) for report in first] == [("sweep", "succeeded")]
    assert second == []
    run = ScheduledRun.objects.get()
    assert (run.claimed_by, run.outcome, run.status) == ("web-1", "call 1", "succeeded")
    assert run.period_start == datetime(2026, 3, 18, 12, 0, tzinfo=LONDON)

    # The next minute is a new period: whichever scheduler comes first runs it.
    run_due_jobs(worker="web-2", now=NOON + timedelta(minutes=1), jobs=jobs)
    assert len(counter.calls) == 2


def test_a_daily_job_runs_once_a_day_from_its_hour(db):
    counter = Counter()
    jobs = [Job("digest", counter, daily_at=time(7))]
    six_am = datetime(2026, 3, 18, 6, 59, tzinfo=LONDON)

    assert run_due_jobs(worker="a", now=six_am, jobs=jobs) == []  # not yet
    run_due_jobs(worker="a", now=six_am + timedelta(minutes=1), jobs=jobs)
    run_due_jobs(worker="b", now=six_am + timedelta(hours=5), jobs=jobs)
    run_due_jobs(worker="a", now=six_am + timedelta(days=1, minutes=1), jobs=jobs)

    assert len(counter.calls) == 2
    starts = sorted(ScheduledRun.objects.values_list("period_start", flat=True))
    assert starts == [datetime(2026, 3, 18, tzinfo=LONDON), datetime(2026, 3, 19, tzinfo=LONDON)]


def test_a_failed_run_is_retried_later_by_any_scheduler_up_to_the_limit(db):
    counter = Counter(fail_times=10)
    jobs = [Job("alerts", counter, daily_at=time(7))]

    [report] = run_due_jobs(worker="a", now=NOON, jobs=jobs)
    assert report.status == "failed" and "mail server said no" in report.outcome
    # Straight away: not retried (another scheduler's tick a few seconds later must not hammer it).
    assert run_due_jobs(worker="b", now=NOON + timedelta(minutes=1), jobs=jobs) == []

    later = NOON
    for _ in range(MAX_RUN_ATTEMPTS + 2):
        later += RETRY_FAILED_AFTER + timedelta(minutes=1)
        run_due_jobs(worker="b", now=later, jobs=jobs)

    assert len(counter.calls) == MAX_RUN_ATTEMPTS
    run = ScheduledRun.objects.get()
    assert (run.status, run.attempt_count) == ("failed", MAX_RUN_ATTEMPTS)


def test_a_run_left_by_a_dead_scheduler_is_taken_over_once_stale(db):
    period = datetime(2026, 3, 18, tzinfo=LONDON)
    ScheduledRun.objects.create(job_name="alerts", period_start=period, claimed_by="dead", claimed_at=NOON)

    assert claim_run("alerts", period, worker="b", now=NOON + timedelta(minutes=30)) is None
    taken = claim_run("alerts", period, worker="b", now=NOON + STALE_RUN_AFTER + timedelta(seconds=1))

    assert taken is not None and (taken.claimed_by, taken.attempt_count) == ("b", 2)


@pytest.mark.django_db(transaction=True)
def test_schedulers_racing_on_separate_connections_claim_a_period_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so there is no race to test; run with DATABASE_URL=postgres://...")
    period = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
    start = threading.Barrier(8)
    claims: list[bool] = []

    def scheduler(number: int) -> None:
        try:
            start.wait()
            claims.append(claim_run("sweep", period, worker=f"w{number}", now=NOON) is not None)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(claims) == [False] * 7 + [True]
    assert ScheduledRun.objects.filter(job_name="sweep").count() == 1


def test_run_scheduler_once_sends_due_messages_and_records_each_run(
    running_smtp, make_case, lead_officer, settings, frozen_today
):
    # A Wednesday morning: the daily jobs (hour 0) and the nightly prune (03:00) are due, whatever time it really is.
    settings.PUTRIGHT_DAILY_JOBS_HOUR = 0
    case = make_case(lead=lead_officer)
    out = StringIO()

    call_command("run_scheduler", "--once", "--worker-id", "test", stdout=out)
    call_command("run_scheduler", "--once", "--worker-id", "other", stdout=out)

    assert OutboundMessage.objects.get(case=case, template_name="logged").status == "sent"
    assert len(running_smtp.received) == 1
    jobs = set(ScheduledRun.objects.values_list("job_name", flat=True))
    assert {"send_due_messages", "staff_alerts", "staff_digest", "prune_scheduled_runs"} <= jobs
    assert "fetch_mail" not in jobs  # IMAP_HOST is not set
    every_minute = ["send_due_messages", "send_due_webhooks"]  # a new minute may start between the two runs
    assert ScheduledRun.objects.filter(claimed_by="other").exclude(job_name__in=every_minute).count() == 0
    assert "send_due_messages: succeeded: tried 1, sent 1" in out.getvalue()


def test_the_scheduler_sleeps_until_just_after_the_next_minute():
    assert seconds_to_next_minute(datetime(2026, 3, 18, 12, 0, 59, 500_000, tzinfo=UTC)) == pytest.approx(1.0)
    assert seconds_to_next_minute(datetime(2026, 3, 18, 12, 0, 0, tzinfo=UTC)) == pytest.approx(60.5)
