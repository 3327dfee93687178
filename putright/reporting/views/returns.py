"""The quarterly return for Scottish and Welsh councils, its export, and the dates returns are due."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import Outcome
from putright.core.errors import RuleError
from putright.core.forms import GovukDateField, GovukForm
from putright.core.periods import Period, financial_year, financial_year_of, quarter_of, quarters_offered
from putright.core.spreadsheet import safe_cell
from putright.core.text import long_date
from putright.core.views import SignedInRequest, add_rule_error, manager_view
from putright.organisation.selectors import current_organisation
from putright.reporting import return_dates
from putright.reporting import returns as quarterly
from putright.reporting.choices import ReturnKind
from putright.reporting.models import ReturnDate
from putright.reporting.views._access import (
    chosen_quarter,
    figures_view,
    ombudsman_return_view,
    page_instead_of_download,
    year_choices,
)


def _quarter(request: SignedInRequest) -> Period:
    return chosen_quarter(request, timezone.localdate())


@figures_view
def quarterly_return(request: SignedInRequest) -> HttpResponse:
    period = _quarter(request)
    today = timezone.localdate()
    return render(
        request,
        "reporting/quarterly_return.html",
        {
            "figures": quarterly.quarterly_return(period, current_organisation()),
            "year": financial_year_of(period.start),
            "quarter": quarter_of(period.start),
            "quarters": quarters_offered(financial_year_of(period.start), today),
            "years": [(y, financial_year(y).label) for y in year_choices(today)],
            "today": today,
            "outcome_choices": Outcome.choices,
        },
    )


@ombudsman_return_view
def psow_return_csv(request: SignedInRequest) -> HttpResponse:
    """The quarter's return to the Public Services Ombudsman for Wales, one row in the return's columns."""
    if page := page_instead_of_download(
        request, timezone.localdate(), reverse("reporting:quarterly_return"), by_quarter=True
    ):
        return page
    period = _quarter(request)
    figures = quarterly.psow_return(period, current_organisation())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"psow-return-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(quarterly.PSOW_HEADER)
    writer.writerow([safe_cell(cell) for cell in quarterly.psow_row(figures)])
    return response


@figures_view
def quarterly_return_csv(request: SignedInRequest) -> HttpResponse:
    if page := page_instead_of_download(
        request, timezone.localdate(), reverse("reporting:quarterly_return"), by_quarter=True
    ):
        return page
    period = _quarter(request)
    figures = quarterly.quarterly_return(period, current_organisation())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"complaints-return-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(quarterly.RETURN_HEADER)
    for row in quarterly.return_rows(figures):
        writer.writerow([safe_cell(cell) for cell in row])
    return response


class ReturnDateForm(GovukForm):
    kind = forms.ChoiceField(
        label="What",
        choices=ReturnKind.choices,
        error_messages={
            "required": "Choose what the return is",
            "invalid_choice": "Choose what the return is from the list",
        },
    )
    year = forms.IntegerField(
        label="Financial year it is for",
        help_text="The year it starts in: 2025 for 2025-26",
        error_messages={"required": "Enter the year", "invalid": "Enter the year as a number, like 2025"},
    )
    quarter = forms.TypedChoiceField(
        label="Quarter (quarterly figures only)",
        choices=[("", "None: a yearly return"), *[(n, f"Quarter {n}") for n in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    due_date = GovukDateField(label="Due by", error_messages={"required": "Enter the date it is due by"})


class ReturnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReturnDate) -> str:
        done = f", done {long_date(obj.done_on)}" if obj.done_on else ""
        return f"{obj.get_kind_display()} for {obj.period_label} (due {long_date(obj.due_date)}{done})"


class DoneForm(GovukForm):
    """Mark a return done on the day it was done (today unless changed), or correct the date of one done already."""

    item = ReturnChoiceField(
        label="Which return",
        queryset=ReturnDate.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the return that was done",
            "invalid_choice": "That return is no longer on the list: choose another",
        },
    )
    done_on = GovukDateField(
        label="Date it was done",
        help_text="Today unless it was done earlier. For example, 27 3 2026",
        error_messages={"required": "Enter the date it was done"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = return_dates.return_dates_to_mark()  # type: ignore[attr-defined]


@manager_view
def return_dates_page(request: SignedInRequest) -> HttpResponse:
    """Managers enter the date each return is due, and mark it done."""
    user = request.user
    today = timezone.localdate()
    form = ReturnDateForm(request.POST if request.POST.get("form") == "date" else None)
    done_form = DoneForm(request.POST if request.POST.get("form") == "done" else None, initial={"done_on": today})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            return_dates.set_return_date(
                kind=ReturnKind(data["kind"]),
                year=data["year"],
                quarter=data["quarter"],
                due_date=data["due_date"],
                actor=user,
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, "Return date saved")
            return redirect("reporting:return_dates")
    if done_form.is_bound and done_form.is_valid():
        item = done_form.cleaned_data["item"]
        try:
            return_dates.mark_done(item=item, done_on=done_form.cleaned_data["done_on"], actor=user, today=today)
        except RuleError as error:
            add_rule_error(done_form, error)
        else:
            messages.success(
                request,
                f"{item.get_kind_display()} for {item.period_label} marked done on {long_date(item.done_on)}",
            )
            return redirect("reporting:return_dates")
    return render(
        request,
        "reporting/return_dates.html",
        {"form": form, "done_form": done_form, "dates": return_dates.return_dates(), "today": today},
    )
