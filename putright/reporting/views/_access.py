"""Who may open the report pages, and the committee figures for a request's filters."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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
