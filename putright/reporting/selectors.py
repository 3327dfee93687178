"""Reads for reporting: the organisation's report settings, with documented defaults until someone sets them; the
services a reader sees in full; who may read the statutory social care reports; the contact volumes entered."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from putright.cases.access import is_case_worker
from putright.core.periods import Period
from putright.organisation.models import Organisation, ServiceArea, User
from putright.reporting.models import ContactVolume, ReportSettings, StatutoryReportCommentary


def report_settings_for(organisation: Organisation) -> ReportSettings:
    """The saved settings, or an unsaved row holding the defaults (documented on each field)."""
    if organisation.pk is not None:
        saved = ReportSettings.objects.filter(organisation=organisation).first()
        if saved is not None:
            return saved
    return ReportSettings(organisation=organisation)


def services_reported_to(user: User) -> QuerySet[ServiceArea]:
    """Services whose every case the user may see (the rules of `cases.access.cases_visible_to`), for figures that
    set a service's own numbers beside its complaints: a restricted service is included only for the statutory
    complaints manager and the service's own teams."""
    if not is_case_worker(user):
        return ServiceArea.objects.none()
    # The statutory complaints manager sees every restricted case.
    if user.can_see_restricted:
        return ServiceArea.objects.all()
    visible = Q(is_restricted=False)
    # A restricted service's own teams see all of its cases.
    if user.team is not None:
        visible |= Q(pk=user.team.service_area_id)
    return ServiceArea.objects.filter(visible)


def may_read_statutory_reports(user: User) -> bool:
    """The statutory social care reports count restricted cases only: for the statutory complaints manager and the
    teams of a restricted (social care) service. Others may see none, or only the odd case they are named on."""
    if not is_case_worker(user):
        return False
    if user.can_see_restricted:
        return True
    return user.team is not None and user.team.service_area.is_restricted


def contact_volumes_in(period: Period) -> QuerySet[ContactVolume]:
    """The volumes entered for months and quarters starting in the period, for the entry page's table."""
    return (
        ContactVolume.objects.filter(start_date__gte=period.start, start_date__lte=period.end)
        .select_related("service_area", "entered_by")
        .order_by("service_area__name", "start_date")
    )


def statutory_commentary(report: str, year: int) -> StatutoryReportCommentary | None:
    return StatutoryReportCommentary.objects.filter(report=report, year=year).first()
