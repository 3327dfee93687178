"""Awaab's Law steps warn their owner team before they are missed, through weekends, and again once overdue."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from putright.cases.hazards import services
from putright.cases.hazards.models import HazardKind, HazardSeverity, InvestigationFinding
from putright.notifications.alerts.hazards import send_hazard_alerts
from putright.notifications.models import OutboundMessage
from putright.organisation.models import Organisation, User
from putright.people.choices import Tenure
from putright.people.models import Customer

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(lead_officer, organisation):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email="complaints@council.example")
    lead_officer.refresh_from_db()


def gas_emergency(make_case, lead_officer, complaints_officer, aware):
    case = make_case(title="Gas smell", text="Strong smell of gas in the kitchen", received_at=aware)
    Customer.objects.filter(pk=case.customer_id).update(tenure=Tenure.LOW_COST_RENTAL)
    case.customer.refresh_from_db()
    return services.assess_hazard(
        case=case,
        actor=complaints_officer,
        kind=HazardKind.GAS,
        severity=HazardSeverity.EMERGENCY,
        description="Smell of gas by the cooker",
        aware_at=aware,
        owner_team=lead_officer.team,
    )


def test_an_emergency_on_a_saturday_night_warns_the_owner_team_six_hours_before_and_once_overdue(
    make_case, lead_officer, complaints_officer, emails
):
    aware = datetime(2026, 12, 24, 18, 30, tzinfo=LONDON)  # Christmas Eve: due 18:30 on Christmas Day
    with time_machine.travel(aware, tick=False):
        hazard = gas_emergency(make_case, lead_officer, complaints_officer, aware)
    with time_machine.travel(datetime(2026, 12, 25, 9, tzinfo=LONDON), tick=False):
        assert str(send_hazard_alerts(now=datetime(2026, 12, 25, 9, tzinfo=LONDON))).startswith("0 hazard")
    at = datetime(2026, 12, 25, 13, tzinfo=LONDON)  # within six hours, on a bank holiday
    with time_machine.travel(at, tick=False):
        run = send_hazard_alerts(now=at)
        assert run.due_soon == 2  # investigate and make safe, to the repairs team leader
        again = send_hazard_alerts(now=at + timedelta(minutes=15))
        assert again.due_soon == 0 and again.already == 2
    message = OutboundMessage.objects.filter(template_name="staff_hazard_due").first()
    assert message.to_address == "liam@council.example"
    assert "Due soon" in message.subject and "Awaab's Law" in message.subject
    assert "18:30 on Friday 25 December 2026" in message.body_text
    assert "24 hours later" in message.body_text
    assert hazard.case.reference in message.body_text
    late = datetime(2026, 12, 25, 19, tzinfo=LONDON)
    with time_machine.travel(late, tick=False):
        assert send_hazard_alerts(now=late).overdue == 2
    assert OutboundMessage.objects.filter(subject__startswith="Overdue").count() == 2


def test_a_step_done_is_not_chased(make_case, lead_officer, complaints_officer, emails):
    aware = datetime(2026, 11, 4, 9, tzinfo=LONDON)
    with time_machine.travel(aware, tick=False):
        hazard = gas_emergency(make_case, lead_officer, complaints_officer, aware)
    done = datetime(2026, 11, 4, 12, tzinfo=LONDON)
    with time_machine.travel(done, tick=False):
        for milestone in hazard.milestones.all():
            services.record_step_done(
                hazard=hazard, step=milestone.step, done_at=done, actor=lead_officer, note="Engineer capped the supply"
            )
    later = datetime(2026, 11, 5, 8, tzinfo=LONDON)
    with time_machine.travel(later, tick=False):
        run = send_hazard_alerts(now=later)
    assert (run.due_soon, run.overdue) == (0, 0)


def test_with_nobody_to_tell_the_complaints_mailbox_is_warned(make_case, lead_officer, complaints_officer, emails):
    User.objects.filter(pk=lead_officer.pk).update(email="")
    aware = datetime(2026, 11, 4, 9, tzinfo=LONDON)
    with time_machine.travel(aware, tick=False):
        gas_emergency(make_case, lead_officer, complaints_officer, aware)
    at = datetime(2026, 11, 5, 4, tzinfo=LONDON)
    with time_machine.travel(at, tick=False):
        send_hazard_alerts(now=at)
    assert set(OutboundMessage.objects.values_list("to_address", flat=True)) >= {"complaints@council.example"}


# --- the response letter says what was done about the hazard ------------------------------------------------------


def test_the_stage_response_says_what_was_done_about_the_hazard_and_what_was_late(
    make_case, lead_officer, complaints_officer
):
    from putright.cases import lifecycle
    from putright.cases.choices import Outcome
    from putright.procedures.hazard_clock import Step

    aware = datetime(2026, 11, 2, 9, tzinfo=LONDON)  # Monday: investigate by Monday 16 November
    with time_machine.travel(aware, tick=False):
        case = make_case(title="Mould", text="Mould in the bedroom", received_at=aware, lead=lead_officer)
        Customer.objects.filter(pk=case.customer_id).update(tenure=Tenure.LOW_COST_RENTAL)
        case.customer.refresh_from_db()
        hazard = services.assess_hazard(
            case=case,
            actor=lead_officer,
            kind=HazardKind.DAMP_MOULD,
            severity=HazardSeverity.SIGNIFICANT,
            description="Black mould on the bedroom wall",
            aware_at=aware,
            owner_team=lead_officer.team,
        )
    later = datetime(2026, 11, 18, 10, tzinfo=LONDON)
    with time_machine.travel(later, tick=False):
        services.record_step_done(
            hazard=hazard,
            step=Step.INVESTIGATE,
            done_at=later,
            actor=lead_officer,
            note="Surveyor visited",
            finding=InvestigationFinding.WORK_NEEDED,
        )
        lifecycle.acknowledge(case=case, actor=lead_officer, definition="Mould not dealt with.")
        lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="We were slow.")
    letter = OutboundMessage.objects.get(case=case, template_name="stage_response")
    assert "What we did about the hazard in your home (Black mould on the bedroom wall)" in letter.body_text
    assert "- Look into the hazard: due by 16 November 2026; done on 18 November 2026 (late)" in letter.body_text
    assert "- Write to you with what we found: due by 23 November 2026; not yet done" in letter.body_text
    assert "What we did about the hazard in your home</h2>" in letter.body_html


def test_a_response_without_a_hazard_reads_as_before(make_case, lead_officer):
    from putright.cases import lifecycle
    from putright.cases.choices import Outcome

    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak.")
    lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="Late.")
    letter = OutboundMessage.objects.get(case=case, template_name="stage_response")
    assert "hazard" not in letter.body_text and "hazard" not in letter.body_html
    assert "\n\n\n" not in letter.body_text
