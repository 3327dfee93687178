"""Single sign-on through the council's identity provider (OpenID Connect), against a stand-in provider started by
the test: groups give PutRight roles, someone in no mapped group is refused, and with local passwords switched off
a password gets nobody in, on the sign-in page or the admin's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from putright.organisation.choices import Role
from putright.organisation.models import SingleSignOnIdentity, User
from putright.portal.tests.identity_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    IdentityProvider,
    Person,
    start_identity_provider,
)

pytestmark = pytest.mark.django_db

COMPLAINTS_GROUP = "5b1f6c1e-0000-4000-8000-00000000c0de"  # Entra sends group object ids
ADMIN_GROUP = "5b1f6c1e-0000-4000-8000-00000000ad17"
OTHER_GROUP = "5b1f6c1e-0000-4000-8000-0000000000aa"


@pytest.fixture
def provider(settings: Any, organisation: Any) -> Iterator[IdentityProvider]:
    idp = start_identity_provider()
    settings.PUTRIGHT_OIDC_DISCOVERY_URL = idp.discovery_url
    settings.PUTRIGHT_OIDC_CLIENT_ID = CLIENT_ID
    settings.PUTRIGHT_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.PUTRIGHT_OIDC_ROLE_MAP = f"{ADMIN_GROUP}=administrator,{COMPLAINTS_GROUP}=complaints_officer"
    yield idp
    idp.stop()


def council_sign_in(client: Client, provider: IdentityProvider, person: Person, next_page: str = "") -> Any:
    """Press the council sign-in button, sign in at the provider, come back: the response to the return page."""
    start = client.get(reverse("sso_start") + (f"?next={next_page}" if next_page else ""))
    assert start.status_code == 302
    redirect_uri, query = provider.sign_in(start.url, person)
    assert redirect_uri == "http://testserver" + reverse("sso_callback")
    return client.get(reverse("sso_callback"), query)


def test_the_sign_in_page_offers_the_council_sign_in(client: Client, provider: IdentityProvider) -> None:
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page and 'href="/sign-in/council/' in page
    assert 'name="password"' in page  # local passwords stay on by default


def test_a_group_gives_the_role_and_the_person_is_signed_in(client: Client, provider: IdentityProvider) -> None:
    person = Person(subject="oid-1", username="pat.officer@council.example", groups=[OTHER_GROUP, COMPLAINTS_GROUP])
    response = council_sign_in(client, provider, person, next_page=reverse("cases:all_cases"))
    assert response.status_code == 302 and response.url == reverse("cases:all_cases")
    user = User.objects.get(username="pat.officer@council.example")
    assert user.role == Role.COMPLAINTS_OFFICER and not user.is_staff and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("Pat", "Officer", "pat.officer@council.example")
    assert client.get(reverse("cases:all_cases")).status_code == 200
    assert client.get("/admin/").status_code == 302  # not an administrator


def test_an_administrator_by_group_reaches_the_admin_without_a_second_code(
    client: Client, provider: IdentityProvider
) -> None:
    # The council's provider asks for its own second factor; PutRight does not ask again.
    person = Person(subject="oid-2", username="ada@council.example", groups=[ADMIN_GROUP, COMPLAINTS_GROUP])
    assert council_sign_in(client, provider, person).status_code == 302
    user = User.objects.get(username="ada@council.example")
    assert user.role == Role.ADMINISTRATOR and user.is_staff and user.is_superuser
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_role_follows_the_groups_at_every_sign_in(client: Client, provider: IdentityProvider) -> None:
    person = Person(subject="oid-3", username="sam@council.example", groups=[ADMIN_GROUP])
    council_sign_in(client, provider, person)
    client.post(reverse("logout"))
    person.groups = [COMPLAINTS_GROUP]
    person.username = "sam.renamed@council.example"  # the subject, not the name, says who it is
    council_sign_in(client, provider, person)
    user = User.objects.get(sso_identities__subject="oid-3")
    assert user.role == Role.COMPLAINTS_OFFICER and not user.is_staff and not user.is_superuser
    assert User.objects.filter(username__endswith="@council.example").count() == 1


def test_someone_in_no_mapped_group_is_refused(client: Client, provider: IdentityProvider) -> None:
    person = Person(subject="oid-4", username="visitor@council.example", groups=[OTHER_GROUP])
    response = council_sign_in(client, provider, person)
    assert response.status_code == 403
    assert "not in a group that may use PutRight" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="visitor@council.example").exists()


def test_an_account_made_before_single_sign_on_is_linked_by_its_username(
    client: Client, provider: IdentityProvider, lead_officer: User
) -> None:
    person = Person(subject="oid-5", username=lead_officer.username, groups=[COMPLAINTS_GROUP])
    council_sign_in(client, provider, person)
    identity = SingleSignOnIdentity.objects.get(subject="oid-5")
    assert identity.user == lead_officer and identity.issuer == provider.issuer
    assert int(client.session["_auth_user_id"]) == lead_officer.pk


def test_a_closed_account_is_refused(client: Client, provider: IdentityProvider, lead_officer: User) -> None:
    User.objects.filter(pk=lead_officer.pk).update(is_active=False)
    person = Person(subject="oid-6", username=lead_officer.username, groups=[COMPLAINTS_GROUP])
    assert council_sign_in(client, provider, person).status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_id_token_not_signed_by_the_provider_signs_nobody_in(client: Client, provider: IdentityProvider) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    provider.sign_with = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    person = Person(subject="oid-7", username="mallory@council.example", groups=[ADMIN_GROUP])
    response = council_sign_in(client, provider, person)
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert not User.objects.filter(username="mallory@council.example").exists()


def test_a_return_with_someone_elses_state_signs_nobody_in(client: Client, provider: IdentityProvider) -> None:
    # The code and state from another browser's sign-in (login CSRF): this session never started one.
    other = Client()
    start = other.get(reverse("sso_start"))
    _, query = provider.sign_in(start.url, Person(subject="oid-8", username="x@council.example", groups=[ADMIN_GROUP]))
    response = client.get(reverse("sso_callback"), query)
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert provider.token_requests == 0


def test_the_provider_being_down_is_said_plainly(client: Client, provider: IdentityProvider) -> None:
    provider.stop()
    response = client.get(reverse("sso_start"))
    assert response.status_code == 502
    assert "sign-in service. Try again in a few minutes." in response.content.decode()


def test_with_local_passwords_off_a_password_gets_nobody_in(
    client: Client, provider: IdentityProvider, lead_officer: User, settings: Any
) -> None:
    settings.PUTRIGHT_LOCAL_PASSWORDS = False
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page and "Sign in with your council account" in page

    for url in (reverse("login"), reverse("admin:login")):
        refused = client.post(url, {"username": lead_officer.username, "password": PASSWORD})
        assert refused.status_code == 403 and "Passwords are switched off here" in refused.content.decode()
        assert "_auth_user_id" not in client.session
    assert client.get(reverse("password_reset")).status_code == 404
    assert client.get(reverse("password_change")).status_code == 404  # closed, before any asking to sign in

    person = Person(subject="oid-9", username=lead_officer.username, groups=[COMPLAINTS_GROUP])
    assert council_sign_in(client, provider, person).status_code == 302
    assert client.get(reverse("cases:my_cases")).status_code == 200


def test_a_role_map_naming_no_putright_role_is_a_settings_mistake(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from putright.portal.sso import role_map

    settings.PUTRIGHT_OIDC_ROLE_MAP = "abc=superuser"
    with pytest.raises(ImproperlyConfigured, match="'abc=superuser' must be <group or role>=<one of"):
        role_map()
