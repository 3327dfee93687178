"""The Code's annual complaints performance and service improvement report (Code 8.1, docs/rules.md).

Gathers, for one financial year: the year's figures (the committee pack's, for every complaint procedure the
reader may see), the self-assessment table with evidence filled in from the figures where the system knows
them (Complaint Handling Code cases only), the types of complaints refused, findings of non-compliance, the
service improvements published from learning actions, the ombudsman figures and the governing body's response.

Nothing here names a person: figures are counts, and the learning actions shown are the ones a manager chose to
publish ("you said, we did").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from putright.cases.models import Case
from putright.core.periods import Period, financial_year
from putright.core.text import long_date
from putright.learning.models import LearningAction
from putright.organisation.models import Organisation, User
from putright.reporting import facts, queries, totals
from putright.reporting.code_provisions import CODE_PROVISIONS, SECTIONS
from putright.reporting.committee import CommitteeReport, committee_report
from putright.reporting.late_complaints import LateComplaints, late_complaints
from putright.reporting.models import ReportSettings, SelfAssessment, SelfAssessmentRow
from putright.reporting.queries import Share
from putright.reporting.selectors import (
    YearStatements,
    assessment_for_report,
    improvements_reported_to,
    services_reported_to,
    year_statements,
)
from putright.reporting.templatetags.reporting import number
from putright.reporting.templatetags.reporting import share as describe


@dataclass(frozen=True)
class CodeEvidence:
    """The figures the self-assessment's evidence column quotes, for Complaint Handling Code cases only (the cases
    received by kind are the year's committee figures': FIGURE_EVIDENCE)."""

    cases_by_channel: list[queries.Row]
    refused: int
    definitions: dict[int, Share]
    timeliness: list[queries.StageTimeliness]
    extensions: list[queries.ExtensionFigures]
    later_stage_same_handler: Share
    remedies: queries.RemedySummary
    improvements: int
    ombudsman_compliance: queries.OmbudsmanCompliance
    extensions_count: bool
    # Every complaint refused in the year, not only Code cases: the report's "types of complaints refused".
    refused_by_service: list[queries.Row]
    refused_by_category: list[queries.Row]
    late_complaints: LateComplaints | None = None  # reporting/late_complaints.py


def _stage(items: list[queries.StageTimeliness], number: int) -> queries.StageTimeliness:
    return next(item for item in items if item.stage == number)


def _extension(items: list[queries.ExtensionFigures], number: int) -> queries.ExtensionFigures:
    return next(item for item in items if item.stage == number)


def _listing(rows: list[queries.Row]) -> str:
    return "; ".join(f"{row.label} {row.count}" for row in rows if row.count) or "none"


def _responded(evidence: CodeEvidence, number: int) -> str:
    item = _stage(evidence.timeliness, number)
    return (
        f"Stage {number} responses within timescale in the year: {describe(item.responded)} including agreed "
        f"extensions; {describe(item.responded_original)} within the original timescale."
    )


def _extended(evidence: CodeEvidence, number: int) -> str:
    item = _extension(evidence.extensions, number)
    return (
        f"Extensions of stage {number} complaints received in the year: {item.count}, of which {item.beyond_cap} "
        "beyond the procedure's cap."
    )


# Provision -> the sentences PutRight can write as evidence for it, from the Code evidence (`code_evidence`).
EVIDENCE: dict[str, Callable[[CodeEvidence], list[str]]] = {
    "2.1": lambda e: [
        f"Complaints not accepted in the year: {e.refused}, each with its reason recorded (see the types of "
        "complaints refused)."
    ],
    "2.4": lambda e: [
        f"Complaints not accepted in the year: {e.refused}. PutRight will not record a refusal without confirming "
        "the customer was told they can go to the ombudsman."
    ],
    "2.3": lambda e: (
        [
            f"Complaints received in the year that were made after the time limit: {e.late_complaints.total}; "
            f"accepted {e.late_complaints.accepted}, refused {e.late_complaints.refused}, each with its reasons "
            "recorded."
        ]
        if e.late_complaints is not None
        else []
    ),
    "3.1": lambda e: [f"Complaints received in the year, by channel: {_listing(e.cases_by_channel)}."],
    "3.2": lambda e: [f"Complaints received in the year, by channel: {_listing(e.cases_by_channel)}."],
    "5.6": lambda e: [
        f"Stage {number} complaints acknowledged with a complaint definition recorded: {describe(item)}."
        for number, item in e.definitions.items()
    ],
    "6.2": lambda e: [
        "Stage 1 complaints acknowledged within timescale in the year: "
        f"{describe(_stage(e.timeliness, 1).acknowledged)}."
    ],
    "6.3": lambda e: [_responded(e, 1)],
    "6.4": lambda e: [_extended(e, 1)],
    "6.11": lambda e: [
        f"Stage 2 complaints acknowledged within timescale in the year: "
        f"{describe(_stage(e.timeliness, 2).acknowledged)}."
    ],
    "6.13": lambda e: [
        f"Stage 2 complaints handled by someone who handled stage 1: {e.later_stage_same_handler.numerator} of "
        f"{e.later_stage_same_handler.denominator} escalated to stage 2 in the year. PutRight refuses such an "
        "escalation."
    ],
    "6.14": lambda e: [_responded(e, 2)],
    "6.15": lambda e: [_extended(e, 2)],
    "7.1": lambda e: [
        f"Remedies offered in responses in the year: {e.remedies.count} ({_listing(e.remedies.by_type)}); "
        f"financial remedies £{number(e.remedies.total_compensation)}."
    ],
    "9.1": lambda e: [f"Service improvements completed and published in the year: {e.improvements}."],
    "9.7": lambda e: [
        f"Ombudsman orders and recommendations due in the year: {e.ombudsman_compliance.due}; done on time "
        f"{describe(e.ombudsman_compliance.compliance)}."
    ],
}


def _remedies_owed(figures: CommitteeReport) -> list[str]:
    owed = figures.remedies_owed
    if owed is None:
        return []
    return [
        f"Remedies offered on complaints (every complaint procedure) not yet carried out at {long_date(owed.as_at)}: "
        f"{owed.outstanding}, of which {owed.overdue} past their due date."
    ]


# Provision -> evidence from the year's committee figures (every complaint procedure the reader may see).
FIGURE_EVIDENCE: dict[str, Callable[[CommitteeReport], list[str]]] = {
    # Every kind: service requests are not under the Code.
    "1.4": lambda f: [f"Cases recorded in the year, by kind: {_listing(f.by_kind)}."],
    "7.3": _remedies_owed,
}


@dataclass(frozen=True)
class AssessmentLine:
    """One row of the self-assessment table, with the evidence PutRight adds from its figures."""

    row: SelfAssessmentRow
    automatic_evidence: list[str] = field(default_factory=list)

    @property
    def section_title(self) -> str:
        return SECTIONS.get(self.row.section, "")


@dataclass(frozen=True)
class AnnualReport:
    year: int
    period: Period
    organisation: Organisation
    today: date
    figures: CommitteeReport
    evidence: CodeEvidence
    refused_by_service: list[queries.Row]
    refused_by_category: list[queries.Row]
    assessment: SelfAssessment | None
    lines: list[AssessmentLine]
    improvements: list[LearningAction]
    statements: YearStatements = field(default_factory=YearStatements)

    @property
    def non_compliance(self) -> list[AssessmentLine]:
        """Findings of non-compliance: provisions assessed as not complied with."""
        return [line for line in self.lines if line.row.complies is False]

    @property
    def not_assessed_count(self) -> int:
        return sum(1 for line in self.lines if line.row.complies is None)

    @property
    def sections(self) -> list[tuple[int, str, list[AssessmentLine]]]:
        return assessment_sections(self.lines)


def assessment_sections[Item: (AssessmentLine, SelfAssessmentRow)](
    items: list[Item],
) -> list[tuple[int, str, list[Item]]]:
    """The rows (or report lines) grouped by the Code's sections 1 to 9, each with its title."""
    grouped: dict[int, list[Item]] = {}
    for item in items:
        row = item.row if isinstance(item, AssessmentLine) else item
        grouped.setdefault(row.section, []).append(item)
    return [(number, SECTIONS.get(number, ""), found) for number, found in sorted(grouped.items())]


