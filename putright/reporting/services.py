"""Writes for reporting: the year's Code self-assessment and the governing body's response (docs/rules.md), the
contact volumes behind complaints per 1,000 contacts, and the commentary of the statutory social care reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from putright.core.errors import RuleError
from putright.core.periods import month_or_quarter
from putright.core.text import long_date
from putright.organisation.models import ServiceArea, User
from putright.reporting import snapshots
from putright.reporting.choices import AssessmentReason
from putright.reporting.code_provisions import CODE_PROVISIONS
from putright.reporting.models import ContactVolume, SelfAssessment, SelfAssessmentRow, StatutoryReportCommentary
from putright.reporting.volume_csv import VolumeLine


def start_self_assessment(
    *, year: int, actor: User, today: date, reason: str = AssessmentReason.ANNUAL, change: str = ""
) -> SelfAssessment:
    """Start a self-assessment of the year, with one unassessed row per Code provision.

    The annual one is started once a year (starting it again returns it); another, after a significant restructure,
    merger or change in procedures (Code 8.3), may be started at any time and needs the change described."""
    change = change.strip()
    if reason == AssessmentReason.SIGNIFICANT_CHANGE and not change:
        raise RuleError("Describe the significant change the assessment follows", "change")
    if reason not in AssessmentReason.values:
        raise RuleError("Choose why the assessment is being carried out", "reason")
    with transaction.atomic():
        # Lock the year's assessments so two people starting one at once do not take the same number.
        taken = list(SelfAssessment.objects.select_for_update().filter(year=year).order_by("number"))
        if reason == AssessmentReason.ANNUAL:
            annual = next((item for item in taken if item.reason == AssessmentReason.ANNUAL), None)
            if annual is not None:
                return annual
        assessment = SelfAssessment.objects.create(
            year=year,
            number=max((item.number for item in taken), default=0) + 1,
            reason=reason,
            change=change if reason == AssessmentReason.SIGNIFICANT_CHANGE else "",
            assessed_on=today,
            created_by=actor,
            updated_by=actor,
        )
        positions: dict[int, int] = {}
        rows = []
        for provision in CODE_PROVISIONS:
            positions[provision.section] = positions.get(provision.section, 0) + 1
            rows.append(
                SelfAssessmentRow(
                    assessment=assessment,
                    section=provision.section,
                    position=positions[provision.section],
                    provision=provision.provision,
                    requirement=provision.requirement,
                    source=provision.source,
                )
            )
        SelfAssessmentRow.objects.bulk_create(rows)
    return assessment


def assess_provision(
    *,
    row: SelfAssessmentRow,
    complies: bool | None,
    evidence: str,
    commentary: str,
    actor: User,
    comply_by: date | None = None,
) -> SelfAssessmentRow:
    """Record whether the council complies with one provision, the evidence and the commentary; where it does not,
    what it will do (the commentary) and the date by which it will comply. `complies=None` sets the provision back
    to not assessed."""
    if complies is False and not commentary.strip():
        raise RuleError("Say what the council will do to comply", "commentary")
    if complies is False and comply_by is None:
        raise RuleError("Enter the date by which the council will comply", "comply_by")
    with transaction.atomic():
        row.complies = complies
        row.evidence = evidence.strip()
        row.commentary = commentary.strip()
        row.comply_by = comply_by if complies is False else None
        row.updated_by = actor
        row.save(update_fields=["complies", "evidence", "commentary", "comply_by", "updated_by", "updated_at"])
        SelfAssessment.objects.filter(pk=row.assessment_id).update(updated_by=actor)
    return row


def record_governing_body_response(
    *,
    assessment: SelfAssessment,
    ombudsman_letter_summary: str,
    response: str,
    response_date: date | None,
    actor: User,
    other_ombudsman_reports: str | None = None,
    approved_on: date | None = None,
    today: date | None = None,
    approved_with_provisions_not_assessed: bool = False,
) -> SelfAssessment:
    """Record the ombudsman's annual letter summary, the governing body's response (published with the report) and
    the date the governing body approved the self-assessment.

    Both dates are today or earlier and not before the assessment. Approving an assessment with provisions not yet
    assessed needs `approved_with_provisions_not_assessed`, so nobody does it by accident."""
    for field_name, day, what in (
        ("approved_on", approved_on, "the governing body approved it"),
        ("governing_body_response_date", response_date, "the governing body's response"),
    ):
        if day is not None and today is not None and day > today:
            raise RuleError(f"The date {what} must be today or in the past", field_name)
        if day is not None and day < assessment.assessed_on:
            raise RuleError(
                f"The date {what} cannot be before the assessment was made ({long_date(assessment.assessed_on)})",
                field_name,
            )
    if approved_on is not None and not approved_with_provisions_not_assessed:
        not_assessed = assessment.rows.filter(complies__isnull=True).count()
        if not_assessed:
            provisions = f"{not_assessed} Code provision{'s' if not_assessed != 1 else ''}"
            raise RuleError(
                f"{provisions} {'are' if not_assessed != 1 else 'is'} not assessed yet: assess "
                f"{'them' if not_assessed != 1 else 'it'}, or tick to confirm the governing body approved it as it is",
                "approved_with_provisions_not_assessed",
            )
    assessment.ombudsman_letter_summary = ombudsman_letter_summary.strip()
    assessment.governing_body_response = response.strip()
    assessment.governing_body_response_date = response_date
    assessment.approved_on = approved_on
    if other_ombudsman_reports is not None:
        assessment.other_ombudsman_reports = other_ombudsman_reports.strip()
    assessment.updated_by = actor
    assessment.save(
        update_fields=[
            "other_ombudsman_reports",
            "ombudsman_letter_summary",
            "governing_body_response",
            "governing_body_response_date",
            "approved_on",
            "updated_by",
            "updated_at",
        ]
    )
    return assessment


# --- contact volumes ------------------------------------------------------------------------------------------


def _overlapping(service_area: ServiceArea, start_date: date, end_date: date) -> ContactVolume | None:
    """A saved figure of the service covering any of these days for a different period (the same period is the
    row to update, not a clash)."""
    return (
        ContactVolume.objects.filter(service_area=service_area, start_date__lte=end_date, end_date__gte=start_date)
        .exclude(start_date=start_date, end_date=end_date)
        .order_by("start_date")
        .first()
    )


def _clash_message(service_area: ServiceArea, clash: ContactVolume) -> str:
    return (
        f"{service_area.name} already has a figure for {long_date(clash.start_date)} to {long_date(clash.end_date)}: "
        "change that one, or enter months or a quarter, not both"
    )


def record_contact_volume(
    *, service_area: ServiceArea, start_date: date, end_date: date, contacts_count: int, actor: User
) -> ContactVolume:
    """Enter a service's contacts for one month or quarter, or change the figure already entered for it."""
    if month_or_quarter(start_date, end_date) is None:
        raise RuleError("Choose one calendar month or one quarter", "period")
    if contacts_count < 0:
        raise RuleError("The number of contacts cannot be negative", "contacts_count")
    with transaction.atomic():
        # Lock the service, so two people entering overlapping periods for it at once cannot both pass the check.
        ServiceArea.objects.select_for_update().filter(pk=service_area.pk).first()
        clash = _overlapping(service_area, start_date, end_date)
        if clash is not None:
            raise RuleError(_clash_message(service_area, clash), "period")
        volume, _created = ContactVolume.objects.update_or_create(
            service_area=service_area,
            start_date=start_date,
            defaults={"end_date": end_date, "contacts_count": contacts_count, "entered_by": actor},
        )
        snapshots.forget_all()  # the per 1,000 contacts figures change with it
    return volume


