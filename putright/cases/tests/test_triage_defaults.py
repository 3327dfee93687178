"""The log and triage forms start from what PutRight already knows: today's date and the service's usual procedure."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.models import Case, Contact
from putright.cases.tests.test_views import valid_log_form
from putright.organisation.models import ServiceArea
from putright.procedures.models import Procedure
from putright.procedures.selectors import default_procedure

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_log_form_starts_on_today(client, complaints_officer):
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:log")).content.decode()
    today = timezone.localdate()
    assert re.search(rf'name="received_on_0"[^>]*value="{today.day}"', page)
    assert re.search(rf'name="received_on_2"[^>]*value="{today.year}"', page)


def test_a_complaint_logged_without_a_procedure_takes_the_services_usual_one(
    client, complaints_officer, adult_social_care, housing, lead_officer
):
    client.force_login(complaints_officer)
    form = valid_log_form(housing, lead_officer) | {"procedure": "", "service_area": str(adult_social_care.pk)}
    response = client.post(reverse("cases:log"), form)
    assert response.status_code == 302
    assert Case.objects.get().procedure_version.procedure.slug == "adult-social-care"


@pytest.mark.parametrize(
    ("nation", "slug"), [("ENG", "joint-code"), ("WLS", "psow"), ("SCT", "spso"), ("NIR", "nipso")]
)
def test_a_service_without_its_own_procedure_follows_the_nations_model(db, nation, slug):
    service = ServiceArea.objects.create(name="Parks", slug="parks")
    assert default_procedure(service, nation).slug == slug


def test_the_page_knows_each_services_usual_procedure(client, complaints_officer, housing, adult_social_care):
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:log")).content.decode()
    found = re.search(r'data-default-procedures="([^"]*)"', page)
    assert found is not None
    defaults = json.loads(html.unescape(found.group(1)))  # {kind: {service id: procedure id}}
    slugs = {
        kind: {int(service): Procedure.objects.get(pk=procedure).slug for service, procedure in by_service.items()}
        for kind, by_service in defaults.items()
    }
    assert slugs["complaint"][adult_social_care.pk] == "adult-social-care"
    assert slugs["complaint"][housing.pk] == "joint-code"
    # An enquiry or service request about any service: the procedure for its kind, not the service's complaint one.
    assert slugs["enquiry"] == {adult_social_care.pk: "member-enquiry", housing.pk: "member-enquiry"}
    assert slugs["service_request"] == {adult_social_care.pk: "service-request", housing.pk: "service-request"}
    assert "comment" not in slugs and "compliment" not in slugs


@pytest.mark.parametrize(
    ("kind", "label", "procedure"),
    [
        ("service_request", "Service request", "Service request"),
        ("enquiry", "Enquiry", "Member enquiry (councillor or MP)"),
    ],
)
def test_an_enquiry_or_service_request_left_on_the_usual_procedure_gets_the_one_for_its_kind(
    client, complaints_officer, housing, lead_officer, kind, label, procedure
):
    """Not the Complaint Handling Code that housing complaints start under, with its dates (acknowledge within 5
    working days, respond within 10 of the acknowledgement), but 10 working days to reply from receipt."""
    client.force_login(complaints_officer)
    form = valid_log_form(housing, lead_officer) | {"kind": kind, "procedure": ""}
    response = client.post(reverse("cases:log"), form)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.procedure_version.procedure.name == procedure
    page = client.get(response.url).content.decode()
    assert f"{label} {case.reference} logged" in page
    assert procedure in page
    # Received Wednesday 18 March 2026: ten working days on.
    assert 'Respond by</dt><dd class="govuk-summary-list__value">Wednesday 1 April 2026' in page
    assert "Acknowledge by" not in page


def test_triage_of_a_service_request_takes_the_procedure_for_its_kind(client, complaints_officer, housing):
    contact = Contact.objects.create(channel="phone", received_at=timezone.now(), raw_text="Please fix the lift.")
    client.force_login(complaints_officer)
    form = {
        "case-kind": "service_request",
        "case-kind_reason": "Asks for a repair, not unhappy with one",
        "case-service_area": str(housing.pk),
        "case-procedure": "",
        "case-title": "Lift broken",
    }
    response = client.post(reverse("cases:triage", args=[contact.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Case.objects.get().procedure_version.procedure.slug == "service-request"
