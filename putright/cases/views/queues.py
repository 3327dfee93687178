"""Queues and search: what is slipping, sorted by what is due next."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.access import cases_visible_to, contacts_visible_to
from putright.cases.forms import QueueFilterForm
from putright.cases.queue_filters import filter_options, filters_asked_for
from putright.cases.search import find_cases
from putright.cases.selectors import (
    Rag,
    due_soon_limit,
    for_search_rows,
    paginate,
    queue_page,
    rag_for,
)
from putright.cases.views._common import page_number, querystring_without_page
from putright.core.views import SignedInRequest, staff_view, whole_queue_view

SCOPE_TITLES = {"mine": "My cases", "team": "My team's cases", "all": "All cases"}


@staff_view
def case_queue(request: SignedInRequest, scope: str = "mine") -> HttpResponse:
    """My cases or my team's cases (`scope`): every member of staff's."""
    return _case_queue(request, scope)


@whole_queue_view
def all_cases(request: SignedInRequest) -> HttpResponse:
    """Every case the user may see: the complaints team's, managers' and administrators', the only ones the staff menu
    offers it to. Anyone else typing its address is refused as on every page not theirs, not shown an empty list."""
    return _case_queue(request, "all")


def _case_queue(request: SignedInRequest, scope: str) -> HttpResponse:
    user = request.user
    options = filter_options(user)
    chosen = filters_asked_for(request.GET, scope=scope, options=options)
    filters = chosen.filters
    today = timezone.localdate()
    soon = due_soon_limit(today)
    page = queue_page(user, filters, today, page_number(request), settings.PUTRIGHT_PAGE_SIZE)
    rows = [(case, rag_for(case.next_due_date, today, soon)) for case in page.rows]
    return render(
        request,
        "cases/queue.html",
        {
            "title": SCOPE_TITLES.get(scope, "Cases"),
            "scope": scope,
            "rows": rows,
            "page_obj": page,
            "filter_form": QueueFilterForm(options=options, shown=chosen.shown),
            # At the top of the page, in one banner however many filters were not applied.
            "filter_notices": chosen.notices,
            "rag_labels": Rag.LABELS,
            "querystring_without_page": querystring_without_page(request),
            "today": today,
            "can_see_all": user.sees_whole_queue,
        },
    )


@staff_view
def search(request: SignedInRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()
    page = None
    if query:
        page = paginate(
            for_search_rows(find_cases(cases_visible_to(user), query)),
            page_number(request),
            settings.PUTRIGHT_PAGE_SIZE,
        )
    return render(
        request,
        "cases/search.html",
        {
            "query": query,
            "page_obj": page,
            "querystring_without_page": querystring_without_page(request),
        },
    )


@whole_queue_view
def contact_queue(request: SignedInRequest) -> HttpResponse:
    """The contacts to triage: the central complaints team's (with managers and administrators), as the staff menu
    offers it; refused to anyone else, as `all_cases` is."""
    user = request.user
    contacts = contacts_visible_to(user).filter(triaged_at__isnull=True).select_related("customer")
    page = paginate(contacts.order_by("received_at", "pk"), page_number(request), settings.PUTRIGHT_PAGE_SIZE)
    return render(
        request,
        "cases/contact_queue.html",
        {
            "page_obj": page,
            "querystring_without_page": querystring_without_page(request),
        },
    )
