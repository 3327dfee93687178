"""Report pages: the dashboard and the committee CSV (the Tenant Satisfaction Measures are in views/tsm.py)."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.choices import Outcome
from putright.cases.outstanding import remedy_figures
from putright.core.spreadsheet import safe_cell
from putright.core.views import SignedInRequest, signed_in_user
from putright.ombudsman import selectors as ombudsman
from putright.reporting.committee import csv_rows
from putright.reporting.selectors import cases_reported_to, may_read_statutory_reports
from putright.reporting.views._access import figures_view, filtered_report


@figures_view
def dashboard(request: SignedInRequest) -> HttpResponse:
    form, report = filtered_report(request)
    cases = cases_reported_to(signed_in_user(request))
    today = timezone.localdate()
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "report": report,
            "outcomes": Outcome.choices,
            "querystring": request.GET.urlencode(),
            "may_read_statutory": may_read_statutory_reports(signed_in_user(request)),
            # Remedies as they stand today, whatever the period: the Code expects each to be carried out (7.3). Those
            # in responses and those an ombudsman ordered, as the outstanding remedies page lists them.
            "remedies": remedy_figures(cases, today) + ombudsman.remedy_figures(cases, today),
        },
    )


@figures_view
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
