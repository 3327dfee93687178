"""Awaab's Law on the case page: asked for a social tenant's housing complaint in England that suggests a hazard,
then timed step by step beside the complaint's own clock. Other tenures and nations see nothing of it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import EventKind
from putright.cases.hazards import services
from putright.cases.hazards.models import Hazard, HazardKind, HazardSeverity, InvestigationFinding
from putright.core.errors import RuleError
from putright.organisation.models import Organisation, Team
from putright.people.choices import Tenure
from putright.people.models import Customer, VulnerabilityNote
from putright.procedures.hazard_clock import Step

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.usefixtures("frozen_today")  # Wednesday 18 March 2026, 10:00

DAMP = "There is black mould on the bedroom walls and the damp is making my son's asthma worse."


def sign_in(client, user):
    client.force_login(user)
    return client


def tenant(case, tenure=Tenure.LOW_COST_RENTAL):
    Customer.objects.filter(pk=case.customer_id).update(tenure=tenure)
    case.customer.refresh_from_db()
    return case


@pytest.fixture
def damp_case(make_case, lead_officer):
    case = make_case(lead=lead_officer, title="Mould in the bedroom", text=DAMP)
    VulnerabilityNote.objects.create(
        customer=case.customer, note="Son aged 6 with asthma", review_date=timezone.localdate() + timedelta(days=90)
    )
    return tenant(case)


@pytest.fixture
def repairs(lead_officer):
    return lead_officer.team


def detail(client, case):
    return client.get(reverse("cases:detail", args=[case.reference])).content.decode()


def test_a_tenants_damp_complaint_asks_whether_it_is_a_hazard_with_the_household_beside_it(
    client, damp_case, lead_officer
):
    page = detail(sign_in(client, lead_officer), damp_case)
    assert "Hazards (Awaab's Law)" in page
    assert "This may be about a hazard (damp, mould" in page
    assert "Son aged 6 with asthma" in page
    question = client.get(reverse("cases:action", args=[damp_case.reference, "hazard"])).content.decode()
    assert "Is it a potential emergency or significant hazard?" in question
    assert "Son aged 6 with asthma" in question
    assert "<strong>damp, mould</strong>" in question


@pytest.mark.parametrize("tenure", [Tenure.LEASEHOLDER, Tenure.LOW_COST_HOME_OWNERSHIP, Tenure.PRIVATE_OR_OTHER])
def test_other_tenures_see_nothing_of_it(client, damp_case, lead_officer, tenure):
    tenant(damp_case, tenure)
    page = detail(sign_in(client, lead_officer), damp_case)
    assert "Awaab" not in page
    with pytest.raises(RuleError, match="social tenants"):
        services.assess_hazard(
            case=damp_case,
            actor=lead_officer,
            kind=HazardKind.DAMP_MOULD,
            severity=HazardSeverity.SIGNIFICANT,
            description="Mould",
            aware_at=damp_case.received_at,
            owner_team=lead_officer.team,
        )


@pytest.mark.parametrize("nation", ["WLS", "SCT", "NIR"])
def test_other_nations_see_nothing_of_it(client, damp_case, lead_officer, organisation, nation):
    Organisation.objects.filter(pk=organisation.pk).update(nation=nation)
    assert "Awaab" not in detail(sign_in(client, lead_officer), damp_case)


def test_a_waste_complaint_sees_nothing_of_it(client, make_case, waste, waste_leader):
    case = tenant(make_case(service=waste, lead=waste_leader, text="The bin men left mould in my bin."))
    assert "Awaab" not in detail(sign_in(client, waste_leader), case)


def test_an_unknown_tenure_asks_for_it_and_recording_it_brings_the_hazard_question(client, damp_case, lead_officer):
    tenant(damp_case, Tenure.UNKNOWN)
    sign_in(client, lead_officer)
    page = detail(client, damp_case)
    assert "The customer's tenure is not recorded" in page
    assert "This may be about a hazard" not in page
    response = client.post(
        reverse("cases:action", args=[damp_case.reference, "tenure"]),
        {"lock_version": damp_case.lock_version, "tenure": Tenure.LOW_COST_RENTAL},
    )
    assert response.status_code == 302
    assert "This may be about a hazard" in detail(client, damp_case)
    assert damp_case.events.filter(kind=EventKind.TENURE_RECORDED).exists()


def test_confirming_a_significant_hazard_starts_its_own_clocks_beside_the_complaints(
    client, damp_case, lead_officer, repairs
):
    sign_in(client, lead_officer)
    response = client.post(
        reverse("cases:action", args=[damp_case.reference, "hazard"]),
        {
            "lock_version": damp_case.lock_version,
            "kind": HazardKind.DAMP_MOULD,
            "severity": HazardSeverity.SIGNIFICANT,
            "description": "Black mould on the back bedroom's outside wall",
            "owner_team": repairs.pk,
        },
    )
    assert response.status_code == 302
    hazard = Hazard.objects.get(case=damp_case)
    assert hazard.aware_at == damp_case.received_at  # the complaint was the landlord becoming aware
    steps = {milestone.step: milestone for milestone in hazard.milestones.all()}
    assert set(steps) == {Step.INVESTIGATE, Step.SUMMARY, Step.SAFETY_WORKS, Step.FURTHER_WORKS}
    # Aware on Wednesday 18 March 2026: ten working days later is Wednesday 1 April.
    assert timezone.localtime(steps[Step.INVESTIGATE].due_at).date().isoformat() == "2026-04-01"
    page = detail(client, damp_case)
    assert "Significant hazard: Damp and mould" in page
    assert "Wednesday 1 April 2026" in page
    assert "Why this date" in page and "regulation 6" in page
    assert "owned by Repairs team" in page
    assert "This may be about a hazard" not in page  # answered
    event = damp_case.events.get(kind=EventKind.HAZARD_ASSESSED)
    assert "First step due 01 Apr 2026" in event.summary
    # The complaint's own deadlines are untouched.
    assert "Respond by" in page


def test_ending_the_investigation_redates_the_steps_that_count_from_it(make_case, lead_officer, repairs):
    case = tenant(make_case(lead=lead_officer, text=DAMP, received_at=datetime(2026, 3, 16, 9, tzinfo=LONDON)))
    hazard = services.assess_hazard(
        case=case,
        actor=lead_officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Mould in the bedroom",
        aware_at=case.received_at,
        owner_team=repairs,
    )
    summary = hazard.milestones.get(step=Step.SUMMARY)
    assert summary.provisional
    assert timezone.localtime(summary.due_at).date().isoformat() == "2026-04-02"  # 3 after the 30 March due date
    services.record_step_done(
        hazard=hazard,
        step=Step.INVESTIGATE,
        done_at=datetime(2026, 3, 17, 11, tzinfo=LONDON),  # Tuesday
        actor=lead_officer,
        note="Surveyor visited: mould from a failed extractor fan",
        finding=InvestigationFinding.WORK_NEEDED,
    )
    summary.refresh_from_db()
    assert not summary.provisional
    assert timezone.localtime(summary.due_at).date().isoformat() == "2026-03-20"  # 3 working days after Tuesday
    safety = hazard.milestones.get(step=Step.SAFETY_WORKS)
    assert timezone.localtime(safety.due_at).date().isoformat() == "2026-03-24"


def test_an_investigation_finding_no_work_needed_marks_the_works_not_needed(
    frozen_today, damp_case, lead_officer, repairs
):
    hazard = services.assess_hazard(
        case=damp_case,
        actor=lead_officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Mould in the bedroom",
        aware_at=damp_case.received_at,
        owner_team=repairs,
    )
    with pytest.raises(RuleError, match="what the investigation found"):
        services.record_step_done(
            hazard=hazard, step=Step.INVESTIGATE, done_at=timezone.now(), actor=lead_officer, note="Visited"
        )
    services.record_step_done(
        hazard=hazard,
        step=Step.INVESTIGATE,
        done_at=timezone.now(),
        actor=lead_officer,
        note="Visited: condensation only, cleaned",
        finding=InvestigationFinding.NO_WORK_NEEDED,
    )
    assert set(hazard.milestones.filter(not_needed=True).values_list("step", flat=True)) == {
        Step.SAFETY_WORKS,
        Step.FURTHER_WORKS,
    }
    assert not hazard.milestones.get(step=Step.SUMMARY).not_needed  # the tenant still gets the findings in writing


def test_an_emergency_is_due_24_hours_after_awareness_and_a_late_step_says_so(
    frozen_today, client, make_case, lead_officer, repairs
):
    text = "There is a strong smell of gas in the kitchen."
    case = tenant(make_case(lead=lead_officer, title="Gas smell", text=text))
    aware = timezone.now() - timedelta(hours=30)
    hazard = services.assess_hazard(
        case=case,
        actor=lead_officer,
        kind=HazardKind.GAS,
        severity=HazardSeverity.EMERGENCY,
        description="Smell of gas by the cooker",
        aware_at=aware,
        owner_team=repairs,
    )
    investigate = hazard.milestones.get(step=Step.INVESTIGATE)
    assert investigate.due_at == aware + timedelta(hours=24)
    page = detail(sign_in(client, lead_officer), case)
    assert "Overdue" in page
    services.record_step_done(
        hazard=hazard, step=Step.INVESTIGATE, done_at=timezone.now(), actor=lead_officer, note="Engineer capped supply"
    )
    event = case.events.filter(kind=EventKind.HAZARD_STEP_DONE).first()
    assert "(late: it was due" in event.summary
    assert "Done late" in detail(client, case)


def test_neither_needs_a_reason_and_starts_no_clock(damp_case, lead_officer):
    with pytest.raises(RuleError, match="why this is not"):
        services.assess_hazard(
            case=damp_case,
            actor=lead_officer,
            kind=HazardKind.DAMP_MOULD,
            severity=HazardSeverity.NONE,
            description="Mould",
            aware_at=damp_case.received_at,
            owner_team=None,
        )
    hazard = services.assess_hazard(
        case=damp_case,
        actor=lead_officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.NONE,
        description="A small patch on a window seal",
        aware_at=damp_case.received_at,
        owner_team=None,
        reason="Surface condensation on the window seal, wiped clean; no risk of harm",
    )
    assert not hazard.milestones.exists()


def test_a_significant_hazard_needs_an_owner_team_and_nothing_is_half_written(client, damp_case, lead_officer):
    sign_in(client, lead_officer)
    response = client.post(
        reverse("cases:action", args=[damp_case.reference, "hazard"]),
        {
            "lock_version": damp_case.lock_version,
            "kind": HazardKind.DAMP_MOULD,
            "severity": HazardSeverity.SIGNIFICANT,
            "description": "Mould",
        },
    )
    assert response.status_code == 200
    assert "Select the team that will carry out the steps" in response.content.decode()
    assert not Hazard.objects.exists()
    assert not damp_case.events.filter(kind=EventKind.HAZARD_ASSESSED).exists()


def test_alternative_accommodation_is_recorded_on_the_hazard(client, damp_case, lead_officer, repairs):
    hazard = services.assess_hazard(
        case=damp_case,
        actor=lead_officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Mould throughout the flat",
        aware_at=damp_case.received_at,
        owner_team=repairs,
    )
    sign_in(client, lead_officer)
    response = client.post(
        reverse("cases:action", args=[damp_case.reference, "hazard-accommodation"]),
        {
            "lock_version": damp_case.lock_version,
            "hazard": hazard.pk,
            "details": "Two-bedroom flat at 4 Mill Lane while the walls are treated",
            "response": "accepted",
        },
    )
    assert response.status_code == 302
    page = detail(client, damp_case)
    assert "Two-bedroom flat at 4 Mill Lane" in page and "(accepted)" in page


def test_the_step_form_records_the_investigation_through_the_page(client, damp_case, lead_officer, repairs):
    hazard = services.assess_hazard(
        case=damp_case,
        actor=lead_officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Mould",
        aware_at=damp_case.received_at,
        owner_team=repairs,
    )
    sign_in(client, lead_officer)
    response = client.post(
        reverse("cases:action", args=[damp_case.reference, "hazard-step"]),
        {
            "lock_version": damp_case.lock_version,
            "step": f"{hazard.pk}:investigate",
            "note": "Surveyor visited",
            "finding": "work_needed",
            "further_works_reason": "The wall needs a damp-proof course: a specialist contractor is booked",
        },
    )
    assert response.status_code == 302
    further = hazard.milestones.get(step=Step.FURTHER_WORKS)
    assert "12 weeks" in " ".join(further.explanation)
    assert Team.objects.filter(pk=repairs.pk).exists()


def test_triage_warns_of_a_possible_hazard_in_england_and_not_elsewhere(client, complaints_officer, organisation):
    from putright.cases.services import log_contact

    contact = log_contact(
        channel="email",
        received_at=timezone.now(),
        raw_text="The bathroom ceiling is covered in mould and there is condensation everywhere.",
        actor=None,
    )
    sign_in(client, complaints_officer)
    url = reverse("cases:triage", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "This may be about a hazard (mould, condensation, ceiling)" in page
    Organisation.objects.filter(pk=organisation.pk).update(nation="SCT")
    assert "This may be about a hazard" not in client.get(url).content.decode()
