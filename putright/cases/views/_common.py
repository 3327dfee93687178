"""What the case views share: paging. The staff check and rule errors on forms live in `putright.core.views`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.selectors import Rag, due_soon_limit, paginate, rag_for

# Kept importable from here for code written before they moved to core.
from putright.core.views import add_rule_error, staff_view

__all__ = ["add_rule_error", "due_list", "page_number", "querystring_without_page", "staff_view"]


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


def due_list(
    request: HttpRequest,
    template: str,
    rows: QuerySet[Any],
    *,
    for_rows: Callable[[list[Any]], dict[str, Any]] | None = None,
    **context: Any,
) -> HttpResponse:
    """A page of things with due dates (customer requests, contributions, remedies), soonest first, each marked
    overdue, due soon or on track like the case queues. `for_rows` adds what the page's rows need, read for them
    all at once."""
    today = timezone.localdate()
    soon = due_soon_limit(today)
    page = paginate(rows, page_number(request), settings.PUTRIGHT_PAGE_SIZE)
    if for_rows is not None:
        context.update(for_rows(list(page.rows)))
    return render(
        request,
        template,
        {
            "rows": [(item, rag_for(item.due_date, today, soon)) for item in page.rows],
            "page_obj": page,
            "rag_labels": Rag.LABELS,
            "querystring_without_page": querystring_without_page(request),
            **context,
        },
    )
