"""Staff sign-in: repeated wrong passwords lock the username out for a while; an idle session ends."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from conftest import PASSWORD
from putright.core.security import SESSION_LAST_SEEN


def test_thirty_wrong_passwords_lock_the_account_out_even_with_the_right_one_after(client, lead_officer, settings):
    url = reverse("login")
    statuses = [
        client.post(url, {"username": lead_officer.username, "password": f"guess-{n}"}).status_code for n in range(30)
    ]
    # Four ordinary failures (the form again); the fifth locks the username out from this address.
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    right = client.post(url, {"username": lead_officer.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "Too many attempts to sign in" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_is_locked_out_the_same_way(client, organisation):
    from putright.organisation.models import User

    User.objects.create_superuser(username="root", password=PASSWORD, email="r@example.org")
    url = reverse("admin:login")
    for n in range(5):
        client.post(url, {"username": "root", "password": f"guess-{n}"})
    assert client.post(url, {"username": "root", "password": PASSWORD}).status_code == 429


def test_a_right_password_before_the_limit_signs_in_and_clears_the_count(client, lead_officer):
    url = reverse("login")
    for n in range(4):
        client.post(url, {"username": lead_officer.username, "password": f"guess-{n}"})
    assert client.post(url, {"username": lead_officer.username, "password": PASSWORD}).status_code == 302
    client.logout()
    for n in range(4):
        assert client.post(url, {"username": lead_officer.username, "password": f"again-{n}"}).status_code == 200


@pytest.mark.parametrize("idle_minutes, signed_out", [(29, False), (31, True)])
def test_a_staff_session_ends_after_half_an_hour_idle(client, lead_officer, idle_minutes, signed_out):
    client.force_login(lead_officer)
    assert client.get(reverse("cases:my_cases")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - idle_minutes * 60
    session.save()
    response = client.get(reverse("cases:my_cases"))
    if signed_out:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
    else:
        assert response.status_code == 200
