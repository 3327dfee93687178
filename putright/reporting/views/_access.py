"""Who may open the report pages, and the committee figures for a request's filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from putright.cases.views._common import staff_view
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.reporting.committee import CommitteeReport
from putright.reporting.forms import ReportFilterForm
from putright.reporting.periods import financial_year_of
from putright.reporting.selectors import may_read_statutory_reports, report_settings_for
from putright.reporting.snapshots import committee_figures

# Who reads the figures: the complaints team, managers and administrators (docs/rules.md).
REPORT_ROLES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})
# Who completes the Code self-assessment and records the governing body's response.
ASSESSMENT_ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR})
FIRST_YEAR = 2020


def _for_roles(roles: frozenset[Role]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        """Signed-in staff in one of `roles`; anyone else gets the same 404 as a missing page."""

        @staff_view
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: User = request.user  # type: ignore[assignment]
            if user.role not in roles:
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


report_view = _for_roles(REPORT_ROLES)
assessment_editor_view = _for_roles(ASSESSMENT_ROLES)


def _statutory(roles: frozenset[Role]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        """Staff in one of `roles` who may also see restricted (social care) cases; anyone else gets a 404."""

        @_for_roles(roles)
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may_read_statutory_reports(request.user):  # type: ignore[arg-type]
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# The statutory social care reports: report readers who may see restricted cases; managers and administrators
# among them write the commentary.
statutory_view = _statutory(REPORT_ROLES)
statutory_editor_view = _statutory(ASSESSMENT_ROLES)


def filtered_report(request: HttpRequest) -> tuple[ReportFilterForm, CommitteeReport]:
    user: User = request.user  # type: ignore[assignment]
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
