"""Making, checking and revoking API keys. Only a hash of each secret is kept; the key is shown once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from putright.api.choices import Scope
from putright.api.models import APIKey
from putright.organisation.models import ServiceArea, User

# last_used_at is written at most this often per key, so a busy system does not write a row on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class APIKeyError(Exception):
    """A key request that cannot be carried out; the message says why."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewKey:
    key: APIKey
    token: str  # "<prefix>.<secret>": given to the other system once, never stored


def create_api_key(
    *,
    name: str,
    scope: Scope,
    actor: User | None,
    services: Sequence[ServiceArea] = (),
    may_see_restricted: bool = False,
) -> NewKey:
    if not name.strip():
        raise APIKeyError("Enter the name of the system the key is for")
    key = APIKey(name=name.strip(), scope=scope, may_see_restricted=may_see_restricted, created_by=actor)
    token = issue_secret(key)
    with transaction.atomic():
        key.save()
        key.services.set(services)
    return NewKey(key=key, token=token)


def issue_secret(key: APIKey) -> str:
    """Give a new (unsaved) key its prefix and hashed secret; return the token, which is never stored."""
    key.prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key.secret_hash = hash_secret(secret)
    return f"{key.prefix}.{secret}"


def revoke_api_key(*, key: APIKey, now: datetime | None = None) -> APIKey:
    APIKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now or timezone.now())
    key.refresh_from_db()
    return key


def key_for_token(token: str, *, now: datetime | None = None) -> APIKey | None:
    """The live key this token belongs to, or None (unknown prefix, wrong secret, revoked)."""
    prefix, dot, secret = token.strip().partition(".")
    if not dot or not prefix or not secret:
        return None
    key = APIKey.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(secret)):
        return None
    now = now or timezone.now()
    if key.last_used_at is None or key.last_used_at < now - LAST_USED_RESOLUTION:
        APIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
