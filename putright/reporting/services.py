"""Writes for reporting: the year's Code self-assessment and the governing body's response (DOMAIN.md §1.9)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from putright.organisation.models import User
from putright.reporting.code_provisions import CODE_PROVISIONS
from putright.reporting.models import SelfAssessment, SelfAssessmentRow


def start_self_assessment(*, year: int, actor: User) -> SelfAssessment:
    """The year's self-assessment, created with one unassessed row per Code provision if it does not exist yet."""
    with transaction.atomic():
        assessment, created = SelfAssessment.objects.get_or_create(
            year=year, defaults={"created_by": actor, "updated_by": actor}
        )
        if created:
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
    *, row: SelfAssessmentRow, complies: bool | None, evidence: str, commentary: str, actor: User
) -> SelfAssessmentRow:
    """Record whether the council complies with one provision, the evidence and the commentary."""
    with transaction.atomic():
        row.complies = complies
        row.evidence = evidence.strip()
        row.commentary = commentary.strip()
        row.updated_by = actor
        row.save(update_fields=["complies", "evidence", "commentary", "updated_by", "updated_at"])
        SelfAssessment.objects.filter(pk=row.assessment_id).update(updated_by=actor)
    return row


def record_governing_body_response(
    *,
    assessment: SelfAssessment,
    ombudsman_letter_summary: str,
    response: str,
    response_date: date | None,
    actor: User,
) -> SelfAssessment:
    """Record the ombudsman's annual letter summary and the governing body's response, published with the report."""
    assessment.ombudsman_letter_summary = ombudsman_letter_summary.strip()
    assessment.governing_body_response = response.strip()
    assessment.governing_body_response_date = response_date
    assessment.updated_by = actor
    assessment.save(
        update_fields=[
            "ombudsman_letter_summary",
            "governing_body_response",
            "governing_body_response_date",
            "updated_by",
            "updated_at",
        ]
    )
    return assessment
