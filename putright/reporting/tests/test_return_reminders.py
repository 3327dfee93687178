"""Email reminders of returns coming up and missed (docs/rules.md, "Return dates"), sent through the outbox to a
real SMTP server: one before the date, one when it passes, never the same one twice, none once it is done."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from putright.core.models import ScheduledRun
from putright.core.scheduler import default_jobs
from putright.notifications.outbound import staff
from putright.notifications.outbound.services import send_due
from putright.organisation.models import Organisation, User
from putright.reporting.choices import ReturnKind
from putright.reporting.reminders import send_return_reminders
from putright.reporting.return_dates import mark_done, set_return_date

pytestmark = pytest.mark.django_db

MAILBOX = "complaints@council.example"


@pytest.fixture
def submission(organisation, manager, settings):
    settings.PUTRIGHT_RETURN_REMINDER_DAYS = 14
    User.objects.filter(pk=manager.pk).update(email="mo@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    manager.refresh_from_db()
    return set_return_date(
        kind=ReturnKind.HO_SUBMISSION, year=2025, quarter=None, due_date=date(2026, 9, 30), actor=manager
    )


def _subjects(server) -> list[tuple[str, str]]:
    return sorted((m["To"], " ".join(m["Subject"].split())) for m in server.received)


def test_managers_and_the_complaints_team_are_reminded_once_before_and_once_after(submission, manager, running_smtp):
    assert send_return_reminders(today=date(2026, 9, 15)).recorded == 0  # 15 days ahead: not yet
    first = send_return_reminders(today=date(2026, 9, 16))
    assert first.recorded == 2
    send_due()
    due_soon = "Due soon: Housing Ombudsman annual submission for 2025-26 (30 September 2026)"
    assert _subjects(running_smtp) == [(MAILBOX, due_soon), ("mo@council.example", due_soon)]
    body = running_smtp.received[0].get_payload(0).get_payload(decode=True).decode()
    assert "due by 30 September 2026" in body and "/reports/returns/dates/" in body

    # The next days, and the due date itself: nothing more.
    for day in (date(2026, 9, 17), date(2026, 9, 30)):
        run = send_return_reminders(today=day)
        assert (run.recorded, run.already) == (0, 2)
    send_due()
    assert len(running_smtp.received) == 2

    # The day after, still not done: one "missed" reminder each, once.
    assert send_return_reminders(today=date(2026, 10, 1)).recorded == 2
    assert send_return_reminders(today=date(2026, 10, 2)).recorded == 0
    send_due()
    missed = "Missed: Housing Ombudsman annual submission for 2025-26 (30 September 2026)"
    assert [subject for _to, subject in _subjects(running_smtp)].count(missed) == 2

    # Marked done: no more reminders.
    mark_done(item=submission, done_on=date(2026, 10, 2), actor=manager, today=date(2026, 10, 2))
    assert send_return_reminders(today=date(2026, 10, 3)).recorded == 0


def test_moving_the_date_reminds_again_for_the_new_date(submission, manager):
    assert send_return_reminders(today=date(2026, 9, 20)).recorded == 2
    set_return_date(kind=ReturnKind.HO_SUBMISSION, year=2025, quarter=None, due_date=date(2026, 10, 5), actor=manager)
    assert send_return_reminders(today=date(2026, 9, 21)).recorded == 2


def test_the_scheduler_runs_the_reminders_each_day():
    job = next(job for job in default_jobs() if job.name == "return_date_reminders")
    assert job.daily_at is not None


def test_one_daily_job_is_run_by_hand_with_run_scheduler_job(submission, frozen_today, settings):
    """`manage.py run_scheduler --job NAME` runs that job now, before the daily hour, and names the jobs when the
    name is wrong."""
    settings.PUTRIGHT_DAILY_JOBS_HOUR = 23  # the scheduler would not run it yet today
    set_return_date(
        kind=ReturnKind.TSM_RETURN, year=2025, quarter=None, due_date=date(2026, 3, 20), actor=submission.entered_by
    )
    out = StringIO()
    call_command("run_scheduler", "--job", "return_date_reminders", stdout=out)
    assert "return_date_reminders: succeeded: 2 return reminder(s) recorded; 0 already sent" in out.getvalue()
    assert not ScheduledRun.objects.filter(job_name="return_date_reminders").exists()  # the daily run still happens
    with pytest.raises(CommandError, match=r"No job called 'nonsense'\. The jobs are: .*return_date_reminders"):
        call_command("run_scheduler", "--job", "nonsense", stdout=StringIO())


def test_a_reminder_that_cannot_be_recorded_is_logged_and_the_others_still_go(submission, manager, monkeypatch, caplog):
    real = staff.queue_message_once

    def failing_for_the_manager(**kwargs):
        if "mo@council.example" in str(kwargs):
            raise RuntimeError("the outbox is unreachable")
        return real(**kwargs)

    monkeypatch.setattr(staff, "queue_message_once", failing_for_the_manager)
    run = send_return_reminders(today=date(2026, 9, 16))

    assert (run.recorded, run.failed) == (1, [submission.pk])  # the complaints mailbox's reminder was still recorded
    assert str(run).endswith(f"failed for return date(s) {submission.pk}")
    assert f"Could not record the return reminder for return date {submission.pk}" in caplog.text
