"""The access log's view of each request: where it came from, and the pages that list many people's data.

`AccessContextMiddleware` keeps the request's address for every entry written while it is served (so callers need
not pass the request down), and logs each signed-in GET of a queue, search, report or list page, allowed or refused.
Reads of one case or contact are logged where access to it is decided (`cases.access`), with whose data it is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from putright.audit.services import current_address, record_access
from putright.core.net import client_address

# Pages listing many people's data, by URL name (or a whole namespace), and what the log calls them.
LISTING_PAGES = {
    "cases:today": "queue",
    "cases:my_cases": "queue",
    "cases:team_cases": "queue",
    "cases:all_cases": "queue",
    "cases:contacts": "queue",
    "cases:customer_requests": "queue",
    "cases:my_contributions": "queue",
    "cases:outstanding_remedies": "queue",
    "cases:search": "search",
    "ombudsman:list": "queue",
    "learning:list": "queue",
    "reporting:*": "report",
}


def _listing(request: HttpRequest) -> tuple[str, str] | None:
    # The match Django made to choose the view, rather than resolving the path a second time.
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    kind = LISTING_PAGES.get(match.view_name) or LISTING_PAGES.get(f"{match.namespace}:*")
    return (kind, match.view_name) if kind else None


class AccessContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_address.set(client_address(request))
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if request.method == "GET" and user is not None and user.is_authenticated:
                listing = _listing(request)
                if listing is not None:
                    self._log(request, user, listing, response.status_code)
            return response
        finally:
            current_address.reset(token)

    @staticmethod
    def _log(request: HttpRequest, user: object, listing: tuple[str, str], status: int) -> None:
        kind, view_name = listing
        reference = request.GET.get("q", "") if kind == "search" else request.get_full_path()
        record_access(
            user=user, object_type=kind, reference=reference, action="view", allowed=status < 400, detail=view_name
        )
