"""Who may open the report pages, and the committee figures for a request's filters."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from putright.core.periods import FIRST_YEAR, financial_year_of
from putright.core.views import SignedInRequest, role_view, signed_in_view
from putright.organisation.selectors import current_organisation
from putright.reporting.committee import CommitteeReport
from putright.reporting.forms import ReportFilterForm
from putright.reporting.selectors import may_read_statutory_reports, report_settings_for
from putright.reporting.snapshots import committee_figures

# The pages that hold figures only (no case reference, no name): report readers and the Member Responsible for
# Complaints. Anyone else signed in gets a 404.
figures_view = signed_in_view(lambda user: user.reads_reports)
# The returns made to an ombudsman: managers and administrators, and the Member Responsible for Complaints.
ombudsman_return_view = signed_in_view(lambda user: user.reads_ombudsman_returns)
# The statutory social care reports: report readers who may see restricted cases; managers and administrators
# among them write the commentary.
statutory_view = role_view(lambda user: user.sees_whole_queue and may_read_statutory_reports(user))
statutory_editor_view = role_view(lambda user: user.is_manager and may_read_statutory_reports(user))


def filtered_report(request: SignedInRequest) -> tuple[ReportFilterForm, CommitteeReport]:
    user = request.user
    today = timezone.localdate()
    form = ReportFilterForm(request.GET or None, today=today)
    organisation = current_organisation()
    figures = committee_figures(
        user,
        form.period(),
        form.filters(),
        today=today,
        organisation=organisation,
        report_settings=report_settings_for(organisation),
    )
    return form, replace(figures.report, worked_out_at=figures.computed_at)


@dataclass(frozen=True)
class YearChoice:
    """The financial year a report shows, and why it is not the one asked for ("" when it is)."""

    year: int
    notice: str = ""


def _years(year: int) -> str:
    return f"{year} to {year + 1}"


def year_asked_for(value: str | None, today: date, *, first: int = FIRST_YEAR) -> YearChoice:
    """The financial year a report page shows for `?year=`: the one asked for when the page offers it (`first` to
    the current one, `year_choices`); otherwise the current one, with a notice saying plainly that the year asked
    for is not there, so nobody reads one year's figures believing them another's. Nothing asked: the current one,
    without a notice."""
    current = financial_year_of(today)
    text = (value or "").strip()
    if not text:
        return YearChoice(current)
    showing = f"showing {_years(current)}."
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        shown = text if len(text) <= 20 else f"{text[:20]}…"
        return YearChoice(current, f"“{shown}” is not a year: {showing}")
    year = int(text)
    if year < first:
        return YearChoice(
            current, f"There are no figures for {_years(year)}. Figures start in {_years(first)}: {showing}"
        )
    if year > current:
        return YearChoice(current, f"There are no figures for {_years(year)} yet: {showing}")
    return YearChoice(year)


def chosen_year(request: HttpRequest, today: date, *, first: int = FIRST_YEAR) -> int:
    """The financial year a report page shows (`year_asked_for`). When it is not the one asked for, the notice is
    shown at the top of the page the view renders (a GOV.UK notification banner, as every message is)."""
    choice = year_asked_for(request.GET.get("year"), today, first=first)
    if choice.notice:
        messages.warning(request, choice.notice)
    return choice.year


def page_instead_of_download(
    request: HttpRequest, today: date, page_url: str, *, first: int = FIRST_YEAR
) -> HttpResponse | None:
    """A download (a CSV, a PDF, a version to print) asked for a year its page does not offer: the page instead,
    asked the same, which says so at the top and shows the year it does (a file cannot carry the notice). None
    when the year is offered."""
    if not year_asked_for(request.GET.get("year"), today, first=first).notice:
        return None
    return redirect(f"{page_url}?{request.GET.urlencode()}")


def page_for_year_offered(
    request: HttpRequest, year: int, today: date, url_name: str, *, in_query: bool = False, **kwargs: str
) -> HttpResponse | None:
    """A page whose address names its year (a year's self-assessments, say), or a form that saves for the year in its
    address, asked for a year the reports do not offer: the page for the year they show instead (in its address, or
    `?year=` when `in_query`), saying so; nothing is saved. None when the year is offered."""
    choice = year_asked_for(str(year), today)
    if not choice.notice:
        return None
    messages.warning(request, choice.notice)
    if in_query:
        return redirect(f"{reverse(url_name, kwargs=kwargs)}?year={choice.year}")
    return redirect(reverse(url_name, kwargs={**kwargs, "year": choice.year}))


def year_choices(today: date, *, first: int = FIRST_YEAR) -> list[int]:
    """The years a report page offers, the current one first: those `year_asked_for` shows as asked."""
    return list(range(financial_year_of(today), first - 1, -1))
