"""Who is calling: a system with an API key, sent as `Authorization: Bearer <key>` (or `X-Api-Key: <key>`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from putright.api.keys import key_for_token
from putright.api.models import APIKey

if TYPE_CHECKING:  # rest_framework.views imports this module through the settings
    from rest_framework.views import APIView


class SystemUser:
    """Stands in for request.user: the caller is a system, not a person, so it has no staff rights at all."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, key: APIKey) -> None:
        self.key = key

    def __str__(self) -> str:
        return f"API key {self.key.prefix}"


def token_from(request: Request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.META.get("HTTP_X_API_KEY") or None


class APIKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[SystemUser, APIKey] | None:
        token = token_from(request)
        if token is None:
            return None
        key = key_for_token(token)
        if key is None:
            raise exceptions.AuthenticationFailed("The API key is not recognised, or has been revoked")
        return SystemUser(key), key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


def key_of(request: Request) -> APIKey:
    """The calling system's key (the permission below has made sure there is one)."""
    key = request.auth
    if not isinstance(key, APIKey):
        raise exceptions.NotAuthenticated()
    return key


class HasAPIKey(BasePermission):
    """A live key for every call; a key scoped to writing for anything that changes data."""

    message = "This API key may only read: ask an administrator for a key with the write scope"

    def has_permission(self, request: Request, view: APIView) -> bool:
        key = request.auth
        if not isinstance(key, APIKey):
            raise exceptions.NotAuthenticated("Send an API key: Authorization: Bearer <key>")
        return request.method in SAFE_METHODS or key.can_write


class KeyRateThrottle(SimpleRateThrottle):
    """So many calls a minute per key (API_RATE_LIMIT), counted in Django's cache."""

    scope = "api_key"

    def get_rate(self) -> str:
        return str(settings.PUTRIGHT_API_RATE_LIMIT)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        key = request.auth
        return f"api-throttle:{key.pk}" if isinstance(key, APIKey) else None
