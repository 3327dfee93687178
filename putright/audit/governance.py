"""Pages only the information-governance lead may open: the access log, legal holds and retention, and information
rights requests. Anyone else on the staff side gets the same 404 as for a page that does not exist, and the attempt
is written to the access log as refused, so the lead can see who tried."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from putright.audit.services import record_access
from putright.core.views import View, role_view
from putright.organisation.models import User


def information_governance_view(what: str) -> Callable[[View], View]:
    """Decorate a view of `what` (the access log's "What" column: "access_log", "records")."""

    def log_refusal(request: HttpRequest, user: User) -> None:
        record_access(
            user=user,
            object_type=what,
            reference=request.get_full_path(),
            action="view" if request.method in ("GET", "HEAD") else "act",
            allowed=False,
        )

    return role_view(lambda user: user.reads_access_log, on_refusal=log_refusal)
