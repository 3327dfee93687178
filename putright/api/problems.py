"""Errors as problem details (RFC 9457, `application/problem+json`), with each bad field named and why."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from putright.core.errors import TransitionError

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: "Your request has a problem",
    401: "An API key is needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Changed by someone else",
    415: "Unsupported media type",
    429: "Too many requests",
}


def flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict as a flat list: {"field": "customer.email", "reason": "Enter a valid email address."}"""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = prefix if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
            errors += flatten(value, name)
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            # A list of messages belongs to the field; a list of objects is numbered.
            name = f"{prefix}[{index}]" if isinstance(value, dict | list) else prefix
            errors += flatten(value, name)
        return errors
    return [{"field": prefix, "reason": str(detail)}]


def problem(status_code: int, detail: str, errors: list[dict[str, str]] | None = None, **headers: str) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, content_type=PROBLEM_TYPE, headers=headers or None)
    return response


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionError):
        errors = [{"field": exc.field or "", "reason": exc.message}]
        return problem(status.HTTP_400_BAD_REQUEST, exc.message, errors)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500 handling
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        first = errors[0] if errors else {"field": "", "reason": "The request is not valid"}
        summary = f"{first['field']}: {first['reason']}" if first["field"] else first["reason"]
        if len(errors) > 1:
            summary += f" (and {len(errors) - 1} more)"
        return problem(response.status_code, summary, errors)
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    text = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
    headers = {name: value for name, value in response.headers.items() if name in ("WWW-Authenticate", "Retry-After")}
    return problem(response.status_code, text, None, **headers)
