"""Report pages: the dashboard, the Tenant Satisfaction Measures and the committee CSV."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.choices import Outcome
from putright.cases.outstanding import remedy_figures
from putright.core.periods import financial_year, financial_year_of
from putright.core.views import SignedInRequest, signed_in_user
from putright.organisation.selectors import current_organisation
from putright.reporting import queries
from putright.reporting.committee import csv_rows
from putright.reporting.exports import safe_cell
from putright.reporting.selectors import may_read_statutory_reports, report_settings_for
from putright.reporting.views._access import filtered_report, report_view


@report_view
def dashboard(request: SignedInRequest) -> HttpResponse:
    form, report = filtered_report(request)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "report": report,
            "outcomes": Outcome.choices,
            "querystring": request.GET.urlencode(),
            "may_read_statutory": may_read_statutory_reports(signed_in_user(request)),
            # Remedies as they stand today, whatever the period: the Code expects each to be carried out (7.3).
            "remedies": remedy_figures(cases_visible_to(signed_in_user(request)), timezone.localdate()),
        },
    )


@report_view
def committee_csv(request: SignedInRequest) -> HttpResponse:
    _form, report = filtered_report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"complaints-{report.period.start:%Y-%m-%d}-to-{report.period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["Section", "Measure", "Breakdown", "Value"])
    for row in csv_rows(report):
        writer.writerow([safe_cell(cell) for cell in row])
    return response


@report_view
def tsm(request: SignedInRequest) -> HttpResponse:
    user = request.user
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
