"""Response headers Django does not set itself, and a size limit on request bodies checked before they are read."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# Browser features no PutRight page uses: a page (or anything injected into one) cannot ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def body_limit(request: HttpRequest) -> int:
    """The largest body this request's page accepts: the pages that take files their own, every other page
    PUTRIGHT_MAX_REQUEST_BYTES."""
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return int(settings.PUTRIGHT_MAX_REQUEST_BYTES)
    return int(settings.PUTRIGHT_UPLOAD_LIMITS.get(name, settings.PUTRIGHT_MAX_REQUEST_BYTES))


class RequestSizeLimitMiddleware:
    """A 413 for a body larger than the page accepts, decided from Content-Length before any of it is read.

    Django would otherwise stream a large upload to a temporary file before any form could refuse it. A body sent
    without a length (`Transfer-Encoding: chunked`) gets a 411: Django reads a request's body only as far as its
    Content-Length, so such a body would arrive empty and a customer's answers or files would be lost without a word.
    Browsers always send the length of a form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower() and not request.META.get(
            "CONTENT_LENGTH"
        ):
            return HttpResponse(
                "Send the request with a Content-Length: a body without one is not accepted.",
                status=411,
                content_type="text/plain",
            )
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return HttpResponse("The request's Content-Length is not a number.", status=400, content_type="text/plain")
        limit = body_limit(request) if length else 0
        if length > limit:
            return HttpResponse(
                f"That is too large to send here: the limit is {limit // (1024 * 1024)} MB.",
                status=413,
                content_type="text/plain",
            )
        return self.get_response(request)


SESSION_LAST_SEEN = "staff_last_seen"
# How often the time of a staff member's last request is written to the session (not on every request).
LAST_SEEN_RESOLUTION_SECONDS = 60


def note_sign_in(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """Start the idle clock when someone signs in (connected to `user_logged_in` in CoreConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LAST_SEEN] = int(time.time())


class StaffIdleTimeoutMiddleware:
    """Sign out a signed-in user (staff, councillor) whose last request was more than PUTRIGHT_STAFF_IDLE_MINUTES ago.

    The next page they ask for sends them to sign in again, and comes back to it afterwards.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN)
            if isinstance(last_seen, int) and now - last_seen > int(settings.PUTRIGHT_STAFF_IDLE_MINUTES) * 60:
                logout(request)
                messages.info(request, "You were signed out because you had not used PutRight for a while.")
                return redirect_to_login(request.get_full_path())
            if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)
