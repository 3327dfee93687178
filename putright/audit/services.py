"""Writing the access log: one function every app calls, so each entry says who, what, when, from where and whether
it was allowed."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

from putright.audit.models import AccessLogEntry
from putright.core.commits import without_waiting_for_disk

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
    """Log one read (or refused attempt) of personal data.

    Written before the page shows anything, but its commit does not wait for the disk (`core.commits`): a read is
    logged by every page that shows personal data, and on PostgreSQL waiting would cost each of them a disk write
    (4 ms on the benchmark machine's disk, a quarter of the case page). A crash of the database server can take back
    the entries of its last fraction of a second, and nothing else. Inside a change's transaction the entry commits
    (and waits) with the change."""
    with without_waiting_for_disk():
        return AccessLogEntry.objects.create(
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
