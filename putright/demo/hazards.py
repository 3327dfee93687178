"""Demo: the newest open damp-and-mould complaint is from a social tenant, with a confirmed significant hazard
(Awaab's Law) on its own clock, investigated on time, so the case page, the customer's account, the alerts and the
hazards report all have one to show."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from putright.cases.choices import OPEN_STATUSES, CaseKind
from putright.cases.hazards import services
from putright.cases.hazards.eligibility import hazard_calendar
from putright.cases.hazards.models import HazardKind, HazardSeverity, InvestigationFinding
from putright.cases.models import Case
from putright.demo.organisation import DemoOrganisation
from putright.people.choices import Tenure
from putright.people.models import Customer
from putright.procedures.hazard_clock import Step


def add_damp_hazard(demo: DemoOrganisation) -> Case | None:
    """Confirm a significant hazard on the newest open housing complaint about mould; None if the demo has none."""
    case = (
        Case.objects.filter(
            Q(title__icontains="mould") | Q(title__icontains="damp"),
            kind=CaseKind.COMPLAINT,
            status__in=OPEN_STATUSES,
            service_area__is_housing=True,
            customer__isnull=False,
        )
        .select_related("service_area", "customer", "team", "lead_officer", "contact")
        .order_by("-received_at")
        .first()
    )
    if case is None or case.customer is None:
        return None
    Customer.objects.filter(pk=case.customer.pk).update(tenure=Tenure.LOW_COST_RENTAL)
    case.customer.tenure = Tenure.LOW_COST_RENTAL
    officer = case.lead_officer or demo.users["leader"]
    team = case.team or officer.team
    hazard = services.assess_hazard(
        case=case,
        actor=officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Black mould on the bedroom walls and ceiling; a young child with asthma sleeps in the room",
        aware_at=case.received_at,
        owner_team=team,
    )
    # Investigated three working days after the complaint came in, if that day has passed.
    visited_day = hazard_calendar().add_working_days(timezone.localtime(case.received_at).date(), 3)[0]
    visited = case.received_at + timedelta(days=(visited_day - timezone.localtime(case.received_at).date()).days)
    if visited <= timezone.now():
        services.record_step_done(
            hazard=hazard,
            step=Step.INVESTIGATE,
            done_at=visited,
            actor=officer,
            note="Surveyor visited: a failed extractor fan and a cold bridge above the window are causing the mould",
            finding=InvestigationFinding.WORK_NEEDED,
        )
    return case
