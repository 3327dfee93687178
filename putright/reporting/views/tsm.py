"""The Tenant Satisfaction Measures' complaint figures by tenure, their export in the shape of the return, and the
year-end housing stock behind CH01 (docs/rules.md, "TSM by tenure")."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from putright.core.errors import RuleError
from putright.core.forms import GovukForm
from putright.core.periods import financial_year
from putright.core.spreadsheet import safe_cell
from putright.core.views import SignedInRequest, add_rule_error, manager_view
from putright.organisation.selectors import current_organisation
from putright.people.choices import Tenure
from putright.reporting import tsm as tsm_figures
from putright.reporting.selectors import report_settings_for
from putright.reporting.stock import set_year_end_stock
from putright.reporting.views._access import (
    chosen_year,
    figures_view,
    page_for_year_offered,
    page_instead_of_download,
    year_choices,
)


def _return_for(request: SignedInRequest) -> tsm_figures.TsmReturn:
    year = chosen_year(request, timezone.localdate())
    settings = report_settings_for(current_organisation())
    return tsm_figures.tsm_return(year, extensions_count=settings.extensions_count_as_within_timescale)


@figures_view
def tsm(request: SignedInRequest) -> HttpResponse:
    figures = _return_for(request)
    organisation = current_organisation()
    return render(
        request,
        "reporting/tsm.html",
        {
            "figures": figures,
            "period": figures.period,
            "year": figures.year,
            "years": [(y, financial_year(y).label) for y in year_choices(timezone.localdate())],
            "organisation": organisation,
            "settings": report_settings_for(organisation),
        },
    )


@figures_view
def tsm_csv(request: SignedInRequest) -> HttpResponse:
    if page := page_instead_of_download(request, timezone.localdate(), reverse("reporting:tsm")):
        return page
    figures = _return_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tsm-complaints-{figures.period.label}.csv"'
    writer = csv.writer(response)
    writer.writerow(tsm_figures.RETURN_HEADER)
    for row in tsm_figures.return_rows(figures):
        writer.writerow([safe_cell(cell) for cell in row])
    return response


class YearEndStockForm(GovukForm):
    lcra = forms.IntegerField(
        label=str(Tenure.LOW_COST_RENTAL.label), min_value=0, required=False, help_text="Homes at the year end"
    )
    lcho = forms.IntegerField(
        label=str(Tenure.LOW_COST_HOME_OWNERSHIP.label),
        min_value=0,
        required=False,
        help_text="Homes at the year end",
    )


@manager_view
def tsm_stock(request: SignedInRequest, year: int) -> HttpResponse:
    """The homes of each tenure at the end of the year, entered by a manager."""
    if page := page_for_year_offered(request, year, timezone.localdate(), "reporting:tsm_stock"):
        return page
    stock = tsm_figures.year_end_stock(year)
    form = YearEndStockForm(request.POST or None, initial=stock)
    if request.method == "POST" and form.is_valid():
        try:
            set_year_end_stock(year=year, homes=dict(form.cleaned_data), actor=request.user)
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, f"Year-end housing stock for {financial_year(year).label} saved")
            return redirect(reverse("reporting:tsm") + f"?year={year}")
    return render(
        request, "reporting/tsm_stock.html", {"form": form, "year": year, "label": financial_year(year).label}
    )
