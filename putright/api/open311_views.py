"""Open311 GeoReport v2 endpoints (/open311/v2/): JSON or XML, as the address's extension asks. Parse, call, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace
from typing import Any
from xml.etree import ElementTree

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from putright.api import open311
from putright.api.auth import KeyRateThrottle
from putright.api.keys import key_for_token
from putright.api.models import APIKey
from putright.audit.services import record_access

FORMATS = ("json", "xml")


def render(
    fmt: str, rows: list[dict[str, Any]] | dict[str, Any], root: str, item: str, status: int = 200
) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(rows, status=status, safe=False)
    top = ElementTree.Element(root)
    for row in rows if isinstance(rows, list) else [rows]:
        element = ElementTree.SubElement(top, item) if isinstance(rows, list) else top
        for name, value in row.items():
            child = ElementTree.SubElement(element, name)
            if isinstance(value, list):
                continue  # an empty list: the element alone (service attributes, none defined)
            if isinstance(value, bool):
                child.text = "true" if value else "false"
            elif value is not None:
                child.text = str(value)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(top, encoding="utf-8")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(
        fmt if fmt in FORMATS else "json", [{"code": status, "description": description}], "errors", "error", status
    )


def key_from(request: HttpRequest) -> APIKey | None:
    token = request.POST.get("api_key") or request.GET.get("api_key") or request.headers.get("X-Api-Key") or ""
    return key_for_token(token) if token else None


def open311_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check the format, read the key, turn refusals into GeoReport errors, and log each call made with a key."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return error("json", 404, f"Format {fmt!r}: use .json or .xml")
        key = key_from(request)
        if key is not None:
            throttle = KeyRateThrottle()
            if not throttle.allow_request(SimpleNamespace(auth=key), None):  # the throttle reads only `auth`
                response = error(fmt, 429, "Too many requests for this api_key: try again later")
                response["Retry-After"] = str(int(throttle.wait() or 1))
                return response
            record_access(api_key=key, object_type="open311", reference=request.path, action=request.method or "")
        try:
            return view(request, *args, fmt=fmt, key=key, **kwargs)
        except open311.Open311Error as refusal:
            return error(fmt, refusal.status, refusal.description)

    return wrapper


def _needs_key(key: APIKey | None) -> APIKey:
    if key is None:
        raise open311.Open311Error(403, "api_key: missing, not recognised or revoked")
    return key


@require_GET
@open311_view
def service_list(request: HttpRequest, fmt: str, key: APIKey | None) -> HttpResponse:
    rows = [open311.service_row(service) for service in open311.services_for(key)]
    return render(fmt, rows, "services", "service")


@require_GET
@open311_view
def service_definition(request: HttpRequest, code: str, fmt: str, key: APIKey | None) -> HttpResponse:
    if not open311.services_for(key).filter(slug=code).exists():
        raise open311.Open311Error(404, f"service_code: no service {code!r}")
    return render(fmt, {"service_code": code, "attributes": []}, "service_definition", "")


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311_view
def requests(request: HttpRequest, fmt: str, key: APIKey | None) -> HttpResponse:
    key = _needs_key(key)
    if request.method == "POST":
        params = {name: request.POST.get(name, "") for name in request.POST if not name.startswith("attribute[")}
        attributes = {
            name[len("attribute[") : -1]: request.POST.get(name, "")
            for name in request.POST
            if name.startswith("attribute[") and name.endswith("]")
        }
        received = open311.receive_request(key=key, params=params, attributes=attributes)
        row = {"service_request_id": str(received.pk), "service_notice": "", "account_id": received.account_id}
        return render(fmt, [row], "service_requests", "request", status=201)
    filters = open311.parse_filters(request.GET.dict())
    rows = [open311.request_row(found) for found in open311.requests_for(key, filters)]
    return render(fmt, rows, "service_requests", "request")


@require_GET
@open311_view
def request_detail(request: HttpRequest, request_id: int, fmt: str, key: APIKey | None) -> HttpResponse:
    found = open311.requests_for(_needs_key(key), open311.RequestFilters(ids=[request_id]))
    if not found:
        raise open311.Open311Error(404, f"service_request_id: no request {request_id}")
    return render(fmt, [open311.request_row(found[0])], "service_requests", "request")
