"""Staff pages are in English, whatever language a resident chose on the public pages of the same browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation

# The public side (forms, customer account, councillor pages, published reports) is translated; the rest is staff.
PUBLIC_NAMESPACES = frozenset({"portal", "publications"})


class StaffPagesInEnglish:
    """After LocaleMiddleware: once the URL is resolved, switch any page outside the portal back to English.

    Staff screens are written in English only; a Welsh cookie left by the public pages
    would otherwise give them a Welsh `lang` attribute and half-Welsh chrome (skip link, error prefix, footer).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if match is not None and PUBLIC_NAMESPACES.intersection(match.namespaces):
            return
        translation.activate("en")
        request.LANGUAGE_CODE = "en"