def assessment_rows(assessment: SelfAssessment | None) -> list[SelfAssessmentRow]:
    """The saved rows, or unsaved rows from the Code's provisions when the year has not been started."""
    if assessment is not None:
        return list(assessment.rows.all())
    positions: dict[int, int] = {}
    rows = []
    for provision in CODE_PROVISIONS:
        positions[provision.section] = positions.get(provision.section, 0) + 1
        rows.append(
            SelfAssessmentRow(
                section=provision.section,
                position=positions[provision.section],
                provision=provision.provision,
                requirement=provision.requirement,
                source=provision.source,
            )
        )
    return rows


def code_evidence(
    cases: QuerySet[Case],
    period: Period,
    *,
    settings: ReportSettings,
    improvements: int,
    columns: Q | None = None,
) -> CodeEvidence:
    """The year's Code evidence for the cases the reader may see.

    With `columns` (`selectors.reported_columns`: the reader's cases said as a case's service and whether it is
    restricted), the figures about stages, received and declined cases and remedies are sums over the period's
    stage and case totals (reporting/totals.py), as the committee figures are; otherwise each is worked out from the
    cases (reporting/queries.py). The ombudsman's remedies and the late complaints, few, are read from their own
    rows either way."""
    if columns is None:
        return _evidence_from_cases(cases, period, settings=settings, improvements=improvements)
    code = queries.under_the_code(cases)
    # The reader's totals of the procedures under the Code: a handful of ids, named so the totals' index is read first.
    code_columns = columns & Q(procedure__in=list(queries.code_procedures().values_list("pk", flat=True)))
    stages = totals.stage_evidence(code_columns, period)
    every = totals.declined(columns, period)
    timeliness = facts.stage_figures(code, period, None, columns=code_columns, average_days=False).timeliness
    return CodeEvidence(
        cases_by_channel=totals.cases_by_channel(code_columns, period),
        refused=sum(row.count for row in totals.declined(code_columns, period).by_service),
        definitions=stages.definitions,
        timeliness=timeliness,
        extensions=stages.extensions,
        later_stage_same_handler=stages.later_stage_same_handler,
        remedies=totals.remedies_offered(code_columns, period, queries.NO_FILTERS),
        improvements=improvements,
        ombudsman_compliance=queries.ombudsman_compliance(code, period),
        extensions_count=settings.extensions_count_as_within_timescale,
        refused_by_service=every.by_service,
        refused_by_category=every.by_category,
        late_complaints=late_complaints(code, period),
    )


