"""The annual reports of the statutory social care complaints procedures in England (docs/rules.md: councils
report "statutory adult and children's counts separately").

- Adult social care, the Local Authority Social Services and NHS Complaints (England) Regulations 2009
  (SI 2009/309), reg 18: the number of complaints received; the number decided to be well-founded; the number the
  council was told were referred to the ombudsman; a summary of their subjects, of matters of general importance
  arising from them or from how they were handled, and of action taken or to be taken to improve services.
  The Local Government and Social Care Ombudsman's guide for adult social care lists the same items; the page
  asks the council to check them against the regulation before publishing.
- Children's social care, the Children Act 1989 Representations Procedure (England) Regulations 2006
  (SI 2006/1738): councils must record each representation, its outcome and whether the time
  limits were met, and produce an annual report with no identifiable personal data (Hansard, 12 Jan 2009). The
  report gives representations by stage (1 local resolution, 2 investigation, 3 review panel), timeliness per
  stage, outcomes, advocacy where recorded, and learning.

Figures are counts: no names, no references. Each comes from one tested query, over the cases passed in
(`cases_visible_to(user)`); the pages are open only to people who may see restricted (social care) cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from putright.cases.choices import Outcome
from putright.cases.models import Case
from putright.core.periods import Period, financial_year
from putright.learning.choices import OPEN_ACTION_STATUSES, ActionStatus
from putright.learning.models import LearningAction
from putright.learning.selectors import actions_for_cases
from putright.organisation.models import Organisation, User
from putright.reporting import queries
from putright.reporting.choices import StatutoryReport
from putright.reporting.models import StatutoryReportCommentary
from putright.reporting.queries import Share
from putright.reporting.selectors import statutory_commentary


@dataclass(frozen=True)
class StatutoryKind:
    """One statutory report: which procedure's cases it counts and how that procedure's stages are named."""

    report: StatutoryReport
    slug: str  # in the URL: /reports/statutory/<slug>/
    procedure_slug: str  # the preset procedure (and the council's copies of it)
    title: str
    regulations: str
    stage_names: dict[int, str]
    body_template: str

    @property
    def stage_count(self) -> int:
        return len(self.stage_names)


ADULT = StatutoryKind(
    report=StatutoryReport.ADULT,
    slug="adult",
    procedure_slug="adult-social-care",
    title="Adult social care complaints: annual report",
    regulations="Local Authority Social Services and NHS Complaints (England) Regulations 2009 (SI 2009/309), reg 18",
    stage_names={1: "Response"},
    body_template="reporting/_statutory_adult.html",
)
CHILDREN = StatutoryKind(
    report=StatutoryReport.CHILDREN,
    slug="children",
    procedure_slug="childrens-social-care",
    title="Children's social care representations: annual report",
    regulations="Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738)",
    stage_names={1: "Local resolution", 2: "Investigation", 3: "Review panel"},
    body_template="reporting/_statutory_children.html",
)
KINDS = {kind.slug: kind for kind in (ADULT, CHILDREN)}


def under_procedure(cases: QuerySet[Case], procedure_slug: str) -> QuerySet[Case]:
    """Cases under the preset procedure or a council's copy of it (`based_on`), as `queries.under_the_code` does."""
    return cases.filter(
        Q(procedure_version__procedure__slug=procedure_slug)
        | Q(procedure_version__procedure__based_on__slug=procedure_slug)
    )


# --- figures (each over cases already narrowed to the procedure) ------------------------------------------------


def received_by_stage(cases: QuerySet[Case], period: Period, stage_count: int) -> dict[int, int]:
    """Stages whose clock started in the period (complaints received at stage 1, requests for stages 2 and 3)."""
    received = queries.stages_received(cases, period)
    return {number: received.get(number, 0) for number in range(1, stage_count + 1)}


def timeliness_by_stage(cases: QuerySet[Case], period: Period, stage_count: int) -> list[queries.StageTimeliness]:
    """Per stage: acknowledged in time, and answered within the timescale with and without agreed extensions."""
    rows = {row.stage: row for row in queries.timeliness(cases, period)}
    none = Share(0, 0)
    return [rows.get(number, queries.StageTimeliness(number, none, none, none)) for number in range(1, stage_count + 1)]


def outcomes_by_stage(cases: QuerySet[Case], period: Period, stage_count: int) -> list[queries.OutcomeRow]:
    """Per stage: outcomes of stages ended in the period (every stage listed, with zeros)."""
    rows = {row.stage: row for row in queries.outcomes_by_stage(cases, period)}
    return [
        rows.get(number, queries.OutcomeRow(number, "", {value: 0 for value in Outcome.values}))
        for number in range(1, stage_count + 1)
    ]


def _extensions_by_stage(cases: QuerySet[Case], period: Period, stage_count: int) -> list[queries.ExtensionFigures]:
    rows = {row.stage: row for row in queries.extensions(cases, period)}
    return [rows.get(number, queries.ExtensionFigures(number, 0, 0)) for number in range(1, stage_count + 1)]


def panel_timeliness(cases: QuerySet[Case], period: Period) -> Share:
    """Review panels that met in the period within 30 working days of the stage 3 request (SI 2006/1738 reg 19),
    of the panels that met in the period."""
    totals = (
        queries.complaint_stages(cases)
        .filter(panel_met_on__gte=period.start, panel_met_on__lte=period.end, panel_meeting_due_date__isnull=False)
        .aggregate(met=Count("pk"), on_time=Count("pk", filter=Q(panel_met_on__lte=F("panel_meeting_due_date"))))
    )
    return Share(totals["on_time"], totals["met"])


