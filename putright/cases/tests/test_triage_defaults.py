"""The log and triage forms start from what PutRight already knows: today's date and the service's usual procedure."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.models import Case
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
    defaults = json.loads(html.unescape(found.group(1)))
    assert defaults[str(adult_social_care.pk)] == Procedure.objects.get(slug="adult-social-care").pk
    assert defaults[str(housing.pk)] == Procedure.objects.get(slug="joint-code").pk
