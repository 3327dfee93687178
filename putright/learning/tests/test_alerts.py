"""Chasing overdue learning actions: the owner and the managers of the owner's team are told once a working day,
through the outbox, until the action is done or cancelled.

Personas (root conftest.py): the lead officer (repairs team) owns the actions; a manager of that team and a
manager of another team are added here, with email addresses (the personas have none).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from putright.cases import lifecycle
from putright.cases.choices import Outcome
from putright.core.scheduler import default_jobs
from putright.learning import services
from putright.learning.alerts import ACTION_OVERDUE, send_overdue_action_alerts
from putright.learning.choices import ActionStatus
from putright.learning.models import LearningAction
from putright.notifications.models import OutboundMessage
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, User

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = date(2026, 3, 18)
MAILBOX = "complaints@council.example"


@pytest.fixture
def upheld(make_case, complaints_officer):
    case = make_case(received_at=datetime(2025, 12, 1, 10, tzinfo=LONDON))
    return lifecycle.respond(
        case=case,
        actor=complaints_officer,
        outcome=Outcome.UPHELD,
        reasons="Because.",
        responded_on=date(2025, 12, 10),
        today=date(2026, 1, 5),
    )


@pytest.fixture
def team(organisation, lead_officer):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    lead_officer.refresh_from_db()
    User.objects.create_user(
        username="mo_manager", role=Role.MANAGER, team=lead_officer.team, first_name="Mo", email="mo@council.example"
    )
    User.objects.create_user(username="other_manager", role=Role.MANAGER, email="other@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    return lead_officer


def action(upheld, actor, owner, due, title="Check damp reports within 5 days"):
    return services.raise_learning_action(
        cases=[upheld],
        actor=actor,
        title=title,
        finding="You told us damp reports were not inspected",
        owner=owner,
        due_date=due,
        today=date(2026, 1, 5),
    )


def sent() -> list[tuple[str, str]]:
    return sorted(
        (message.to_address, message.subject)
        for message in OutboundMessage.objects.filter(template_name=ACTION_OVERDUE)
    )


def test_an_overdue_action_is_chased_with_its_owner_and_their_manager(upheld, complaints_officer, team):
    action(upheld, complaints_officer, team, date(2026, 3, 16))  # Monday: two working days overdue
    action(upheld, complaints_officer, team, WEDNESDAY, title="Due today")  # not overdue yet
    done = action(upheld, complaints_officer, team, date(2026, 3, 2), title="Done already")
    services.complete_learning_action(
        action=done,
        actor=complaints_officer,
        improvement="Changed",
        evidence="Checked",
        completed_date=date(2026, 3, 10),
        publish=False,
        today=WEDNESDAY,
    )
    cancelled = action(upheld, complaints_officer, team, date(2026, 3, 2), title="Dropped")
    LearningAction.objects.filter(pk=cancelled.pk).update(status=ActionStatus.CANCELLED)

    run = send_overdue_action_alerts(today=WEDNESDAY)

    assert (run.recorded, run.already, run.nobody) == (2, 0, 0)
    subject = "Learning action overdue: Check damp reports within 5 days (due 16 March 2026)"
    assert sent() == [("liam@council.example", subject), ("mo@council.example", subject)]
    body = OutboundMessage.objects.get(to_address="mo@council.example").body_text
    assert "due by Monday 16 March 2026, 2 working days ago" in body
    assert "Owner: Liam Leader" in body
    assert "You manage the action's owner." in body
    # The email names no case: an action can come from restricted cases the manager may not open.
    assert upheld.reference not in body
    assert OutboundMessage.objects.get(to_address="mo@council.example").case is None


def test_the_alert_goes_once_a_day_until_the_action_is_done(upheld, complaints_officer, team):
    overdue = action(upheld, complaints_officer, team, date(2026, 3, 16))
    assert send_overdue_action_alerts(today=WEDNESDAY).recorded == 2
    again = send_overdue_action_alerts(today=WEDNESDAY)
    assert (again.recorded, again.already) == (0, 2)
    thursday = WEDNESDAY + timedelta(days=1)
    assert send_overdue_action_alerts(today=thursday).recorded == 2
    services.complete_learning_action(
        action=overdue,
        actor=complaints_officer,
        improvement="Changed",
        evidence="Checked",
        completed_date=thursday,
        publish=False,
        today=thursday,
    )
    assert send_overdue_action_alerts(today=thursday + timedelta(days=1)).recorded == 0
    assert OutboundMessage.objects.filter(template_name=ACTION_OVERDUE).count() == 4


def test_no_alerts_at_the_weekend(upheld, complaints_officer, team):
    action(upheld, complaints_officer, team, date(2026, 3, 16))
    assert send_overdue_action_alerts(today=date(2026, 3, 21)).recorded == 0
    assert sent() == []


def test_an_owner_nobody_can_email_sends_the_alert_to_the_complaints_mailbox(
    upheld, organisation, complaints_officer, waste_leader
):
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    action(upheld, complaints_officer, waste_leader, date(2026, 3, 16))
    run = send_overdue_action_alerts(today=WEDNESDAY)
    assert run.recorded == 1
    assert [address for address, _subject in sent()] == [MAILBOX]


def test_with_no_mailbox_either_the_run_says_so(upheld, organisation, complaints_officer, waste_leader):
    action(upheld, complaints_officer, waste_leader, date(2026, 3, 16))
    run = send_overdue_action_alerts(today=WEDNESDAY)
    assert (run.recorded, run.nobody) == (0, 1)


def test_the_daily_job_is_registered_and_runs(upheld, complaints_officer, team):
    action(upheld, complaints_officer, team, date(2026, 3, 16))
    job = next(job for job in default_jobs() if job.name == "learning_action_alerts")
    assert job.daily_at is not None
    outcome = job.run(datetime(2026, 3, 18, 7, 0, tzinfo=UTC))
    assert outcome == "2 overdue learning action alert(s) recorded; 0 already sent"
