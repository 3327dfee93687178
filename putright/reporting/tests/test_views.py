"""The report pages: who may open them, what they show, and that they count only what the reader may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["reporting:dashboard", "reporting:tsm", "reporting:committee_csv"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_sign_in(client, organisation, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["councillor", "lead_officer", "head_of_service"])
def test_councillors_and_case_handlers_get_404(client, request, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("persona", ["complaints_officer", "manager"])
def test_managers_and_complaints_officers_see_the_dashboard(client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    assert b"Complaints reports" in response.content


def test_half_a_date_range_is_an_error_and_the_year_is_shown_instead(client, organisation, complaints_officer):
    client.force_login(complaints_officer)
    response = client.get(reverse("reporting:dashboard"), {"start_0": "1", "start_1": "12", "start_2": "2025"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter both dates of the range, or neither" in response.content


def test_a_from_date_that_is_not_real_is_told_so_and_not_that_it_is_missing(client, organisation, complaints_officer):
    client.force_login(complaints_officer)
    range_ = {"start_0": "31", "start_1": "2", "start_2": "2026", "end_0": "1", "end_1": "3", "end_2": "2026"}
    page = client.get(reverse("reporting:dashboard"), range_).content.decode()
    assert "From must be a real date" in page
    assert "Enter both dates of the range, or neither" not in page


@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:committee"])
def test_a_date_range_reaching_year_1_or_9999_is_an_error_not_a_server_error(
    client, organisation, complaints_officer, name
):
    client.force_login(complaints_officer)
    range_ = {"start_0": "1", "start_1": "1", "start_2": "1", "end_0": "31", "end_1": "12", "end_2": "9999"}
    response = client.get(reverse(name), range_)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a date from 1990 to " in response.content


def test_filters_that_are_not_in_the_lists_get_plain_errors(client, organisation, complaints_officer):
    client.force_login(complaints_officer)
    response = client.get(reverse("reporting:dashboard"), {"year": "1900", "quarter": "9", "service": "nope"})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "There are no figures for 1900 to 1901. Figures start in 2020 to 2021." in page
    assert "“9” is not a quarter." in page
    assert page.count("Select one of the options given") >= 1 and "Select a valid choice" not in page
