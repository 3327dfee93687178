"""The procedures admin: a version any case started under is read-only, with a pointer to publishing anew."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from putright.procedures.models import Procedure
from putright.procedures.selectors import current_version
from putright.procedures.tests.factories import make_case_under

pytestmark = pytest.mark.django_db


def version_url(slug: str) -> str:
    return reverse("admin:procedures_procedureversion_change", args=[current_version(slug).pk])


def test_a_version_no_case_uses_can_be_edited(admin_client: Client) -> None:
    response = admin_client.get(version_url("psow"))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is True
    assert b"publish a new version" not in response.content


def test_a_version_in_use_is_read_only_and_says_to_publish_a_new_version(admin_client: Client) -> None:
    make_case_under(current_version("joint-code"))
    url = version_url("joint-code")

    page = admin_client.get(url)
    post = admin_client.post(url, {"change_note": "Sneaky edit"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "To change the rules for new cases, publish a new version." in page.content.decode()
    assert post.status_code == 403
    assert current_version("joint-code").change_note == "Preset shipped with PutRight."


def test_procedure_page_lists_its_versions(admin_client: Client) -> None:
    procedure = Procedure.objects.get(slug="spso")

    response = admin_client.get(reverse("admin:procedures_procedure_change", args=[procedure.pk]))

    assert response.status_code == 200
    assert "Preset shipped with PutRight." in response.content.decode()


def test_copy_action_makes_a_non_preset_copy(admin_client: Client) -> None:
    procedure = Procedure.objects.get(slug="nipso")

    admin_client.post(
        reverse("admin:procedures_procedure_changelist"),
        {"action": "copy_selected", "_selected_action": [procedure.pk]},
    )

    copy = Procedure.objects.get(slug="nipso-copy")
    assert (copy.is_preset, copy.based_on, copy.name) == (False, procedure, "Copy of " + procedure.name)
    assert current_version(copy).stage_count == 2
