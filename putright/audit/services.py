"""Writing the access log: one function every app calls, so each entry says who, what, when, from where and whether
it was allowed."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from putright.audit.models import AccessLogEntry

# The address of the request being served (set by `context.AccessContextMiddleware`); empty outside a request.
current_address: ContextVar[str] = ContextVar("access_log_address", default="")


def record_access(
    *,
    object_type: str,
    reference: str,
    action: str = "view",
    user: Any = None,
    api_key: Any = None,
    customer_id: int | None = None,
    allowed: bool = True,
    detail: str = "",
) -> AccessLogEntry:
    """Log one read (or refused attempt) of personal data."""
    return AccessLogEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        api_key=api_key,
        object_type=object_type[:40],
        object_reference=reference[:200],
        action=action[:20],
        customer_id=customer_id,
        ip_address=current_address.get()[:64],
        allowed=allowed,
        detail=detail[:200],
    )
