"""Response headers Django does not set itself, and a size limit on request bodies checked before they are read."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
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
    without a length (chunked) is read no further than DATA_UPLOAD_MAX_MEMORY_SIZE allows for form fields.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
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
