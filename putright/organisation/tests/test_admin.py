"""Administrators configure the organisation in the Django admin; others cannot."""

import pytest
from django.urls import reverse

from putright.organisation.models import ServiceArea

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_service_and_a_case_worker_cannot(client, django_user_model, lead_officer):
    admin_user = django_user_model.objects.create_superuser("ada", "ada@example.org", "a-long-admin-password")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:organisation_servicearea_add"),
        {
            "name": "Parking",
            "slug": "parking",
            "directorate": "Place",
            "default_procedure_slug": "joint-code",
            "is_active": "on",
            "teams-TOTAL_FORMS": "0",
            "teams-INITIAL_FORMS": "0",
            "categories-TOTAL_FORMS": "0",
            "categories-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert ServiceArea.objects.filter(slug="parking").exists()
    client.force_login(lead_officer)
    assert client.get(reverse("admin:organisation_servicearea_add")).status_code == 302  # to the admin sign-in


def test_only_one_organisation_can_be_added(client, django_user_model, organisation):
    admin_user = django_user_model.objects.create_superuser("ada", "ada@example.org", "a-long-admin-password")
    client.force_login(admin_user)
    assert client.get(reverse("admin:organisation_organisation_add")).status_code == 403


def test_an_administrator_sets_the_ward_a_councillor_represents(client, django_user_model, councillor):
    admin_user = django_user_model.objects.create_superuser("ada", "ada@example.org", "a-long-admin-password")
    client.force_login(admin_user)
    url = reverse("admin:organisation_user_change", args=[councillor.pk])
    assert 'name="ward"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "username": councillor.username,
            "first_name": councillor.first_name,
            "last_name": councillor.last_name,
            "email": "",
            "is_active": "on",
            "role": councillor.role,
            "ward": "Ashcombe",
            "job_title": "",
            "phone": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    councillor.refresh_from_db()
    assert councillor.ward == "Ashcombe"
