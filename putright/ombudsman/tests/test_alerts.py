"""Warnings before an ombudsman order or recommendation is due: to the lead officer (or whoever recorded the
referral) and the complaints team's mailbox, once per remedy, person and day, through the outbox.

Personas (root conftest.py): the lead officer leads the case and may see it; the complaints officer records the
referral and may not see restricted social care cases. Email addresses are added here (the personas have none).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from putright.core.scheduler import default_jobs
from putright.notifications.models import OutboundMessage
from putright.ombudsman import services
from putright.ombudsman.alerts import REMEDY_DUE_SOON, send_remedy_alerts
from putright.organisation.models import Organisation, User
from putright.procedures.choices import Ombudsman

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = date(2026, 3, 18)
MAILBOX = "complaints@council.example"


@pytest.fixture
def emails(organisation, lead_officer, complaints_officer):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    User.objects.filter(pk=complaints_officer.pk).update(email="olivia@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    lead_officer.refresh_from_db()
    complaints_officer.refresh_from_db()


def refer(case, actor):
    return services.refer_to_ombudsman(
        case=case,
        actor=actor,
        ombudsman=Ombudsman.HOUSING,
        referred_date=date(2026, 1, 5),
        ombudsman_reference="202501234",
        today=WEDNESDAY,
    )


def remedy(referral, actor, due, description="Pay £150 for the distress caused", kind="order"):
    return services.add_remedy(referral=referral, actor=actor, kind=kind, description=description, due_date=due)


@pytest.fixture
def referral(make_case, lead_officer, complaints_officer, emails):
    case = make_case(received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), lead=lead_officer)
    return refer(case, complaints_officer)


def sent() -> list[tuple[str, str, str]]:
    return sorted(
        (message.to_address, message.subject, message.template_name)
        for message in OutboundMessage.objects.filter(template_name=REMEDY_DUE_SOON)
    )


def test_remedies_due_within_five_working_days_warn_the_lead_officer_and_the_complaints_team(
    referral, complaints_officer
):
    today_due = remedy(referral, complaints_officer, WEDNESDAY, "Apologise in writing", kind="recommendation")
    remedy(referral, complaints_officer, date(2026, 3, 25))  # the fifth working day ahead
    remedy(referral, complaints_officer, date(2026, 3, 26))  # the sixth: not yet
    remedy(referral, complaints_officer, date(2026, 3, 17))  # already missed: nothing "before" is left to say
    done = remedy(referral, complaints_officer, date(2026, 3, 20))
    services.record_compliance(
        remedy=done, actor=complaints_officer, evidence="Paid", completed_date=WEDNESDAY, today=WEDNESDAY
    )

    run = send_remedy_alerts(today=WEDNESDAY)

    reference = referral.case.reference
    assert (run.recorded, run.already, run.nobody) == (4, 0, 0)
    assert sent() == [
        (MAILBOX, f"Ombudsman order due 25 March 2026: {reference}", REMEDY_DUE_SOON),
        (MAILBOX, f"Ombudsman recommendation due 18 March 2026: {reference}", REMEDY_DUE_SOON),
        ("liam@council.example", f"Ombudsman order due 25 March 2026: {reference}", REMEDY_DUE_SOON),
        ("liam@council.example", f"Ombudsman recommendation due 18 March 2026: {reference}", REMEDY_DUE_SOON),
    ]
    message = OutboundMessage.objects.get(to_address="liam@council.example", dedupe_key__contains=f":{today_due.pk}:")
    assert message.case == referral.case
    assert "Apologise in writing" in message.body_text
    assert "due by Wednesday 18 March 2026, which is today" in message.body_text
    assert "Housing Ombudsman (their reference 202501234)" in message.body_text
    assert "You are the lead officer on the case." in message.body_text
    later = OutboundMessage.objects.get(to_address="liam@council.example", subject__contains="25 March")
    assert "due by Wednesday 25 March 2026, 5 working days from today" in later.body_text


def test_a_second_run_on_the_same_day_sends_nothing_more_and_the_next_day_warns_again(referral, complaints_officer):
    remedy(referral, complaints_officer, date(2026, 3, 25))
    assert send_remedy_alerts(today=WEDNESDAY).recorded == 2
    again = send_remedy_alerts(today=WEDNESDAY)
    assert (again.recorded, again.already) == (0, 2)
    assert OutboundMessage.objects.filter(template_name=REMEDY_DUE_SOON).count() == 2
    assert send_remedy_alerts(today=WEDNESDAY + timedelta(days=1)).recorded == 2
    assert OutboundMessage.objects.filter(template_name=REMEDY_DUE_SOON).count() == 4


def test_no_warnings_are_sent_at_the_weekend(referral, complaints_officer):
    remedy(referral, complaints_officer, date(2026, 3, 23))
    assert send_remedy_alerts(today=date(2026, 3, 21)).recorded == 0
    assert sent() == []


def test_how_far_ahead_to_warn_is_a_setting(referral, complaints_officer, settings):
    remedy(referral, complaints_officer, date(2026, 3, 26))
    assert send_remedy_alerts(today=WEDNESDAY).recorded == 0
    settings.PUTRIGHT_OMBUDSMAN_DUE_SOON_WORKING_DAYS = 6
    assert send_remedy_alerts(today=WEDNESDAY).recorded == 2


def test_without_a_lead_officer_the_person_who_recorded_the_referral_is_warned(make_case, complaints_officer, emails):
    case = make_case(received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON))
    remedy(refer(case, complaints_officer), complaints_officer, WEDNESDAY)
    send_remedy_alerts(today=WEDNESDAY)
    assert [address for address, *_ in sent()] == [MAILBOX, "olivia@council.example"]
    assert (
        "You recorded the referral to the ombudsman."
        in OutboundMessage.objects.get(to_address="olivia@council.example").body_text
    )


def test_a_restricted_case_is_not_sent_to_someone_who_may_not_open_it(
    make_case, adult_social_care, complaints_officer, emails
):
    # Recorded by the complaints officer, who may not see social care cases: only the complaints mailbox is told.
    case = make_case(
        received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), procedure="adult-social-care", service=adult_social_care
    )
    remedy(refer(case, complaints_officer), complaints_officer, WEDNESDAY)
    send_remedy_alerts(today=WEDNESDAY)
    assert [address for address, *_ in sent()] == [MAILBOX]


def test_with_nobody_to_tell_the_run_says_so(make_case, organisation, complaints_officer, lead_officer):
    case = make_case(received_at=datetime(2025, 10, 1, 10, tzinfo=LONDON), lead=lead_officer)
    remedy(refer(case, complaints_officer), complaints_officer, WEDNESDAY)
    run = send_remedy_alerts(today=WEDNESDAY)
    assert (run.recorded, run.nobody) == (0, 1)
    assert "1 with nobody to tell" in str(run)


def test_the_daily_job_is_registered_and_runs(referral, complaints_officer):
    remedy(referral, complaints_officer, date(2026, 3, 25))
    job = next(job for job in default_jobs() if job.name == "ombudsman_remedy_alerts")
    assert job.daily_at is not None
    outcome = job.run(datetime(2026, 3, 18, 7, 0, tzinfo=UTC))
    assert outcome == "2 ombudsman alert(s) recorded (0 about replies due); 0 already sent"