def _evidence_from_cases(
    cases: QuerySet[Case], period: Period, *, settings: ReportSettings, improvements: int
) -> CodeEvidence:
    code = queries.under_the_code(cases)
    return CodeEvidence(
        cases_by_channel=queries.volumes_by_channel(code, period),
        refused=sum(row.count for row in queries.declined_by_service(code, period)),
        definitions=queries.definitions_recorded(code, period),
        timeliness=queries.timeliness(code, period),
        extensions=queries.extensions(code, period),
        later_stage_same_handler=queries.later_stage_handled_by_earlier_handler(code, period),
        remedies=queries.remedies(code, period),
        improvements=improvements,
        ombudsman_compliance=queries.ombudsman_compliance(code, period),
        extensions_count=settings.extensions_count_as_within_timescale,
        refused_by_service=queries.declined_by_service(cases, period),
        refused_by_category=queries.declined_by_category(cases, period),
        late_complaints=late_complaints(code, period),
    )


def annual_report(
    user: User,
    cases: QuerySet[Case],
    year: int,
    *,
    organisation: Organisation,
    settings: ReportSettings,
    today: date,
    figures: CommitteeReport | None = None,
    evidence: CodeEvidence | None = None,
) -> AnnualReport:
    """The year's report for the cases the reader may see (`cases_visible_to(user)`).

    `figures` and `evidence`, when given, are the year's committee figures and Code evidence already worked out
    for this reader (reporting/snapshots.py); otherwise they are worked out here."""
    period = financial_year(year)
    assessment = assessment_for_report(year)
    improvements = list(improvements_reported_to(user, period))
    if evidence is None:
        evidence = code_evidence(cases, period, settings=settings, improvements=len(improvements))
    figures = figures or committee_report(
        cases, period, organisation=organisation, settings=settings, today=today, services=services_reported_to(user)
    )
    lines = [
        AssessmentLine(
            row,
            [
                *(EVIDENCE[row.provision](evidence) if row.provision in EVIDENCE else []),
                *(FIGURE_EVIDENCE[row.provision](figures) if row.provision in FIGURE_EVIDENCE else []),
            ],
        )
        for row in assessment_rows(assessment)
    ]
    return AnnualReport(
        year=year,
        period=period,
        organisation=organisation,
        today=today,
        figures=figures,
        evidence=evidence,
        refused_by_service=evidence.refused_by_service,
        refused_by_category=evidence.refused_by_category,
        assessment=assessment,
        lines=lines,
        improvements=improvements,
        statements=year_statements(year),
    )
