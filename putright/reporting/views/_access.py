"""Who may open the report pages, and the committee figures for a request's filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from putright.core.periods import FIRST_YEAR, Period, quarter, quarter_asked_for, year_asked_for, years_offered
from putright.core.views import SignedInRequest, role_view, signed_in_view
from putright.organisation.selectors import current_organisation
from putright.reporting.committee import CommitteeReport
from putright.reporting.forms import ReportFilterForm
from putright.reporting.selectors import may_read_statutory_reports, report_settings_for, services_reported_to
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


def report_filter_form(request: SignedInRequest, today: date) -> ReportFilterForm:
    """The report filters as the address asks them, offering the services the reader may see."""
    return ReportFilterForm(request.GET or None, today=today, services=services_reported_to(request.user))


def filtered_report(request: SignedInRequest) -> tuple[ReportFilterForm, CommitteeReport]:
    today = timezone.localdate()
    form = report_filter_form(request, today)
    return form, _committee_report(request, form, today)


def report_to_download(request: SignedInRequest) -> CommitteeReport | HttpResponse:
    """The committee figures a download (CSV, PDF, spreadsheet) asked for; when the form refuses its period (a year
    not offered, say), the committee page instead, asked the same, which shows why: a file cannot carry the error,
    and another period's figures must not come down in its place."""
    today = timezone.localdate()
    form = report_filter_form(request, today)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('reporting:committee')}?{request.GET.urlencode()}")
    return _committee_report(request, form, today)


def _committee_report(request: SignedInRequest, form: ReportFilterForm, today: date) -> CommitteeReport:
    organisation = current_organisation()
    figures = committee_figures(
        request.user,
        form.period(),
        form.filters(),
        today=today,
        organisation=organisation,
        report_settings=report_settings_for(organisation),
    )
    return replace(figures.report, worked_out_at=figures.computed_at)


def chosen_year(request: HttpRequest, today: date, *, first: int = FIRST_YEAR) -> int:
    """The financial year a report page shows (`year_asked_for`). When it is not the one asked for, the notice is
    shown at the top of the page the view renders (a GOV.UK notification banner, as every message is)."""
    choice = year_asked_for(request.GET.get("year"), today, first=first)
    if choice.notice:
        messages.warning(request, choice.notice)
    return choice.year


def page_instead_of_download(
    request: HttpRequest, today: date, page_url: str, *, first: int = FIRST_YEAR, by_quarter: bool = False
) -> HttpResponse | None:
    """A download (a CSV, a PDF, a version to print) asked for a year (or, `by_quarter`, a quarter) its page does not
    offer: the page instead, asked the same, which says so at the top and shows the period it does (a file cannot
    carry the notice). None when the period is offered."""
    year = year_asked_for(request.GET.get("year"), today, first=first)
    offered = not year.problem
    if offered and by_quarter:
        offered = not quarter_asked_for(request.GET.get("quarter"), year.year, today).problem
    if offered:
        return None
    return redirect(f"{page_url}?{request.GET.urlencode()}")


def chosen_quarter(request: HttpRequest, today: date) -> Period:
    """The quarter a report page shows (`chosen_year`, then `quarter_asked_for`): when it is not the one asked for,
    the page says so at the top."""
    year = chosen_year(request, today)
    choice = quarter_asked_for(request.GET.get("quarter"), year, today)
    if choice.notice:
        messages.warning(request, choice.notice)
    return quarter(year, choice.number)


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
    return years_offered(today, first=first)
