"""Two-factor authentication: who must set it up, signing in with a code or a recovery code, and no way round it
(staff pages, the Django admin and the admin's own sign-in all wait for the second step)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import _user
from putright.organisation.choices import Role
from putright.organisation.models import Team, User
from putright.portal.tests.two_factor_helpers import app_code, password_step, set_up_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_wait_after_a_wrong_code(settings: Any) -> None:
    # Each wrong code makes the next try wait (1 s, 2 s ...); test_wrong_codes_make_the_next_try_wait keeps it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def administrator(organisation: Any) -> User:
    return _user("ada_admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


def _sends_to(response: Any, name: str) -> bool:
    return response.status_code == 302 and str(response.url).startswith(reverse(name))


def test_an_administrator_without_two_factor_is_sent_to_set_it_up_and_reaches_nothing_until_they_do(
    client: Client, administrator: User
) -> None:
    assert password_step(client, administrator.username).startswith(reverse("two_factor_setup"))
    for page in (reverse("cases:today"), reverse("cases:all_cases"), reverse("admin:index"), "/admin/imports/"):
        assert _sends_to(client.get(page), "two_factor_setup"), page
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Your role lets you see restricted cases or configure PutRight" in page
    assert 'href="/cases/' not in page  # no staff menu while half signed in

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    assert _sends_to(client.get(reverse("admin:index")), "two_factor_setup")

    _secret, codes = set_up_app(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("cases:all_cases")).status_code == 200


def test_signing_in_again_asks_for_the_code_and_a_wrong_one_gets_nowhere(client: Client, administrator: User) -> None:
    password_step(client, administrator.username)
    secret, _ = set_up_app(client)
    client.post(reverse("logout"))

    where = password_step(client, administrator.username, next_page=reverse("cases:all_cases"))
    assert where.startswith(reverse("two_factor_verify"))
    assert _sends_to(client.get(reverse("cases:all_cases")), "two_factor_verify")
    assert _sends_to(client.get(reverse("admin:index")), "two_factor_verify")
    wrong = client.post(where, {"code": "123456" if app_code(secret, 1) != "123456" else "654321"})
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    # Replacing the app needs the second step first: a password alone cannot add a new phone.
    assert _sends_to(client.get(reverse("two_factor_setup")), "two_factor_verify")

    # The next 30-second code (accepted, as apps and clocks drift; the one used at set-up cannot be used again).
    right = client.post(where, {"code": app_code(secret, 1)})
    assert right.status_code == 302 and right.url == reverse("cases:all_cases")
    assert client.get(reverse("cases:all_cases")).status_code == 200


def test_a_recovery_code_signs_in_once(client: Client, administrator: User) -> None:
    password_step(client, administrator.username)
    _, codes = set_up_app(client)
    client.post(reverse("logout"))

    where = password_step(client, administrator.username)
    used = client.post(where, {"code": codes[0].upper()}, follow=True)
    assert "You used a recovery code; it will not work again. You have 9 left." in used.content.decode()
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("logout"))

    where = password_step(client, administrator.username)
    again = client.post(where, {"code": codes[0]})
    assert "The code is not right" in again.content.decode()
    assert _sends_to(client.get(reverse("admin:index")), "two_factor_verify")
    assert client.post(where, {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client: Client, administrator: User) -> None:
    password_step(client, administrator.username)
    _, old = set_up_app(client)
    page = client.post(reverse("two_factor_recovery_codes"), follow=True).content.decode()
    assert "this is the only time they are shown" in page
    assert "You have 10 recovery codes left" in client.get(reverse("two_factor_recovery_codes")).content.decode()
    client.post(reverse("logout"))
    where = password_step(client, administrator.username)
    assert "The code is not right" in client.post(where, {"code": old[0]}).content.decode()


def test_the_admin_sign_in_cannot_skip_the_second_step(client: Client, administrator: User) -> None:
    where = password_step(client, administrator.username, url=reverse("admin:login"), next_page="/admin/")
    assert where.startswith(reverse("two_factor_setup"))
    assert _sends_to(client.get("/admin/"), "two_factor_setup")
    assert _sends_to(client.get("/admin/organisation/user/"), "two_factor_setup")


@pytest.mark.parametrize("who", ["social_care_officer", "statutory_manager"])
def test_anyone_who_may_see_restricted_cases_must_set_it_up(request: Any, client: Client, who: str) -> None:
    if who == "statutory_manager":
        user = _user("simone", Role.MANAGER, can_see_restricted=True)
        request.getfixturevalue("organisation")
    else:
        user = request.getfixturevalue(who)
    assert password_step(client, user.username).startswith(reverse("two_factor_setup"))
    assert _sends_to(client.get(reverse("cases:my_cases")), "two_factor_setup")


def test_moving_into_a_restricted_service_holds_the_very_next_page_at_the_second_step(
    client: Client, lead_officer: User, adult_social_care: Any
) -> None:
    assert password_step(client, lead_officer.username) == reverse("portal:signed_in")
    assert client.get(reverse("cases:my_cases")).status_code == 200
    Team.objects.filter(pk=lead_officer.team_id).update(service_area=adult_social_care)
    assert _sends_to(client.get(reverse("cases:my_cases")), "two_factor_setup")


def test_other_staff_sign_in_with_a_password_and_may_choose_two_factor(client: Client, lead_officer: User) -> None:
    assert password_step(client, lead_officer.username) == reverse("portal:signed_in")
    assert client.get(reverse("cases:my_cases")).status_code == 200
    assert (
        "You have not set up an authenticator app" in client.get(reverse("two_factor_recovery_codes")).content.decode()
    )

    _secret, _ = set_up_app(client)
    client.post(reverse("logout"))
    # Once set up, they are asked for it like anyone else.
    assert password_step(client, lead_officer.username).startswith(reverse("two_factor_verify"))
    assert _sends_to(client.get(reverse("cases:my_cases")), "two_factor_verify")


def test_the_code_page_sends_only_to_this_site(client: Client, administrator: User) -> None:
    password_step(client, administrator.username)
    secret, _ = set_up_app(client)
    client.post(reverse("logout"))
    password_step(client, administrator.username)
    response = client.post(reverse("two_factor_verify") + "?next=https://evil.example/", {"code": app_code(secret, 1)})
    assert response.status_code == 302 and response.url == reverse("portal:signed_in")


def test_wrong_codes_make_the_next_try_wait(client: Client, administrator: User, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    password_step(client, administrator.username)
    secret, _ = set_up_app(client)
    client.post(reverse("logout"))
    where = password_step(client, administrator.username)
    client.post(where, {"code": "000000" if app_code(secret, 1) != "000000" else "111111"})
    # Right, but straight after a wrong one: refused, and told why.
    too_soon = client.post(where, {"code": app_code(secret, 1)})
    assert "came too soon after a wrong one" in too_soon.content.decode()
    assert _sends_to(client.get(reverse("cases:today")), "two_factor_verify")


def test_the_admin_lists_and_deletes_devices_but_never_shows_their_keys(client: Client, administrator: User) -> None:
    password_step(client, administrator.username)
    secret, codes = set_up_app(client)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=administrator)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page and secret.replace(" ", "") not in page
    static = client.get("/admin/otp_static/staticdevice/").content.decode()
    assert codes[0] not in static
    # Deleting it (a lost phone) means setting up a new app at the next sign-in.
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    client.post(reverse("logout"))
    assert password_step(client, administrator.username).startswith(reverse("two_factor_setup"))
