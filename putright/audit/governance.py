"""Pages only the information-governance lead may open: the access log, legal holds and retention, and information
rights requests. Anyone else on the staff side gets the same 404 as for a page that does not exist, and the attempt
is written to the access log as refused, so the lead can see who tried."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from putright.audit.services import record_access
from putright.core.views import View, signed_in_user, staff_view


def information_governance_view(what: str) -> Callable[[View], View]:
    """Decorate a view of `what` (the access log's "What" column: "access_log", "records")."""

    def decorate(view: View) -> View:
        @staff_view
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = signed_in_user(request)
            if not user.reads_access_log:
                reading = request.method in ("GET", "HEAD")
                record_access(
                    user=user,
                    object_type=what,
                    reference=request.get_full_path(),
                    action="view" if reading else "act",
                    allowed=False,
                )
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
