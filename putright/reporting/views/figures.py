"""Report pages: the dashboard and the committee CSV (the Tenant Satisfaction Measures are in views/tsm.py)."""

from __future__ import annotations

import csv
from dataclasses import replace

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.choices import Outcome
from putright.core.spreadsheet import safe_cell
from putright.core.views import SignedInRequest, signed_in_user
from putright.organisation.selectors import current_organisation
from putright.reporting.committee import csv_rows
from putright.reporting.selectors import may_read_statutory_reports, report_settings_for
from putright.reporting.snapshots import dashboard_figures
from putright.reporting.views._access import figures_view, report_filter_form, report_to_download


@figures_view
def dashboard(request: SignedInRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    form = report_filter_form(request, today)
    organisation = current_organisation()
    # The committee figures and the remedies as they stand today (whatever the period), kept together.
    figures, remedies = dashboard_figures(
        user,
        form.period(),
        form.filters(),
        today=today,
        organisation=organisation,
        report_settings=report_settings_for(organisation),
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "report": replace(figures.report, worked_out_at=figures.computed_at),
            "outcomes": Outcome.choices,
            "querystring": form.shown_querystring(),
            "may_read_statutory": may_read_statutory_reports(user),
            "remedies": remedies,
        },
    )


@figures_view
def committee_csv(request: SignedInRequest) -> HttpResponse:
    report = report_to_download(request)
    if isinstance(report, HttpResponse):
        return report
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"complaints-{report.period.start:%Y-%m-%d}-to-{report.period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["Section", "Measure", "Breakdown", "Value"])
    for row in csv_rows(report):
        writer.writerow([safe_cell(cell) for cell in row])
    return response
