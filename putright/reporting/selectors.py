"""Reads for reporting: the organisation's report settings, with documented defaults until someone sets them; the
services a reader sees in full; who may read the statutory social care reports; the contact volumes entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from putright.cases.access import cases_visible_to, is_case_worker, reach_of, services_within, visibility_scope
from putright.cases.models import Case
from putright.core.periods import Period
from putright.learning.choices import ActionStatus
from putright.learning.models import LearningAction
from putright.organisation.models import Organisation, ServiceArea, User
from putright.reporting.models import ContactVolume, ReportSettings, SelfAssessment, StatutoryReportCommentary


def report_settings_for(organisation: Organisation) -> ReportSettings:
    """The saved settings, or an unsaved row holding the defaults (documented on each field)."""
    if organisation.pk is not None:
        saved = ReportSettings.objects.filter(organisation=organisation).first()
        if saved is not None:
            return saved
    return ReportSettings(organisation=organisation)


def _member_responsible_only(user: User) -> bool:
    return not is_case_worker(user) and user.is_member_responsible


def cases_reported_to(user: User) -> QuerySet[Case]:
    """The cases whose counts the reader's figures are worked out from: the cases a member of staff may open, and,
    for the Member Responsible for Complaints (who opens none), every unrestricted case, as the complaints team sees
    them. Only counts reach that member: the pages they may open show no references or names."""
    if _member_responsible_only(user):
        return Case.objects.filter(is_restricted=False)
    return cases_visible_to(user)


def report_scope(user: User) -> str:
    """A name for the set `cases_reported_to(user)` gives, for sharing figures worked out for one reader."""
    if _member_responsible_only(user):
        return "unrestricted"
    return visibility_scope(user)


def reported_columns(user: User) -> Q | None:
    """The reader's cases (`cases_reported_to`) as a condition on rows holding a case's service (`service_area_id`)
    and whether it is restricted (`is_restricted`), such as the stage totals: read from the reader's `report_scope`,
    the name of that same set. None when the set cannot be said so: someone named on a restricted case of another
    service sees cases nobody else does, and their figures are read case by case."""
    scope = report_scope(user)
    if scope == "all":
        return Q()
    if scope == "none":
        return Q(pk__in=[])
    if scope == "unrestricted":
        return Q(is_restricted=False)
    service = scope.removeprefix("unrestricted+service:")
    if not (service == "-" or service.isdigit()):
        return None  # "+named:": not a matter of service and restriction alone
    return Q(is_restricted=False) if service == "-" else Q(is_restricted=False) | Q(service_area_id=int(service))


def improvements_reported_to(user: User, period: Period) -> QuerySet[LearningAction]:
    """The published service improvements completed in the period that the reader's annual report lists: those
    whose every case is among the reader's cases (`cases_reported_to`: for staff, the learning pages' rule that one
    hidden case hides the action; for the Member Responsible for Complaints, those raised from unrestricted cases
    only).

    The period's published improvements are few: they are found first, and only their cases are asked whether the
    reader may see them (asking every case first takes a quarter of a second at 100,000 cases)."""
    links = LearningAction.cases.through.objects.filter(learningaction_id=OuterRef("pk"))
    hidden = links.exclude(Exists(cases_reported_to(user).filter(pk=OuterRef("case_id"))))
    return (
        LearningAction.objects.filter(
            status=ActionStatus.DONE,
            is_published=True,
            completed_date__gte=period.start,
            completed_date__lte=period.end,
        )
        .exclude(Exists(hidden))
        .select_related("owner", "service_area")
        .order_by("completed_date", "pk")
    )


def services_reported_to(user: User) -> QuerySet[ServiceArea]:
    """Services whose every case the user may see, the only ones a report names to them: the services offered by the
    report filters, and those whose own numbers are set beside their complaints. For staff, the services whose cases
    they may see as a service (`cases.access.services_within`: a restricted one only for the statutory complaints
    manager and the service's own teams); for the Member Responsible for Complaints, the unrestricted ones."""
    if _member_responsible_only(user):
        return ServiceArea.objects.filter(is_restricted=False)
    return ServiceArea.objects.filter(services_within(reach_of(user)))


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


def self_assessments_in(year: int) -> QuerySet[SelfAssessment]:
    """The year's Code self-assessments, first started first."""
    return SelfAssessment.objects.filter(year=year).order_by("number")


def assessment_for_report(year: int) -> SelfAssessment | None:
    """The self-assessment the year's annual report shows: the latest the governing body approved (Code 8.2 and
    Appendix A: reviewed and approved by the governing body), or, while none is approved, the latest started."""
    approved = (
        SelfAssessment.objects.filter(year=year, approved_on__isnull=False).order_by("-approved_on", "-number").first()
    )
    return approved or SelfAssessment.objects.filter(year=year).order_by("-number").first()


@dataclass(frozen=True)
class YearStatements:
    """What the year's annual report says alongside the self-assessment (Code 8.1 and 8.2): the ombudsman's annual
    letter, other ombudsman reports and the governing body's response. They belong to the year, not to one
    assessment: each is recorded on an assessment's approval page, and the report takes each from the latest
    assessment of the year that has it, so approving a second assessment without them keeps the first's."""

    ombudsman_letter_summary: str = ""
    other_ombudsman_reports: str = ""
    governing_body_response: str = ""
    governing_body_response_date: date | None = None


def year_statements(year: int) -> YearStatements:
    assessments = list(SelfAssessment.objects.filter(year=year).order_by("-number"))

    def latest(name: str) -> SelfAssessment | None:
        return next((item for item in assessments if getattr(item, name)), None)

    letter, others, response = (
        latest("ombudsman_letter_summary"),
        latest("other_ombudsman_reports"),
        latest("governing_body_response"),
    )
    return YearStatements(
        ombudsman_letter_summary=letter.ombudsman_letter_summary if letter else "",
        other_ombudsman_reports=others.other_ombudsman_reports if others else "",
        governing_body_response=response.governing_body_response if response else "",
        governing_body_response_date=response.governing_body_response_date if response else None,
    )
