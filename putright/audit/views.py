"""The access log for the information-governance lead: who looked at a case or a person, what a member of staff
looked at, who was refused; on a page and as a CSV download. Reading the log is itself logged."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from putright.audit.forms import AccessLogForm
from putright.audit.governance import information_governance_view
from putright.audit.models import AccessLogEntry
from putright.audit.selectors import LogFilter, log_entries
from putright.audit.services import record_access
from putright.core.spreadsheet import safe_cell
from putright.core.views import SignedInRequest
from putright.people.models import Customer
from putright.people.selectors import find_customers

PAGE_SIZE = 100
CSV_LIMIT = 100_000


def _filter(request: SignedInRequest) -> tuple[AccessLogForm, LogFilter | None, list[Customer]]:
    """The form, the filter it gives (None while it has errors or names several people), and the people a name
    matched when it matched more than one."""
    form = AccessLogForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None, []
    data = form.cleaned_data if request.GET else {}
    customer_id = None
    matches: list[Customer] = []
    if request.GET.get("customer", "").isdigit():
        customer_id = int(request.GET["customer"])
    elif data.get("person"):
        matches = list(find_customers(data["person"])[:50])
        if len(matches) == 1:
            customer_id = matches[0].pk
            matches = []
        elif not matches:
            form.add_error("person", "Nobody on record matches that name, email address, phone number or postcode")
            return form, None, []
        else:
            return form, None, matches
    wanted = LogFilter(
        case_reference=data.get("case") or "",
        customer_id=customer_id,
        username=data.get("username") or "",
        since=data.get("since"),
        until=data.get("until"),
        refused_only=bool(data.get("refused")),
    )
    return form, wanted, []


def _note_reading(request: SignedInRequest, what: str) -> None:
    record_access(user=request.user, object_type="access_log", reference=request.get_full_path(), action=what)


@information_governance_view("access_log")
@require_GET
def access_log(request: SignedInRequest) -> HttpResponse:
    form, wanted, matches = _filter(request)
    page = None
    customer = None
    if wanted is not None:
        _note_reading(request, "view")
        page = Paginator(log_entries(wanted), PAGE_SIZE).get_page(request.GET.get("page"))
        if wanted.customer_id is not None:
            customer = Customer.objects.filter(pk=wanted.customer_id).first()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "matches": matches, "customer": customer, "query": query.urlencode()},
    )


def _rows(entries: Iterator[AccessLogEntry]) -> Iterator[list[str]]:
    yield ["when", "who", "from", "what", "which", "whose", "action", "allowed", "detail"]
    for entry in entries:
        who = entry.user.username if entry.user else (f"API key {entry.api_key.name}" if entry.api_key else "")
        whose = entry.customer.full_name if entry.customer else ""
        yield [
            entry.occurred_at.isoformat(),
            who,
            entry.ip_address,
            entry.object_type,
            entry.object_reference,
            whose,
            entry.action,
            "yes" if entry.allowed else "refused",
            entry.detail,
        ]


@information_governance_view("access_log")
@require_GET
def access_log_csv(request: SignedInRequest) -> HttpResponse:
    _form, wanted, _matches = _filter(request)
    if wanted is None:
        return HttpResponse("Correct the filters on the access log page first.", status=400, content_type="text/plain")
    _note_reading(request, "export")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # Names and searches come from outside: none may run as a formula when the file is opened in a spreadsheet.
    rows = _rows(log_entries(wanted)[:CSV_LIMIT].iterator(chunk_size=2000))
    csv.writer(response).writerows([safe_cell(cell) for cell in row] for row in rows)
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    response["Cache-Control"] = "no-store, private"
    return response
