"""What the case views share: paging. The staff check and rule errors on forms live in `putright.core.views`."""

from __future__ import annotations

from django.http import HttpRequest

# Kept importable from here for code written before they moved to core.
from putright.core.views import add_rule_error, staff_view

__all__ = ["add_rule_error", "page_number", "querystring_without_page", "staff_view"]


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


# Past this, a page number is a made-up one: the database is not asked to skip more rows than a 64-bit offset holds.
MAX_PAGE = 100_000


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > len(str(MAX_PAGE)):
        return 1
    return min(max(int(raw), 1), MAX_PAGE)
