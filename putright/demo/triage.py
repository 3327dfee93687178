"""Demo data for triage help: a likely duplicate pair, adjustments to confirm, early resolutions and root causes.

Written through the same services staff use, after the generated cases, so each is what the app itself would write.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, Channel, StageStatus
from putright.cases.customers import request_adjustments
from putright.cases.findings import record_finding
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Case, RootCause, Stage
from putright.cases.services import CustomerDetails, log_case
from putright.demo.organisation import DemoOrganisation
from putright.organisation.models import ServiceArea, User
from putright.procedures.models import Procedure
from putright.procedures.selectors import current_version
from putright.procedures.services import copy_procedure, publish_new_version

ROOF = (
    "Water is still coming through the bedroom ceiling at 12 Orchard Close. I reported the leak on the roof "
    "three weeks ago and nobody has come to repair it."
)
ROOF_AGAIN = (
    "The bedroom ceiling at 12 Orchard Close is still leaking when it rains. The roof leak was reported weeks ago "
    "and still nobody has come to repair it."
)
EARLY = (
    (
        "Carer did not arrive for the morning visit",
        "Agency sent a carer the same morning and apologised; Mr Okafor is content.",
        "Okafor",
    ),
    (
        "Care plan review letter sent to the wrong address",
        "Letter re-sent and record corrected the next day; Ms Reid is happy with that.",
        "Reid",
    ),
)
EARLY_SLUG = "adult-social-care-early"
# The cases written here (the duplicate pair and the early resolutions), and the smallest demo that gets them.
EXAMPLE_CASES = 4
EXAMPLES_FROM = 100


def _complaint(
    officer: User, service: ServiceArea, slug: str, text: str, title: str, when: datetime, customer: CustomerDetails
) -> Case:
    return log_case(
        channel=Channel.EMAIL,
        received_at=when,
        raw_text=text,
        actor=officer,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="Dissatisfied with the service",
            service_area=service,
            title=title,
            description=text,
            procedure_version=current_version(slug),
        ),
        customer_details=customer,
    )


def _duplicate_pair(demo: DemoOrganisation) -> None:
    officer = demo.users["officer"]
    repairs = next(service for service, spec in demo.services if spec.slug == "housing-repairs")
    resident = CustomerDetails(
        first_name="Grace", last_name="Adeyemi", email="grace.adeyemi@example.org", postcode="TV4 2PL"
    )
    now = timezone.now()
    first = _complaint(
        officer, repairs, "joint-code", ROOF, "Roof leak not repaired", now - timedelta(days=6), resident
    )
    again = _complaint(officer, repairs, "joint-code", ROOF_AGAIN, "Ceiling still leaking", now, resident)
    # The resident asked for adjustments on the public form: they wait on her record for staff to confirm.
    request_adjustments(case=first, words="I am dyslexic, so large print and a phone call would help.")
    del again  # left unlinked: both case pages show the other as a likely duplicate


def _early_resolutions(demo: DemoOrganisation) -> None:
    officer = demo.users.get("socialcare") or demo.users["officer"]
    care = next((service for service, spec in demo.services if spec.slug == "adult-social-care"), None)
    if care is None:
        return
    procedure = Procedure.objects.filter(slug=EARLY_SLUG).first() or copy_procedure(
        source=Procedure.objects.get(slug="adult-social-care"),
        slug=EARLY_SLUG,
        name="Adult social care, with early resolution",
        actor=None,
    )
    if not current_version(procedure).early_resolution_hours:
        publish_new_version(
            procedure=procedure,
            actor=None,
            change_note="A complaint put right by the next day is resolved early",
            stage_changes={},
            early_resolution_hours=24,
        )
    for title, how, last_name in EARLY:
        case = _complaint(
            officer,
            care,
            EARLY_SLUG,
            title + ".",
            title,
            timezone.now() - timedelta(hours=3),
            CustomerDetails(last_name=last_name),
        )
        lifecycle.resolve_early(case=case, actor=officer, how_resolved=how)


def _root_causes(demo: DemoOrganisation, seed: int) -> None:
    """A root cause on a sample of answered stages; one officer named in several staff-conduct complaints."""
    picker = random.Random(seed)
    causes = list(RootCause.objects.filter(is_active=True))
    conduct = [cause for cause in causes if cause.is_staff_conduct]
    named = next(iter(demo.officers.get("housing-repairs", [])), None)
    stages = list(
        Stage.objects.filter(status__in=[StageStatus.RESPONDED, StageStatus.CLOSED], responded_date__isnull=False)
        .select_related("case")
        .order_by("pk")[:120]
    )
    for index, stage in enumerate(stages):
        cause = conduct[0] if conduct and named and index % 15 == 0 else picker.choice(causes)
        staff = [named] if cause.is_staff_conduct and named else []
        if cause.is_staff_conduct and not staff:
            continue
        record_finding(stage=stage, root_cause=cause, staff=staff, actor=stage.case.lead_officer or named)  # type: ignore[arg-type]


def seed_triage_examples(demo: DemoOrganisation, *, seed: int = 1) -> None:
    with transaction.atomic():
        _duplicate_pair(demo)
        _early_resolutions(demo)
        _root_causes(demo, seed)
