"""Two-factor authentication for staff who sign in with a password (django-otp does the codes).

After the password, someone with an authenticator app set up is asked for its code (or one of their recovery
codes); an administrator, or anyone who may see restricted cases, without one is sent to set one up first. Until
then the session reaches only those pages and "Sign out": `SecondStepMiddleware` sends every other request (staff
pages, the Django admin, the councillors' pages) back to them. Signing in through the council's identity provider
counts as both steps: that provider asks for its own second factor.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from putright.core.prepared import PreparedRead
from putright.organisation.models import Team, User

# The session records how the second step was done: "code" (an authenticator app), "recovery code", or
# "identity provider" (single sign-on). Signing in again, or out, starts without it.
SECOND_STEP = "putright_second_step"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Recovery codes just made, shown once on the next page and then forgotten.
NEW_RECOVERY_CODES = "putright_new_recovery_codes"


def second_step_done(request: HttpRequest) -> bool:
    return bool(request.session.get(SECOND_STEP))


def mark_second_step_done(request: HttpRequest, how: str) -> None:
    request.session[SECOND_STEP] = how


def has_authenticator(user: Any) -> bool:
    return _authenticators(user).exists()


def _authenticators(user: Any) -> QuerySet[TOTPDevice]:
    """The user's (or user id's) confirmed authenticator apps."""
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def second_step_for(user: Any) -> str | None:
    """What a user signed in with a password must still do: "code", "set up", or None (nothing)."""
    if _has_authenticator_reading_team(user):
        return "code"
    if getattr(user, "needs_second_factor", False):
        return "set up"
    return None


# The user's team with its service, and whether the user has an authenticator app: read on every request until the
# second step is done, so prepared (core/prepared.py).
_team_with_authenticator = PreparedRead(
    lambda team_id, user_id: (
        Team.objects.filter(pk=team_id)
        .select_related("service_area")
        .annotate(member_has_authenticator=Exists(_authenticators(user_id)))
        .order_by()[:1]
    ),
    int,
    int,
)


def _has_authenticator_reading_team(user: Any) -> bool:
    """Whether the user has an authenticator app set up, asked (on every request until the second step is done) in
    the same query that reads their team and its service for `User.needs_second_factor`: both read as they are now,
    so an app set up, or a team or service changed, since signing in counts at once."""
    if not isinstance(user, User) or user.team_id is None or User.team.is_cached(user):
        return has_authenticator(user)
    team = next(iter(_team_with_authenticator(user.team_id, user.pk)), None)
    if team is None:
        return has_authenticator(user)
    user.team = team
    return bool(team.member_has_authenticator)


@transaction.atomic
def check_code(request: HttpRequest, code: str) -> str | None:
    """Check a code from the user's authenticator app or one of their recovery codes; on success record it in the
    session and say which it was. A recovery code works once; wrong codes slow further tries (django-otp)."""
    token = "".join(code.split()).lower()
    if not token:
        return None
    for device in devices_for_user(request.user, confirmed=True, for_verify=True):
        if isinstance(device, TOTPDevice) and not token.isdigit():
            continue
        if device.verify_token(token):
            otp_login(request, device)
            how = "recovery code" if isinstance(device, StaticDevice) else "code"
            mark_second_step_done(request, how)
            return how
    return None


def must_wait(user: Any) -> bool:
    """Wrong codes slow further tries (django-otp doubles the wait each time): is this user waiting now?"""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=None))


def pending_authenticator(user: Any) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed by a code): the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_DEVICE_NAME).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG image in a data: address (no script; the CSP allows data:)."""
    import qrcode  # imported here: only the set-up page draws a QR code
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@transaction.atomic
def confirm_authenticator(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator being set up with a code from it: it replaces any earlier one, new recovery codes
    are made (returned, to show once) and the session counts as having done the second step."""
    token = "".join(code.split())
    if not token.isdigit() or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = make_recovery_codes(device.user)
    otp_login(request, device)
    mark_second_step_done(request, "code")
    return codes


@transaction.atomic
def make_recovery_codes(user: Any) -> list[str]:
    """A fresh set of recovery codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _open_paths() -> frozenset[str]:
    """The pages a session between the password and the second step may open."""
    names = ("two_factor_verify", "two_factor_setup", "two_factor_recovery_codes", "logout")
    return frozenset(reverse(name) for name in names)


class SecondStepMiddleware:
    """Hold a session signed in with a password at the second step until it is done (see the module's docstring).

    Sets `request.second_step_pending` so the staff pages leave out their menu meanwhile.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not second_step_done(request):
            step = second_step_for(user)
            if step is not None:
                request.second_step_pending = True  # type: ignore[attr-defined]
                if request.path_info not in _open_paths() and not request.path_info.startswith(
                    "/" + settings.STATIC_URL.lstrip("/")
                ):
                    target = reverse("two_factor_verify" if step == "code" else "two_factor_setup")
                    return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
