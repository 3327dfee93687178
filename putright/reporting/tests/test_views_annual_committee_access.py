"""Who may open the annual report, the committee pack and the self-assessment pages.

Personas (root conftest.py): a councillor and an investigating officer (lead_officer) may see no report at all;
a complaints officer may read the reports but not change the self-assessment; a manager may do both.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from putright.reporting import services

pytestmark = pytest.mark.django_db

YEAR = 2025
READ_PAGES = [
    ("reporting:annual", {}),
    ("reporting:annual_print", {}),
    ("reporting:annual_pdf", {}),
    ("reporting:committee", {}),
    ("reporting:committee_pdf", {}),
    ("reporting:committee_xlsx", {}),
]
EDIT_PAGES = [
    ("reporting:self_assessments", {"year": YEAR}),
    ("reporting:self_assessment", {"year": YEAR, "number": 1}),
    ("reporting:self_assessment_row", {"year": YEAR, "number": 1, "provision": "6.13"}),
    ("reporting:governing_body_response", {"year": YEAR, "number": 1}),
]
ALL_PAGES = READ_PAGES + EDIT_PAGES


@pytest.fixture
def assessment(manager):
    return services.start_self_assessment(year=YEAR, actor=manager, today=date(2025, 6, 2))


def url(name: str, kwargs: dict[str, object]) -> str:
    return reverse(name, kwargs=kwargs) + ("?year=2025" if not kwargs else "")


@pytest.mark.parametrize(("name", "kwargs"), ALL_PAGES)
def test_anonymous_is_sent_to_sign_in(client, organisation, name, kwargs):
    response = client.get(url(name, kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs"), ALL_PAGES)
@pytest.mark.parametrize("persona", ["councillor", "lead_officer"])
def test_councillors_and_investigating_officers_get_404(client, request, assessment, name, kwargs, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(name, kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), ALL_PAGES)
def test_a_manager_may_open_every_page(client, manager, assessment, name, kwargs):
    client.force_login(manager)
    assert client.get(url(name, kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_a_complaints_officer_may_read_the_reports(client, complaints_officer, name, kwargs):
    client.force_login(complaints_officer)
    assert client.get(url(name, kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), EDIT_PAGES)
def test_a_complaints_officer_may_not_change_the_self_assessment(client, complaints_officer, assessment, name, kwargs):
    client.force_login(complaints_officer)
    assert client.get(url(name, kwargs)).status_code == 404
    assert client.post(url(name, kwargs), {"complies": "yes"}).status_code == 404


def test_posting_as_a_councillor_changes_nothing(client, councillor, assessment):
    client.force_login(councillor)
    response = client.post(
        url("reporting:self_assessment_row", {"year": YEAR, "number": 1, "provision": "6.13"}), {"complies": "no"}
    )
    assert response.status_code == 404
    assert assessment.rows.get(provision="6.13").complies is None


def test_an_unknown_provision_or_assessment_is_a_404(client, manager, assessment):
    client.force_login(manager)
    unknown = {"year": YEAR, "number": 1, "provision": "99.9"}
    assert client.get(url("reporting:self_assessment_row", unknown)).status_code == 404
    assert client.get(url("reporting:governing_body_response", {"year": 2024, "number": 1})).status_code == 404
    assert client.get(url("reporting:self_assessment", {"year": YEAR, "number": 2})).status_code == 404


def test_administrators_can_reword_rows_in_the_admin(client, admin_user, assessment):
    client.force_login(admin_user)
    response = client.get(reverse("admin:reporting_selfassessment_change", args=[assessment.pk]))
    assert response.status_code == 200
    assert "The person considering stage 2 is not the person who considered stage 1." in response.content.decode()
