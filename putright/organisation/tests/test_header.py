"""The header names the organisation running PutRight, from its profile."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_staff_and_public_pages_name_the_organisation(client, organisation, complaints_officer):
    organisation.name = "Northfield Borough Council"
    organisation.save()

    public = client.get("/")
    client.force_login(complaints_officer)
    staff = client.get(reverse("cases:my_cases"))

    for response in (public, staff):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="govuk-generic-header__homepage-link">Northfield Borough Council</a>' in html
        assert "\u2013 Northfield Borough Council</title>" in html
        assert "PutRight complaints" not in html


@pytest.mark.django_db
@override_settings(PUTRIGHT_SERVICE_NAME="Tell us what went wrong")
def test_a_configured_service_name_is_used_instead(client, organisation):
    html = client.get("/").content.decode()
    assert 'class="govuk-generic-header__homepage-link">Tell us what went wrong</a>' in html