@dataclass
class VolumeImport:
    """What an import did, or (in `errors`) why it did nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.created} added, {self.updated} changed, {self.unchanged} unchanged"


def import_contact_volumes(*, lines: Sequence[VolumeLine], actor: User) -> VolumeImport:
    """Save the file's figures, all or nothing: a line overlapping a saved figure for another period stops the whole
    file, with its line number. A line for a period already saved replaces that figure."""
    result = VolumeImport()
    with transaction.atomic():
        # Lock the services, as `record_contact_volume` does, so the overlap check holds until the rows are saved.
        list(ServiceArea.objects.select_for_update().filter(pk__in={line.service_area.pk for line in lines}))
        for line in lines:
            clash = _overlapping(line.service_area, line.start_date, line.end_date)
            if clash is not None:
                result.errors.append(f"Line {line.line}: {_clash_message(line.service_area, clash)}.")
        if result.errors:
            return result
        saved = {
            (volume.service_area_id, volume.start_date): volume
            for volume in ContactVolume.objects.filter(
                service_area__in={line.service_area.pk for line in lines},
                start_date__in={line.start_date for line in lines},
            )
        }
        for line in lines:
            volume = saved.get((line.service_area.pk, line.start_date))
            if volume is None:
                ContactVolume.objects.create(
                    service_area=line.service_area,
                    start_date=line.start_date,
                    end_date=line.end_date,
                    contacts_count=line.contacts_count,
                    entered_by=actor,
                )
                result.created += 1
            elif volume.contacts_count == line.contacts_count:
                result.unchanged += 1
            else:
                volume.contacts_count = line.contacts_count
                volume.entered_by = actor
                volume.save(update_fields=["contacts_count", "entered_by", "entered_at"])
                result.updated += 1
        if result.created or result.updated:
            snapshots.forget_all()  # the per 1,000 contacts figures change with them
    return result


# --- statutory social care reports ------------------------------------------------------------------------------


def record_statutory_commentary(
    *, report: str, year: int, general_importance: str, improvements: str, actor: User
) -> StatutoryReportCommentary:
    """Save what the council says alongside one year's statutory social care figures."""
    commentary, _created = StatutoryReportCommentary.objects.update_or_create(
        report=report,
        year=year,
        defaults={
            "general_importance": general_importance.strip(),
            "improvements": improvements.strip(),
            "updated_by": actor,
        },
    )
    return commentary