def well_founded(cases: QuerySet[Case], period: Period) -> Share:
    """Decisions made in the period that the complaint was well-founded (upheld or partly upheld), of the decisions
    on the merits (upheld, partly upheld, not upheld; resolved early and withdrawn make no finding). The adult
    procedure has one stage, so this is one decision per complaint."""
    totals = (
        queries.complaint_stages(cases)
        .filter(responded_date__gte=period.start, responded_date__lte=period.end, outcome__in=queries.DECIDED_OUTCOMES)
        .aggregate(decided=Count("pk"), founded=Count("pk", filter=Q(outcome__in=queries.UPHELD_OUTCOMES)))
    )
    return Share(totals["founded"], totals["decided"])


@dataclass(frozen=True)
class Advocacy:
    """Representations received in the period, and how many came through a representative or an advocate."""

    received: int
    with_representative: int
    with_advocate: int


# PutRight has no advocacy field: a representative whose recorded relationship mentions advocacy ("advocate",
# "Advocacy service") is counted as an advocate. The page says so.
ADVOCATE_WORD = "advoca"


def advocacy(cases: QuerySet[Case], period: Period) -> Advocacy:
    """Complaints received in the period; those made through a representative; those whose representative's
    relationship is recorded as an advocate."""
    totals = (
        queries.received_in(queries.complaints(cases), period)
        .order_by()
        .aggregate(
            received=Count("pk"),
            with_representative=Count("pk", filter=Q(representative__isnull=False)),
            with_advocate=Count("pk", filter=Q(representative__relationship__icontains=ADVOCATE_WORD)),
        )
    )
    return Advocacy(**totals)


@dataclass(frozen=True)
class Learning:
    """Learning actions from the procedure's cases: raised and completed in the period, open now, and the completed
    ones a manager chose to publish ("you said, we did"), the only ones whose words are shown."""

    raised: int
    completed: int
    open_now: int
    published: list[LearningAction]


def learning(user: User, cases: QuerySet[Case], period: Period) -> Learning:
    """Learning actions raised from `cases` that the user may see, counted for the period."""
    start, end = period.bounds()
    actions = LearningAction.objects.filter(pk__in=actions_for_cases(user, cases).values("pk"))
    completed_in_period = Q(status=ActionStatus.DONE, completed_date__gte=period.start, completed_date__lte=period.end)
    totals = actions.order_by().aggregate(
        raised=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        completed=Count("pk", filter=completed_in_period),
        open_now=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
    )
    published = list(actions.filter(completed_in_period, is_published=True).order_by("completed_date", "pk"))
    return Learning(published=published, **totals)


# --- the report -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageLine:
    """One stage's line of the report: what started, how it was answered, how long it took."""

    number: int
    name: str
    received: int
    timeliness: queries.StageTimeliness
    average_days: float | None
    extensions: queries.ExtensionFigures


@dataclass(frozen=True)
class StatutoryFigures:
    kind: StatutoryKind
    year: int
    period: Period
    organisation: Organisation
    today: date
    received: dict[int, int]
    timeliness: list[queries.StageTimeliness]
    average_days: dict[int, float | None]
    extensions: list[queries.ExtensionFigures]
    outcomes: list[queries.OutcomeRow]
    well_founded: Share
    panels: Share  # review panels that met within their time limit, of those that met in the year
    ombudsman: list[queries.OmbudsmanFigures]
    subjects: list[queries.Row]
    by_service: list[queries.Row]
    advocacy: Advocacy
    learning: Learning
    commentary: StatutoryReportCommentary | None

    @property
    def referred_to_ombudsman(self) -> int:
        return sum(row.referred for row in self.ombudsman)

    @property
    def stage_lines(self) -> list[StageLine]:
        return [
            StageLine(
                number=number,
                name=name,
                received=self.received[number],
                timeliness=self.timeliness[number - 1],
                average_days=self.average_days[number],
                extensions=self.extensions[number - 1],
            )
            for number, name in self.kind.stage_names.items()
        ]


def statutory_report(
    user: User, cases: QuerySet[Case], kind: StatutoryKind, year: int, *, organisation: Organisation, today: date
) -> StatutoryFigures:
    """One financial year's figures for the procedure's cases among those the reader may see."""
    period = financial_year(year)
    mine = under_procedure(cases, kind.procedure_slug)
    count = kind.stage_count
    average = queries.average_working_days_to_respond(mine, period, organisation)
    return StatutoryFigures(
        kind=kind,
        year=year,
        period=period,
        organisation=organisation,
        today=today,
        received=received_by_stage(mine, period, count),
        timeliness=timeliness_by_stage(mine, period, count),
        average_days={number: average.get(number) for number in range(1, count + 1)},
        extensions=_extensions_by_stage(mine, period, count),
        outcomes=outcomes_by_stage(mine, period, count),
        well_founded=well_founded(mine, period),
        panels=panel_timeliness(mine, period),
        ombudsman=queries.ombudsman_figures(mine, period),
        subjects=queries.volumes_by_category(mine, period),
        by_service=queries.volumes_by_service(mine, period),
        advocacy=advocacy(mine, period),
        learning=learning(user, mine, period),
        commentary=statutory_commentary(kind.report, year),
    )
