"""Report pages: the dashboard, the Tenant Satisfaction Measures and the committee CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.choices import Outcome
from putright.cases.views._common import staff_view
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.reporting import queries
from putright.reporting.committee import CommitteeReport, committee_report, csv_rows
from putright.reporting.forms import ReportFilterForm
from putright.reporting.periods import financial_year, financial_year_of
from putright.reporting.selectors import report_settings_for

# Who reads the figures: the complaints team, managers and administrators (DOMAIN.md §1.10).
REPORT_ROLES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})


def report_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff in a reporting role; anyone else gets the same 404 as a missing page."""

    @staff_view
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if user.role not in REPORT_ROLES:
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def _report(request: HttpRequest) -> tuple[ReportFilterForm, CommitteeReport]:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    form = ReportFilterForm(request.GET or None, today=today)
    organisation = current_organisation()
    report = committee_report(
        cases_visible_to(user),
        form.period(),
        organisation=organisation,
        settings=report_settings_for(organisation),
        today=today,
        filters=form.filters(),
    )
    return form, report


@report_view
def dashboard(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "report": report,
            "outcomes": Outcome.choices,
            "querystring": request.GET.urlencode(),
        },
    )


@report_view
def committee_csv(request: HttpRequest) -> HttpResponse:
    _form, report = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"complaints-{report.period.start:%Y-%m-%d}-to-{report.period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["Section", "Measure", "Breakdown", "Value"])
    for row in csv_rows(report):
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


def _safe_cell(value: object) -> object:
    """Stop a name such as "=SUM(...)" running as a formula when the file is opened in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


@report_view
def tsm(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = financial_year_of(today)
    year = min(max(year, 2020), financial_year_of(today))
    period = financial_year(year)
    organisation = current_organisation()
    settings = report_settings_for(organisation)
    cases = cases_visible_to(user)
    return render(
        request,
        "reporting/tsm.html",
        {
            "period": period,
            "year": year,
            "years": [(y, financial_year(y).label) for y in range(financial_year_of(today), 2019, -1)],
            "organisation": organisation,
            "settings": settings,
            "ch01": queries.tsm_ch01(cases, period, organisation.homes_count),
            "ch02": queries.tsm_ch02(cases, period, settings.extensions_count_as_within_timescale),
        },
    )
