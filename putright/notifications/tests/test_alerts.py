"""Staff alerts and the digest: the right people, once a day, through the outbox to a real SMTP server.

Personas (root conftest.py): the lead officer leads the housing repairs team's cases; a manager of that team and a
housing head of service are added here with email addresses (the shared personas have none).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from putright.cases.choices import CaseStatus
from putright.cases.models import Case
from putright.notifications.alerts.deadlines import (
    due_soon_limit,
    escalation_cutoff,
    send_daily_digests,
    send_staff_alerts,
)
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound import staff
from putright.notifications.outbound.services import enqueue_send_many, send_due
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, User
from putright.procedures.calendar import WorkingCalendar

WEDNESDAY = date(2026, 3, 18)
ENGLAND = WorkingCalendar(nation="ENG")


@pytest.fixture
def people(lead_officer, organisation):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    lead_officer.refresh_from_db()
    team_manager = User.objects.create_user(
        username="mo_manager", role=Role.MANAGER, team=lead_officer.team, first_name="Mo", email="mo@council.example"
    )
    # A manager of another team must not hear about the repairs team's cases.
    User.objects.create_user(username="other_manager", role=Role.MANAGER, email="other@council.example")
    head = User.objects.create_user(
        username="hannah_head",
        role=Role.HEAD_OF_SERVICE,
        team=lead_officer.team,
        first_name="Hannah",
        email="hannah@council.example",
    )
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email="complaints@council.example")
    return lead_officer, team_manager, head


def due(case: Case, on: date, label: str = "Respond") -> Case:
    Case.objects.filter(pk=case.pk).update(next_due_date=on, next_due_label=label)
    case.refresh_from_db()
    return case


def plain_text(message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def staff_mail(smtp):
    staff = [message for message in smtp.received if "council.example" in message["To"]]
    return sorted((message["To"], message["Subject"]) for message in staff)


def test_due_soon_and_overdue_alerts_go_to_the_lead_officer_and_team_manager_once_a_day(
    running_smtp, make_case, people
):
    lead, _manager, _head = people
    soon = due(make_case(lead=lead, title="Soon"), date(2026, 3, 20))  # Friday: two working days ahead
    late = due(make_case(lead=lead, title="Late"), date(2026, 3, 16), "Acknowledge")  # Monday: two days ago
    due(make_case(lead=lead, title="Later"), date(2026, 3, 23))  # three working days ahead: nothing yet
    closed = due(make_case(lead=lead, title="Closed"), date(2026, 3, 2))
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)

    first = send_staff_alerts(today=WEDNESDAY)
    send_due()
    again = send_staff_alerts(today=WEDNESDAY)
    send_due()

    assert (first.due_soon, first.overdue, first.escalations, first.already) == (2, 2, 0, 0)
    assert (again.due_soon, again.overdue, again.already) == (0, 0, 4)
    assert staff_mail(running_smtp) == [
        ("liam@council.example", f"Due soon: {soon.reference} (Respond by 20 March 2026)"),
        ("liam@council.example", f"Overdue: {late.reference} (Acknowledge was due 16 March 2026)"),
        ("mo@council.example", f"Due soon: {soon.reference} (Respond by 20 March 2026)"),
        ("mo@council.example", f"Overdue: {late.reference} (Acknowledge was due 16 March 2026)"),
    ]
    overdue = next(m for m in running_smtp.received if m["Subject"].startswith("Overdue") and "liam" in m["To"])
    text = plain_text(overdue)
    assert "acknowledge was due by Monday 16 March 2026, 2 working days ago" in text
    assert f"http://127.0.0.1:8000/cases/{late.reference}/" in text
    assert "You are the lead officer." in text

    # The next working day the overdue case is still overdue, so it is raised again.
    next_day = send_staff_alerts(today=date(2026, 3, 19))
    assert next_day.overdue == 2


def test_a_case_overdue_beyond_the_limit_is_escalated_to_the_head_of_service_once(
    running_smtp, make_case, people, settings
):
    settings.PUTRIGHT_ESCALATE_AFTER_WORKING_DAYS = 5
    lead, _manager, _head = people
    stuck = due(make_case(lead=lead, title="Stuck"), date(2026, 3, 10))  # 6 working days before Wednesday 18th
    nearly = due(make_case(lead=lead, title="Nearly"), date(2026, 3, 11))  # exactly 5: not yet

    first = send_staff_alerts(today=WEDNESDAY)
    second_day = send_staff_alerts(today=date(2026, 3, 19))
    send_due()

    # The stuck case is escalated once; the other crosses the line a day later.
    assert (first.escalations, second_day.escalations) == (1, 1)
    escalations = [m for m in running_smtp.received if m["Subject"].startswith("Escalation")]
    assert sorted((m["To"], m["Subject"]) for m in escalations) == [
        ("hannah@council.example", f"Escalation: {stuck.reference} is 6 working days overdue"),
        ("hannah@council.example", f"Escalation: {nearly.reference} is 6 working days overdue"),
    ]


def test_with_nobody_to_tell_the_alert_goes_to_the_complaints_mailbox(running_smtp, make_case, people):
    orphan = due(make_case(lead=None, title="Nobody's"), date(2026, 3, 17))

    result = send_staff_alerts(today=WEDNESDAY)
    send_due()

    assert result.overdue == 1
    assert staff_mail(running_smtp) == [
        ("complaints@council.example", f"Overdue: {orphan.reference} (Respond was due 17 March 2026)")
    ]


def test_an_alert_that_cannot_be_recorded_is_logged_and_stops_none_of_the_rest(make_case, people, monkeypatch, caplog):
    lead, *_ = people
    broken = due(make_case(lead=lead, title="Broken"), date(2026, 3, 16))
    fine = due(make_case(lead=lead, title="Fine"), date(2026, 3, 16))
    real = staff.queue_message_once

    def failing_for_broken(**kwargs):
        if kwargs["case"] == broken:
            raise RuntimeError("the outbox is unreachable")
        return real(**kwargs)

    monkeypatch.setattr(staff, "queue_message_once", failing_for_broken)

    result = send_staff_alerts(today=WEDNESDAY)

    assert (result.overdue, result.failed) == (2, [broken.reference, broken.reference])
    assert str(result).endswith(f"failed for {broken.reference}, {broken.reference}")
    assert f"Could not record the staff_overdue alert for {broken.reference}" in caplog.text
    alerts = OutboundMessage.objects.filter(template_name__startswith="staff_")
    assert set(alerts.values_list("case", flat=True)) == {fine.pk}


def test_due_soon_is_a_setting_in_working_days(make_case, people, settings):
    lead, *_ = people
    due(make_case(lead=lead), date(2026, 3, 20))
    settings.PUTRIGHT_DUE_SOON_WORKING_DAYS = 1

    assert send_staff_alerts(today=WEDNESDAY).due_soon == 0

    settings.PUTRIGHT_DUE_SOON_WORKING_DAYS = 2
    assert send_staff_alerts(today=WEDNESDAY).due_soon == 2


def test_no_alerts_are_sent_at_the_weekend(make_case, people):
    lead, *_ = people
    due(make_case(lead=lead), date(2026, 3, 16))

    assert str(send_staff_alerts(today=date(2026, 3, 21))).startswith("0 due soon, 0 overdue")
    assert not OutboundMessage.objects.filter(template_name__startswith="staff_").exists()


def test_the_alert_run_reads_cases_and_people_in_a_fixed_number_of_queries(
    make_case, people, django_assert_max_num_queries
):
    lead, *_ = people
    for number in range(6):
        due(make_case(lead=lead, last_name=f"Customer{number}"), date(2026, 3, 16))
    send_staff_alerts(today=WEDNESDAY)  # records the alerts

    # A second run finds everything sent: organisation, calendar, cases, managers, heads, existing keys.
    with django_assert_max_num_queries(8):
        assert send_staff_alerts(today=WEDNESDAY).already == 12


def test_the_daily_digest_lists_each_officers_open_cases_most_urgent_first_once_a_day(running_smtp, make_case, people):
    lead, *_ = people
    later = due(make_case(lead=lead, title="Later"), date(2026, 4, 30))
    late = due(make_case(lead=lead, title="Late"), date(2026, 3, 16))

    assert send_daily_digests(today=WEDNESDAY) == 1
    assert send_daily_digests(today=WEDNESDAY) == 0
    send_due()

    [digest] = [m for m in running_smtp.received if m["Subject"].startswith("Your cases today")]
    assert digest["To"] == "liam@council.example"
    assert digest["Subject"] == "Your cases today: 1 overdue, 0 due soon"
    text = plain_text(digest)
    assert text.index(late.reference) < text.index(later.reference)
    assert f"- {late.reference}: Late (Respond by 16 Mar 2026) OVERDUE" in text


@pytest.mark.parametrize(
    ("today", "working_days", "cutoff"),
    [
        (date(2026, 3, 18), 5, date(2026, 3, 10)),  # Wed: back over a weekend
        (date(2026, 3, 18), 0, date(2026, 3, 17)),  # any overdue case
        (date(2026, 4, 8), 2, date(2026, 4, 1)),  # Wed after Easter: Good Friday and Easter Monday do not count
        (date(2026, 3, 23), 1, date(2026, 3, 19)),  # Monday: Friday is one working day behind
    ],
)
def test_escalation_cutoff_counts_working_days(today, working_days, cutoff):
    assert escalation_cutoff(today, ENGLAND, working_days) == cutoff
    assert ENGLAND.working_days_between(cutoff, today) > working_days
    assert ENGLAND.working_days_between(cutoff + timedelta(days=1), today) <= working_days


def test_due_soon_limit_skips_the_weekend():
    assert due_soon_limit(date(2026, 3, 19), ENGLAND, 2) == date(2026, 3, 23)


def test_the_days_alerts_are_sent_by_one_task_over_one_connection(
    running_smtp, make_case, people, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    lead, _manager, _head = people
    due(make_case(lead=lead, title="Soon"), date(2026, 3, 20))
    due(make_case(lead=lead, title="Late"), date(2026, 3, 16), "Acknowledge")
    before = set(OutboundMessage.objects.values_list("pk", flat=True))  # the customers' "we have received it"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_staff_alerts(today=WEDNESDAY)

    alerts = list(OutboundMessage.objects.exclude(pk__in=before).order_by("pk"))
    assert len(alerts) == 4  # two cases, each to the lead officer and the team manager
    [task] = [callback for callback in callbacks if getattr(callback, "func", None) is enqueue_send_many]
    assert task.args == ([alert.pk for alert in alerts],)
    assert len(callbacks) == 1  # no task per alert
    assert sorted(running_smtp.message_ids()) == sorted(alert.message_id for alert in alerts)
    assert running_smtp.connection_count() == 1
