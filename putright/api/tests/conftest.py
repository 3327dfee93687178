"""Keys for the API tests: a reader of every unrestricted case, a writer, a social-care system."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from putright.api.choices import Scope
from putright.api.keys import NewKey, create_api_key
from putright.organisation.models import ServiceArea


class KeyClient(Client):
    """A test client that sends an API key with every request, as another system would."""

    def __init__(self, token: str, **defaults: Any) -> None:
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {token}", **defaults)


@pytest.fixture
def make_key(organisation: Any) -> Callable[..., NewKey]:
    def make(
        *,
        name: str = "Contact centre CRM",
        scope: Scope = Scope.READ,
        services: tuple[ServiceArea, ...] = (),
        **extra: Any,
    ) -> NewKey:
        return create_api_key(name=name, scope=scope, actor=None, services=services, **extra)

    return make


@pytest.fixture
def reader(make_key: Callable[..., NewKey]) -> KeyClient:
    return KeyClient(make_key().token)


@pytest.fixture
def writer(make_key: Callable[..., NewKey]) -> KeyClient:
    return KeyClient(make_key(name="Housing system", scope=Scope.WRITE).token)
