"""Staff single sign-on with the council's identity provider, by OpenID Connect (Authlib does the protocol).

The provider's discovery document gives its endpoints and keys; the ID token's signature, issuer, audience, expiry
and nonce are checked by Authlib. What is ours: which PutRight account the person is, and which role their groups
(or app roles) give them, from PUTRIGHT_OIDC_ROLE_MAP. Someone in none of the mapped groups is refused, and the role
is set again at every sign-in, so a change of group at the council takes effect the next time they sign in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from putright.organisation.choices import STAFF_ROLES, Role
from putright.organisation.models import SingleSignOnIdentity, User

if TYPE_CHECKING:
    from authlib.integrations.django_client import DjangoOAuth2App


class SignInRefused(Exception):
    """The identity provider vouched for someone PutRight does not let in; the message says why, for them."""


def configured() -> bool:
    return bool(settings.PUTRIGHT_OIDC_DISCOVERY_URL and settings.PUTRIGHT_OIDC_CLIENT_ID)


def role_map() -> list[tuple[str, Role]]:
    """PUTRIGHT_OIDC_ROLE_MAP as (group or app role, PutRight role) pairs, in the order given."""
    pairs: list[tuple[str, Role]] = []
    for item in str(settings.PUTRIGHT_OIDC_ROLE_MAP).split(","):
        if not item.strip():
            continue
        group, sep, role = item.partition("=")
        if not sep or role.strip() not in STAFF_ROLES:
            allowed = ", ".join(sorted(STAFF_ROLES))
            raise ImproperlyConfigured(
                f"PUTRIGHT_OIDC_ROLE_MAP: {item.strip()!r} must be <group or role>=<one of {allowed}>."
            )
        pairs.append((group.strip(), Role(role.strip())))
    return pairs


def role_for(claims: dict[str, Any]) -> Role | None:
    """The PutRight role the person's groups give them: the first pair in the map that matches, or None."""
    value = claims.get(settings.PUTRIGHT_OIDC_ROLES_CLAIM) or []
    held = {value} if isinstance(value, str) else {str(item) for item in value}
    for group, role in role_map():
        if group in held:
            return role
    return None


def client() -> DjangoOAuth2App:
    """The identity provider's client, made from the settings (its discovery document is read when first needed)."""
    # Imported here: Authlib (with requests and cryptography) would otherwise sit in every web worker from start-up.
    from authlib.integrations.django_client import OAuth

    oauth = OAuth()
    return oauth.register(
        name="council",
        client_id=settings.PUTRIGHT_OIDC_CLIENT_ID,
        client_secret=settings.PUTRIGHT_OIDC_CLIENT_SECRET,
        server_metadata_url=settings.PUTRIGHT_OIDC_DISCOVERY_URL,
        client_kwargs={"scope": settings.PUTRIGHT_OIDC_SCOPES, "timeout": settings.PUTRIGHT_OIDC_TIMEOUT},
    )


@dataclass(frozen=True)
class Claims:
    issuer: str
    subject: str
    username: str
    email: str
    first_name: str
    last_name: str
    role: Role


def read_claims(userinfo: dict[str, Any]) -> Claims:
    role = role_for(userinfo)
    if role is None:
        raise SignInRefused(
            "Your council account is not in a group that may use PutRight. Ask your PutRight administrator to add "
            "you to the right group."
        )
    username = str(userinfo.get(settings.PUTRIGHT_OIDC_USERNAME_CLAIM) or userinfo.get("email") or "").strip()
    if not username or len(username) > 150:
        raise SignInRefused("Your council account did not give PutRight a username. Ask your PutRight administrator.")
    return Claims(
        issuer=str(userinfo["iss"]),
        subject=str(userinfo["sub"]),
        username=username,
        email=str(userinfo.get("email") or (username if "@" in username else "")),
        first_name=str(userinfo.get("given_name") or "")[:150],
        last_name=str(userinfo.get("family_name") or "")[:150],
        role=role,
    )


@transaction.atomic
def account_for(claims: Claims) -> User:
    """The PutRight account for this person: the one linked to their identity before, else the account with their
    username (made by an administrator before single sign-on, now linked), else a new one. Its role follows
    their groups; it never gets a usable password from here."""
    identity = (
        SingleSignOnIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is not None:
        user = identity.user
    else:
        user = User.objects.filter(username=claims.username).first() or User(username=claims.username)
        if user.pk is None:
            user.set_unusable_password()
    if user.pk is not None and not user.is_active:
        raise SignInRefused("Your PutRight account has been closed. Ask your PutRight administrator.")
    user.role = claims.role
    # Administrators configure PutRight in the Django admin; the role follows the groups, so does the admin.
    user.is_staff = user.is_superuser = claims.role == Role.ADMINISTRATOR
    user.email = claims.email or user.email
    user.first_name = claims.first_name or user.first_name
    user.last_name = claims.last_name or user.last_name
    user.save()
    if identity is None:
        SingleSignOnIdentity.objects.create(user=user, issuer=claims.issuer, subject=claims.subject)
    else:
        identity.save(update_fields=["last_signed_in"])
    return user
