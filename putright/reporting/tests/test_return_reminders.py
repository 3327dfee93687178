"""Email reminders of returns coming up and missed (docs/rules.md, "Return dates"), sent through the outbox to a
real SMTP server: one before the date, one when it passes, never the same one twice, none once it is done."""

from __future__ import annotations

from datetime import date

import pytest

from putright.core.scheduler import default_jobs
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
