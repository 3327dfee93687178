"""A social tenant sees the hazard's own times on their case page, in English and Welsh; nobody else sees them."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.urls import reverse

from putright.cases.hazards import services
from putright.cases.hazards.models import HazardKind, HazardSeverity
from putright.people.choices import Tenure
from putright.people.models import Customer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # Wednesday 18 March 2026


def case_page(client, case) -> str:
    return html.unescape(client.get(reverse("portal:customer_case", args=[case.reference])).content.decode())


@pytest.fixture
def damp_case(make_case, lead_officer):
    case = make_case(lead=lead_officer, title="Mould in the bedroom", text="Black mould on the bedroom walls.")
    Customer.objects.filter(pk=case.customer_id).update(tenure=Tenure.LOW_COST_RENTAL)
    case.customer.refresh_from_db()
    return case


def confirm(case, officer):
    return services.assess_hazard(
        case=case,
        actor=officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Mould on the back bedroom wall",
        aware_at=case.received_at,
        owner_team=officer.team,
    )


def test_the_tenant_sees_the_hazards_own_times_beside_the_complaints(ann, damp_case, lead_officer):
    assert "Awaab" not in case_page(ann, damp_case)  # nothing until a hazard is confirmed
    confirm(damp_case, lead_officer)
    text = case_page(ann, damp_case)
    assert "The hazard in your home" in text
    assert "Awaab's Law" in text and "separate from the time we have to answer your complaint" in text
    assert "Look into the hazard: by 1 April 2026" in text
    assert "Write to you with what we found: by 8 April 2026" in text  # counted from the investigation's due date
    assert "somewhere else suitable to stay" in text
    assert "Our response is due by" in text or "We will acknowledge it by" in text  # the complaint's clock too


def test_in_welsh(ann, damp_case, lead_officer):
    confirm(damp_case, lead_officer)
    ann.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    text = case_page(ann, damp_case)
    assert "Y perygl yn eich cartref" in text
    assert "Gyfraith Awaab" in text
    assert "Ymchwilio i'r perygl: erbyn 1 Ebrill 2026" in text
