"""Writing the access log: one function every app calls, so each entry says who, what, when, from where and whether
it was allowed."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from putright.audit.models import AccessLogEntry
from putright.core.inserts import insert

# The address of the request being served (set by `context.AccessContextMiddleware`); empty outside a request.
current_address: ContextVar[str] = ContextVar("access_log_address", default="")


# Control characters (a NUL byte in a search, say) are no part of what anyone looked at; PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str, length: int) -> str:
    return CONTROL_CHARACTERS.sub("", text)[:length]


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
    """Log one read (or refused attempt) of personal data: on every case page and queue, so written by an INSERT
    built once per process (`core.inserts`)."""
    return insert(
        AccessLogEntry(
            user=user if getattr(user, "pk", None) else None,
            api_key=api_key,
            object_type=_clean(object_type, 40),
            object_reference=_clean(reference, 200),
            action=_clean(action, 20),
            customer_id=customer_id,
            ip_address=current_address.get()[:64],
            allowed=allowed,
            detail=_clean(detail, 200),
        )
    )
