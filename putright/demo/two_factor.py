"""The demo's two-factor sign-ins: everyone who must use an authenticator app (the administrator and the social care
staff) has one already, all with the same published key, so the demo can be tried without setting one up.

Only for the demo: a real council's staff each set up their own app (a key nobody else knows) at first sign-in.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.organisation.models import User
from putright.portal.two_factor import APP_DEVICE_NAME

DEMO_KEY = "PUTRIGHTDEMOPUTRIGHTDEMOPUTRIGHT"  # base32, as an authenticator app asks for it


def demo_key_for_typing() -> str:
    return " ".join(DEMO_KEY[i : i + 4] for i in range(0, len(DEMO_KEY), 4))


def give_demo_authenticators(users: Iterable[User]) -> int:
    """An authenticator with the demo key for each demo user who must have one; how many."""
    key_hex = base64.b32decode(DEMO_KEY).hex()
    given = 0
    for user in users:
        if not user.needs_second_factor:
            continue
        TOTPDevice.objects.filter(user=user).exclude(name=APP_DEVICE_NAME).delete()
        TOTPDevice.objects.update_or_create(
            user=user, name=APP_DEVICE_NAME, defaults={"key": key_hex, "confirmed": True}
        )
        given += 1
    return given


def demo_code(steps_ahead: int = 0) -> str:
    """The code an authenticator app with the demo key shows now."""
    return f"{totp(base64.b32decode(DEMO_KEY), drift=steps_ahead):06d}"


def demo_two_factor_usernames() -> list[str]:
    return sorted(
        TOTPDevice.objects.filter(key=base64.b32decode(DEMO_KEY).hex()).values_list("user__username", flat=True)
    )
