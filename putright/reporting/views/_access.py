"""Who may open the report pages, and the committee figures for a request's filters."""

from __future__ import annotations

from dataclasses import replace
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from putright.core.periods import FIRST_YEAR, financial_year_of
from putright.core.views import SignedInRequest, View, manager_view, role_view, whole_queue_view
from putright.organisation.choices import MANAGER_ROLES, WHOLE_QUEUE_ROLES
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.reporting.committee import CommitteeReport
from putright.reporting.forms import ReportFilterForm
from putright.reporting.selectors import may_read_statutory_reports, report_settings_for
from putright.reporting.snapshots import committee_figures

# Kept for code written before the role predicates: who reads the figures (the complaints team, managers and
# administrators; docs/rules.md) and who completes the Code self-assessment (managers and administrators).
REPORT_ROLES = WHOLE_QUEUE_ROLES
ASSESSMENT_ROLES = MANAGER_ROLES

report_view = whole_queue_view


def figures_view(view: View) -> View:
    """The pages that hold figures only (no case reference, no name): report readers and the Member Responsible
    for Complaints (`User.reads_reports`). Anyone else signed in gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (isinstance(user, User) and user.reads_reports):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


def manager_or_member_view(view: View) -> View:
    """Managers and administrators, and the Member Responsible for Complaints (figures only, read only): who sends
    a return and who answers for it to the governing body. Anyone else signed in gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (isinstance(user, User) and (user.is_manager or user.is_member_responsible)):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapper


assessment_editor_view = manager_view
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


def chosen_year(value: str | None, today: Any) -> int:
    """The financial year asked for, kept between 2020 and the current one; the current one if unreadable."""
    current = financial_year_of(today)
    try:
        year = int(value or "")
    except ValueError:
        return current
    return min(max(year, FIRST_YEAR), current)


def year_choices(today: Any) -> list[int]:
    return list(range(financial_year_of(today), FIRST_YEAR - 1, -1))
