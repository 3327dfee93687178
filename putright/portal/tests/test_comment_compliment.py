"""Comments and compliments: short journeys, no procedure, may be anonymous."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.cases.choices import CaseKind, CaseStatus
from putright.cases.models import Case
from putright.portal.tests.conftest import step_url, token_on_check_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("journey", ["comment", "compliment"])
def test_anonymous_comment_or_compliment_is_recorded_without_a_procedure(client, services, journey):
    client.post(step_url(journey, "service"), {"service": "bins"})
    client.post(step_url(journey, "message"), {"message": "The crew on Elm Row were brilliant."})
    response = client.post(step_url(journey, "reply"), {})
    assert response.url == reverse("portal:check", args=[journey])
    client.post(reverse("portal:check", args=[journey]), {"token": token_on_check_page(client, journey)})
    case = Case.objects.get()
    assert case.kind == CaseKind(journey)
    assert case.procedure_version is None and case.status == CaseStatus.RECEIVED
    assert case.customer is None
    assert case.service_area == services["waste"]
    page = client.get(reverse("portal:sent", args=[journey])).content.decode()
    assert case.reference in page


def test_a_compliment_with_a_name_and_email_keeps_them(client, services):
    client.post(step_url("compliment", "service"), {"service": "repairs"})
    client.post(step_url("compliment", "message"), {"message": "Dai fixed the boiler in an hour."})
    client.post(step_url("compliment", "reply"), {"full_name": "Ann Jones", "email": "ann@example.org"})
    client.post(reverse("portal:check", args=["compliment"]), {"token": token_on_check_page(client, "compliment")})
    assert Case.objects.get().customer.email == "ann@example.org"
