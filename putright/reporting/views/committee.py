"""The quarterly committee pack: a page, a PDF and a spreadsheet of the same figures (the CSV is in figures.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from putright.cases.choices import Outcome
from putright.core.views import SignedInRequest
from putright.organisation.selectors import current_organisation
from putright.reporting.exports import committee_file_stem, committee_xlsx, render_pdf
from putright.reporting.views._access import figures_view, filtered_report, report_to_download

PACK_FIELDS = ("year", "quarter", "directorate")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@figures_view
def committee(request: SignedInRequest) -> HttpResponse:
    form, report = filtered_report(request)
    return render(
        request,
        "reporting/committee.html",
        {
            "form": form,
            "fields": [form[name] for name in PACK_FIELDS],
            "report": report,
            "outcomes": Outcome.choices,
            "querystring": form.shown_querystring(),
        },
    )


@figures_view
def committee_pdf(request: SignedInRequest) -> HttpResponse:
    report = report_to_download(request)
    if isinstance(report, HttpResponse):
        return report
    context = {"report": report, "outcomes": Outcome.choices, "organisation": current_organisation()}
    response = HttpResponse(render_pdf("reporting/committee_print.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{committee_file_stem(report)}.pdf"'
    return response


@figures_view
def committee_spreadsheet(request: SignedInRequest) -> HttpResponse:
    report = report_to_download(request)
    if isinstance(report, HttpResponse):
        return report
    response = HttpResponse(committee_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{committee_file_stem(report)}.xlsx"'
    return response
