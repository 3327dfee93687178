"""The hazards report: each Awaab's Law step on time or not, counted apart from the complaints' timeliness."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from putright.cases.hazards import services
from putright.cases.hazards.models import HazardKind, HazardSeverity, InvestigationFinding
from putright.people.choices import Tenure
from putright.people.models import Customer
from putright.procedures.hazard_clock import Step

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def hazard_on(make_case, officer, severity, aware):
    case = make_case(title="Mould", text="Mould and damp", received_at=aware, lead=officer)
    Customer.objects.filter(pk=case.customer_id).update(tenure=Tenure.LOW_COST_RENTAL)
    case.customer.refresh_from_db()
    return services.assess_hazard(
        case=case,
        actor=officer,
        kind=HazardKind.DAMP_MOULD if severity == HazardSeverity.SIGNIFICANT else HazardKind.GAS,
        severity=severity,
        description="In the bedroom",
        aware_at=aware,
        owner_team=officer.team,
    )


def test_each_step_is_counted_on_time_late_or_overdue(client, make_case, lead_officer, manager):
    aware = datetime(2026, 11, 2, 9, tzinfo=LONDON)  # significant: investigate by 16 November
    with time_machine.travel(aware, tick=False):
        on_time = hazard_on(make_case, lead_officer, HazardSeverity.SIGNIFICANT, aware)
        late = hazard_on(make_case, lead_officer, HazardSeverity.SIGNIFICANT, aware)
        hazard_on(make_case, lead_officer, HazardSeverity.EMERGENCY, aware)  # due 3 November 09:00, never done
    with time_machine.travel(datetime(2026, 11, 10, 9, tzinfo=LONDON), tick=False):
        services.record_step_done(
            hazard=on_time,
            step=Step.INVESTIGATE,
            done_at=datetime(2026, 11, 10, 9, tzinfo=LONDON),
            actor=lead_officer,
            note="Visited",
            finding=InvestigationFinding.NO_WORK_NEEDED,
        )
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=LONDON), tick=False):
        services.record_step_done(
            hazard=late,
            step=Step.INVESTIGATE,
            done_at=datetime(2026, 11, 20, 9, tzinfo=LONDON),
            actor=lead_officer,
            note="Visited",
            finding=InvestigationFinding.WORK_NEEDED,
        )
    client.force_login(manager)
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=LONDON), tick=False):
        page = client.get(reverse("reporting:hazards"), {"year": 2026}).content.decode()
        dashboard = client.get(reverse("reporting:dashboard")).content.decode()
    assert reverse("reporting:hazards") in dashboard
    assert "apart from how quickly the complaints they came with were answered" in page
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [part.split(">")[-1] for part in row.split("</t")[:-1]]
            for row in page.split('<tr class="govuk-table__row">')[2:]
        )
    }
    # Investigations: two significant (one on time, one late) and one emergency never done.
    assert rows["Investigate the hazard"][:4] == ["3", "1", "1", "1"]
    assert rows["Make the home safe (emergency action)"][:4] == ["1", "0", "0", "1"]
    # The investigation that found no work needed leaves no works to count; the late one's are overdue.
    assert rows["Safety work to make the home safe"][:4] == ["1", "0", "0", "1"]
