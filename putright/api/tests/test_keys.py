"""Administrators make keys (command or admin), see them once, and revoke them."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse

from putright.api.keys import hash_secret
from putright.api.models import APIKey
from putright.api.tests.conftest import KeyClient


def test_the_command_prints_a_working_key_once_and_keeps_only_its_hash(housing):
    out = io.StringIO()
    call_command("create_api_key", "Housing system", "--scope", "write", "--service", "housing-repairs", stdout=out)
    token = out.getvalue().strip()
    key = APIKey.objects.get()
    assert key.scope == "write" and [s.slug for s in key.services.all()] == ["housing-repairs"]
    assert key.secret_hash == hash_secret(token.split(".", 1)[1]) and token.split(".", 1)[1] not in key.secret_hash
    assert KeyClient(token).get(reverse("api:services")).status_code == 200
    call_command("revoke_api_key", key.prefix, stdout=io.StringIO())
    assert KeyClient(token).get(reverse("api:services")).status_code == 401


def test_the_command_names_an_unknown_service(db):
    with pytest.raises(CommandError, match="No service with the slug bins"):
        call_command("create_api_key", "CRM", "--service", "bins", stdout=io.StringIO())
    assert not APIKey.objects.exists()


def test_an_administrator_makes_a_key_in_the_admin_and_sees_it_once(admin_client, housing):
    response = admin_client.post(
        reverse("admin:api_apikey_add"), {"name": "Report-it site", "scope": "write", "services": [housing.pk]}
    )
    assert response.status_code == 302
    key = APIKey.objects.get()
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "not be shown again" in str(m)]
    token = message.split(" is ", 1)[1].split(" ", 1)[0]
    assert token.startswith(f"{key.prefix}.")
    assert KeyClient(token).get(reverse("api:services")).status_code == 200
    # The list shows when it was last used; the key itself is never shown again.
    admin_client.get(reverse("admin:api_apikey_changelist"))  # the page the message was shown on
    listing = admin_client.get(reverse("admin:api_apikey_changelist")).content.decode()
    assert key.prefix in listing and token not in listing

    admin_client.post(reverse("admin:api_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
