"""The figures councils publish: one tested query per figure (docs/rules.md, Reports).

Every function takes the cases the reader may see (`cases_visible_to(user)` from views), a `Period` and
optional `Filters`, runs one aggregate query and returns plain numbers or rows. Nothing here loads a row per
case, so the figures stay quick on a million cases.

Definitions used throughout (shown on the pages too):
- A *complaint* is a case of kind "complaint" under a complaint procedure (member enquiries and service
  requests are not complaints, docs/rules.md).
- Cases are counted in the period they were *received* (local date of `Case.received_at`); stages in the
  period their clock started (`Stage.received_date`: receipt of the complaint, or of the escalation request).
- A stage is *responded* in the period of its `responded_date`; a withdrawal is not a response.
- *Within timescale* means answered by the stage's current response date, so within an agreed extension;
  *within the original timescale* ignores extensions. Which one the headline uses is a report setting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from putright.cases.choices import CaseKind, CaseStatus, Channel, Outcome, RemedyType
from putright.cases.models import OPEN, Case, Extension, Remedy, Stage
from putright.core.periods import Period
from putright.ombudsman.choices import AT_FAULT, INVESTIGATED, REFERRABLE, Decision
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.organisation.models import Organisation, ServiceArea
from putright.procedures.models import Procedure
from putright.procedures.selectors import calendar_for

NOT_RECORDED = "Not recorded"

# Outcomes that are a decision on the merits: the denominator of the uphold rate. "Resolved early" and
# "withdrawn" are reported but make no finding (docs/rules.md: upheld / partly upheld / not upheld by stage).
DECIDED_OUTCOMES = (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)
UPHELD_OUTCOMES = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)


@dataclass(frozen=True)
class Filters:
    """Narrow the figures to one service, one procedure and/or one directorate (`ServiceArea.directorate`)."""

    service: ServiceArea | None = None
    procedure: Procedure | None = None
    directorate: str | None = None


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a stable key, what to call it, and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Share:
    """`numerator` of `denominator`, with the percentage (None when there is nothing to divide by)."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)


@dataclass(frozen=True)
class StageTimeliness:
    stage: int
    acknowledged: Share  # acknowledged by the acknowledgement date, of stages acknowledged in the period
    responded: Share  # answered by the current response date (within any extension)
    responded_original: Share  # answered by the original response date (extensions ignored)
    # answered in the period after an extension beyond the procedure's own (local) limit, with a good reason
    beyond_local_limit: int = 0


@dataclass(frozen=True)
class OpenNow:
    stage: int | None
    open_count: int
    overdue_count: int


@dataclass(frozen=True)
class OutcomeRow:
    stage: int
    service: str  # empty when the row is for every service
    counts: dict[str, int] = field(default_factory=dict)  # outcome value -> count, every outcome present

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def uphold_rate(self) -> Share:
        """Upheld or partly upheld, of stages decided upheld, partly upheld or not upheld."""
        return Share(
            sum(self.counts[o] for o in UPHELD_OUTCOMES),
            sum(self.counts[o] for o in DECIDED_OUTCOMES),
        )


@dataclass(frozen=True)
class RemedySummary:
    count: int
    by_type: list[Row]
    total_compensation: Decimal


@dataclass(frozen=True)
class PerHomes:
    """TSM CH01 for one stage: complaints received per 1,000 homes."""

    stage: int
    count: int
    homes: int | None

    @property
    def per_1000(self) -> Decimal | None:
        if not self.homes:
            return None
        return (Decimal(self.count) * 1000 / self.homes).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CodeTimescales:
    """TSM CH02 for one stage, both ways of treating extensions (the Regulator's texts leave it open: docs/rules.md)."""

    stage: int
    within_extension: Share
    within_original: Share
    extensions_count: bool

    @property
    def headline(self) -> Share:
        return self.within_extension if self.extensions_count else self.within_original


# --- scoping ---------------------------------------------------------------------------------------------


def filtered(cases: QuerySet[Case], filters: Filters = NO_FILTERS) -> QuerySet[Case]:
    if filters.service is not None:
        cases = cases.filter(service_area=filters.service)
    if filters.procedure is not None:
        cases = cases.filter(procedure_version__procedure=filters.procedure)
    if filters.directorate:
        cases = cases.filter(service_area__directorate=filters.directorate)
    return cases


def received_in(cases: QuerySet[Case], period: Period) -> QuerySet[Case]:
    start, end = period.bounds()
    return cases.filter(received_at__gte=start, received_at__lt=end)


def complaints(cases: QuerySet[Case]) -> QuerySet[Case]:
    # The complaint procedures as a list the database reads first (a handful): joined through to the procedure
    # instead, SQLite without statistics reads every case of each procedure before any other condition narrows them.
    return cases.filter(
        kind=CaseKind.COMPLAINT,
        procedure_version__procedure__in=Procedure.objects.filter(is_complaint_procedure=True).values("pk"),
    )


# The preset Joint Code procedure; a council's own copies of it (`based_on`) are under the Code too.
CODE_PROCEDURE_SLUG = "joint-code"


def under_the_code(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases under the Complaint Handling Code, not a statutory procedure (docs/rules.md: the LGSCO Code does not
    apply where a statutory process exists), for the Code self-assessment's evidence."""
    return cases.filter(procedure_version__procedure__in=code_procedures())


def code_procedures() -> QuerySet[Procedure]:
    """The procedures under the Code: the preset and the council's copies of it."""
    return Procedure.objects.filter(Q(slug=CODE_PROCEDURE_SLUG) | Q(based_on__slug=CODE_PROCEDURE_SLUG))


def complaint_stages(cases: QuerySet[Case], filters: Filters = NO_FILTERS) -> QuerySet[Stage]:
    """Stages of the complaints in `cases` (a subquery, so the reader's visibility rules carry through).

    The subquery is asked of each stage the caller's other conditions (a period's dates, by their index) let
    through: `case IN (cases)` would first read every case the reader may see, whatever the period."""
    return Stage.objects.filter(of_complaints(cases, filters))


def of_complaints(cases: QuerySet[Case], filters: Filters = NO_FILTERS, case_id: str = "case_id") -> Exists:
    """A condition on rows whose `case_id` field names one of the complaints in `cases`, asked row by row."""
    return Exists(complaints(filtered(cases, filters)).filter(pk=OuterRef(case_id)))


def _responded_in(stages: QuerySet[Stage], period: Period) -> QuerySet[Stage]:
    return stages.filter(responded_date__gte=period.start, responded_date__lte=period.end).exclude(
        outcome=Outcome.WITHDRAWN
    )


# --- volumes ---------------------------------------------------------------------------------------------


def breakdown_rows(pairs: Iterable[tuple[object, int]]) -> list[Row]:
    """Rows sorted by label with "Not recorded" last (the databases sort NULL differently, so sort here)."""
    rows = [Row(str(key or ""), str(key or "") or NOT_RECORDED, count) for key, count in pairs]
    return sorted(rows, key=lambda row: (row.key == "", row.label.lower()))


def all_choices(counts: dict[str, int], choices: Iterable[tuple[str, object]]) -> list[Row]:
    return [Row(value, str(label), counts.get(value, 0)) for value, label in choices]


def volumes_by_kind(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Cases received in the period by kind (complaint, service request ...), every kind listed."""
    counts = dict(received_in(filtered(cases, filters), period).order_by().values_list("kind").annotate(n=Count("pk")))
    return all_choices(counts, CaseKind.choices)


def volumes_by_channel(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Cases received in the period by how the contact came in, every channel listed."""
    counts = dict(
        received_in(filtered(cases, filters), period).order_by().values_list("contact__channel").annotate(n=Count("pk"))
    )
    return all_choices(counts, Channel.choices)


def volumes_by_procedure(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Cases received in the period by procedure ("Not recorded" for comments and compliments)."""
    pairs = (
        received_in(filtered(cases, filters), period)
        .order_by()
        .values_list("procedure_version__procedure__name")
        .annotate(n=Count("pk"))
    )
    return breakdown_rows(pairs)


def volumes_by_service(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Complaints received in the period by service (directorate shown in the label when set)."""
    pairs = (
        received_in(complaints(filtered(cases, filters)), period)
        .order_by()
        .values_list("service_area__name", "service_area__directorate")
        .annotate(n=Count("pk"))
        .order_by("service_area__directorate", "service_area__name")
    )
    return [Row(name, f"{directorate}: {name}" if directorate else name, count) for name, directorate, count in pairs]


def volumes_by_category(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Complaints received in the period by category. A case in two categories counts in both."""
    pairs = (
        received_in(complaints(filtered(cases, filters)), period)
        .order_by()
        .values_list("categories__name")
        .annotate(n=Count("pk"))
    )
    return breakdown_rows(pairs)


def volumes_by_ward(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Complaints received in the period by ward ("Not recorded" when the ward is unknown)."""
    pairs = (
        received_in(complaints(filtered(cases, filters)), period).order_by().values_list("ward").annotate(n=Count("pk"))
    )
    return breakdown_rows(pairs)


@dataclass(frozen=True)
class Volumes:
    """The volume breakdowns of one period, as the functions above give them one by one."""

    by_kind: list[Row]
    by_channel: list[Row]
    by_procedure: list[Row]
    by_service: list[Row]
    by_ward: list[Row]


def volumes(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> Volumes:
    """`volumes_by_kind`, `_channel`, `_procedure`, `_service` and `_ward` from one grouped read of the cases
    received in the period, added up here (categories, many to a case, are read on their own)."""
    groups = list(
        received_in(filtered(cases, filters), period)
        .order_by()
        .values_list(
            "kind",
            "contact__channel",
            "procedure_version__procedure__name",
            "procedure_version__procedure__is_complaint_procedure",
            "service_area__name",
            "service_area__directorate",
            "ward",
        )
        .annotate(n=Count("pk"))
    )
    kinds: dict[str, int] = defaultdict(int)
    channels: dict[str, int] = defaultdict(int)
    procedures: dict[object, int] = defaultdict(int)
    services: dict[tuple[str, str], int] = defaultdict(int)
    wards: dict[object, int] = defaultdict(int)
    for kind, channel, procedure, is_complaint_procedure, service, directorate, ward, count in groups:
        kinds[kind] += count
        channels[channel] += count
        procedures[procedure] += count
        if kind == CaseKind.COMPLAINT and is_complaint_procedure:  # `complaints`
            services[(service, directorate)] += count
            wards[ward] += count
    return Volumes(
        by_kind=all_choices(kinds, CaseKind.choices),
        by_channel=all_choices(channels, Channel.choices),
        by_procedure=breakdown_rows(procedures.items()),
        by_service=[
            Row(name, f"{directorate}: {name}" if directorate else name, count)
            for (name, directorate), count in sorted(services.items(), key=lambda item: item[0][::-1])
        ],
        by_ward=breakdown_rows(wards.items()),
    )


def stages_received(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> dict[int, int]:
    """Complaint stages whose clock started in the period, by stage number (stages 1 and 2 always present)."""
    pairs = (
        complaint_stages(cases, filters)
        .filter(received_date__gte=period.start, received_date__lte=period.end)
        .order_by()
        .values_list("number")
        .annotate(n=Count("pk"))
    )
    return {1: 0, 2: 0} | dict(pairs)


def escalated() -> Exists:
    """A condition on stages: escalated to, that is, following an earlier stage of the same case. A case need not
    start at stage 1: under the SPSO and NIPSO model procedures a clearly complex complaint may start at stage 2,
    and was then never escalated. The one statement of "escalated" for every figure (the stage facts keep it,
    reporting/facts.py)."""
    return Exists(Stage.objects.filter(case_id=OuterRef("case_id"), number__lt=OuterRef("number")))


def stages_escalated(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> dict[int, int]:
    """Of `stages_received`, those escalated to (`escalated`), by stage number (stage 2 always present)."""
    pairs = (
        complaint_stages(cases, filters)
        .filter(escalated(), received_date__gte=period.start, received_date__lte=period.end)
        .order_by()
        .values_list("number")
        .annotate(n=Count("pk"))
    )
    return {2: 0} | dict(pairs)


def escalation_of(received: dict[int, int], escalated: dict[int, int]) -> Share:
    """The escalation rate: stage 2 complaints received that were escalated from stage 1, of stage 1 complaints
    received (`stages_received` and `stages_escalated` of one period). A complaint that started at stage 2 was never
    escalated: counting it would inflate the rate, even past 100%."""
    return Share(escalated[2], received[1])


def escalation_rate(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> Share:
    """Stage 2 complaints received in the period that were escalated from stage 1, of stage 1 complaints received
    in the period (`escalation_of`)."""
    return escalation_of(stages_received(cases, period, filters), stages_escalated(cases, period, filters))


def complaints_per_100k(
    cases: QuerySet[Case], period: Period, population: int | None, filters: Filters = NO_FILTERS
) -> Decimal | None:
    """Complaints (stage 1) received in the period per 100,000 residents; None without a population."""
    if not population:
        return None
    return per_100k(stages_received(cases, period, filters)[1], population)


def per_100k(count: int, population: int | None) -> Decimal | None:
    """`count` per 100,000 residents, to the penny; None without a population."""
    if not population:
        return None
    return (Decimal(count) * 100_000 / population).quantize(Decimal("0.01"))


# --- timeliness ------------------------------------------------------------------------------------------


# An extension past a local cap carries its good reason; a cap fixed by regulation cannot be passed at all
# (docs/rules-deadlines.md, "Extension caps").
_extended_beyond_local_limit = Extension.objects.filter(stage=OuterRef("pk")).exclude(good_reason="")


def timeliness(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[StageTimeliness]:
    """Per stage: acknowledged within timescale, and responded within timescale with and without extensions."""
    in_period = Q(responded_date__gte=period.start, responded_date__lte=period.end) & ~Q(outcome=Outcome.WITHDRAWN)
    acknowledged = Q(
        acknowledged_date__gte=period.start, acknowledged_date__lte=period.end, acknowledge_due_date__isnull=False
    )
    rows = (
        complaint_stages(cases, filters)
        .filter(in_period | acknowledged)
        .order_by()
        .values("number")
        .annotate(
            ack=Count("pk", filter=acknowledged),
            ack_on_time=Count("pk", filter=acknowledged & Q(acknowledged_date__lte=F("acknowledge_due_date"))),
            responded=Count("pk", filter=in_period),
            within=Count("pk", filter=in_period & Q(responded_date__lte=F("response_due_date"))),
            within_original=Count("pk", filter=in_period & Q(responded_date__lte=F("original_response_due_date"))),
            beyond_local_limit=Count("pk", filter=in_period & Q(Exists(_extended_beyond_local_limit))),
        )
    )
    by_stage = {row["number"]: row for row in rows}
    empty = {"ack": 0, "ack_on_time": 0, "responded": 0, "within": 0, "within_original": 0, "beyond_local_limit": 0}
    result = []
    for number in sorted({1, 2} | set(by_stage)):
        row = by_stage.get(number, empty)
        result.append(
            StageTimeliness(
                stage=number,
                acknowledged=Share(row["ack_on_time"], row["ack"]),
                responded=Share(row["within"], row["responded"]),
                responded_original=Share(row["within_original"], row["responded"]),
                beyond_local_limit=row["beyond_local_limit"],
            )
        )
    return result


def average_working_days_to_respond(
    cases: QuerySet[Case], period: Period, organisation: Organisation | None, filters: Filters = NO_FILTERS
) -> dict[int, float | None]:
    """Per stage: mean working days from the stage's clock start to its response, for stages answered in the period.

    One query groups the stages by (received, responded) dates, so the calendar arithmetic runs once per
    distinct pair of dates, not once per case. Bank holidays and weekends are not counted; a response sent on
    a bank holiday counts the working days up to it.
    """
    groups = list(
        _responded_in(complaint_stages(cases, filters), period)
        .order_by()
        .values_list("number", "received_date", "responded_date", "rule__version__excludes_boxing_day")
        .annotate(n=Count("pk"))
    )
    return average_working_days(groups, organisation)


def average_working_days(
    groups: list[tuple[int, date, date, bool, int]], organisation: Organisation | None
) -> dict[int, float | None]:
    """Per stage number, the mean working days from (stage number, received, responded, excludes Boxing Day,
    how many) groups; stages 1 and 2 always present."""
    totals: dict[int, list[int]] = {1: [0, 0], 2: [0, 0]}
    if not groups:
        return {number: None for number in totals}
    base = calendar_for(organisation)
    first = min(received for _number, received, *_rest in groups)
    last = max(responded for _number, _received, responded, *_rest in groups)
    counters = {
        False: base.working_days_counter(first, last),
        True: replace(base, excludes_boxing_day=True).working_days_counter(first, last),
    }
    for number, received, responded, boxing_day, count in groups:
        days = counters[bool(boxing_day)].between(received, responded)
        totals.setdefault(number, [0, 0])
        totals[number][0] += count * days
        totals[number][1] += count
    return {number: round(days / n, 1) if n else None for number, (days, n) in sorted(totals.items())}


@dataclass(frozen=True)
class AnsweredDays:
    """The stages answered in a period, summed for `average_working_days_summed`: by stage, how many and their
    weekdays from received to answered (`calendar.weekdays_between`); and (stage, day, excludes Boxing Day, how many)
    how many ran over each weekday that may not be a working day (`calendar.days_perhaps_off_between`, and the
    organisation's closure days)."""

    answered: dict[int, int]
    weekdays: dict[int, int]
    spans: list[tuple[int, date, bool, int]]


def average_working_days_summed(days: AnsweredDays, organisation: Organisation | None) -> dict[int, float | None]:
    """`average_working_days` from sums: a stage's working days are its weekdays less those it ran over that the
    organisation's calendar does not count. A few rows to add up, not thousands of pairs of dates."""
    base = calendar_for(organisation)
    calendars = {False: base, True: replace(base, excludes_boxing_day=True)}
    totals: dict[int, list[int]] = {1: [0, 0], 2: [0, 0]}
    for number, count in days.answered.items():
        totals[number] = [days.weekdays.get(number, 0), count]
    for number, day, boxing_day, count in days.spans:
        if calendars[boxing_day].non_working_reason(day) is not None:
            totals.setdefault(number, [0, 0])[0] -= count
    return {number: round(total / n, 1) if n else None for number, (total, n) in sorted(totals.items())}


def open_and_overdue(cases: QuerySet[Case], today: date, filters: Filters = NO_FILTERS) -> list[OpenNow]:
    """Complaints open now by their current stage, and how many are past what is due next."""
    # The open cases alone, counted from their own index (cases.models: case_open_complaint_idx), which holds every
    # column asked of them here: the stage's number is the one the lifecycle keeps on the case, not read from the stage.
    rows = (
        complaints(filtered(cases, filters))
        .filter(OPEN)
        .order_by()
        .values_list("current_stage_number")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(next_due_date__lt=today)))
    )
    by_stage = {number: (n, overdue) for number, n, overdue in rows}
    numbers = sorted({1, 2} | {number for number in by_stage if number is not None})
    return [OpenNow(number, *by_stage.get(number, (0, 0))) for number in numbers]


# --- outcomes and remedies -------------------------------------------------------------------------------


def _outcome_rows(stages: QuerySet[Stage], *, by_service: bool) -> list[OutcomeRow]:
    if by_service:
        rows = stages.order_by().values_list("number", "case__service_area__name", "outcome").annotate(n=Count("pk"))
        return outcome_rows(rows)
    return outcome_rows(
        (number, "", outcome, n)
        for number, outcome, n in stages.order_by().values_list("number", "outcome").annotate(n=Count("pk"))
    )


def outcome_rows(rows: Iterable[tuple[int, str, str, int]]) -> list[OutcomeRow]:
    """Outcome rows from (stage number, service name or "", outcome, how many), sorted by service then stage."""
    grouped: dict[tuple[int, str], dict[str, int]] = {}
    outcomes = Outcome.values
    for number, service, outcome, count in rows:
        key = (number, service)
        counts = grouped.setdefault(key, dict.fromkeys(outcomes, 0))
        counts[outcome] = counts.get(outcome, 0) + count
    return [
        OutcomeRow(stage, service, counts)
        for (stage, service), counts in sorted(grouped.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


def _ended_in(stages: QuerySet[Stage], period: Period) -> QuerySet[Stage]:
    """Stages with an outcome recorded in the period, withdrawals included (they show in the outcome table)."""
    return stages.filter(responded_date__gte=period.start, responded_date__lte=period.end).exclude(outcome="")


def outcomes_by_stage(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[OutcomeRow]:
    """Outcomes of complaint stages ended in the period, per stage, with the uphold rate."""
    return _outcome_rows(_ended_in(complaint_stages(cases, filters), period), by_service=False)


def outcomes_by_service(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[OutcomeRow]:
    """Outcomes of complaint stages ended in the period, per service and stage."""
    return _outcome_rows(_ended_in(complaint_stages(cases, filters), period), by_service=True)


def remedies(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> RemedySummary:
    """Remedies offered in responses sent in the period, by type, and the financial remedies' total."""
    # Through the stages answered in the period (their date's index), each asked whether its case is the reader's.
    rows = (
        Remedy.objects.filter(stage__responded_date__gte=period.start, stage__responded_date__lte=period.end)
        .exclude(stage__outcome=Outcome.WITHDRAWN)
        .filter(of_complaints(cases, filters, "stage__case_id"))
        .order_by()
        .values_list("remedy_type")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    counts: dict[str, int] = {}
    compensation = Decimal("0.00")
    for remedy_type, count, total in rows:
        counts[remedy_type] = count
        if remedy_type == RemedyType.FINANCIAL and total is not None:
            compensation += Decimal(total)
    return RemedySummary(
        count=sum(counts.values()),
        by_type=all_choices(counts, RemedyType.choices),
        total_compensation=compensation.quantize(Decimal("0.01")),
    )


# --- Tenant Satisfaction Measures (docs/rules.md) ---------------------------------------------------------


def housing(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The landlord's complaints: cases in services marked as housing."""
    return cases.filter(service_area__is_housing=True)


def tsm_ch01(cases: QuerySet[Case], period: Period, homes: int | None) -> list[PerHomes]:
    """CH01: stage 1 and stage 2 complaints received in the period per 1,000 homes (housing services only)."""
    received = stages_received(housing(cases), period)
    return [PerHomes(stage, received[stage], homes) for stage in (1, 2)]


def tsm_ch02(cases: QuerySet[Case], period: Period, extensions_count: bool) -> list[CodeTimescales]:
    """CH02: stage 1 and stage 2 complaints responded to within the Code timescales (housing services only)."""
    rows = {row.stage: row for row in timeliness(housing(cases), period)}
    return [
        CodeTimescales(stage, rows[stage].responded, rows[stage].responded_original, extensions_count)
        for stage in (1, 2)
    ]


# --- the ombudsman stage (docs/rules.md) ---------------------------------------------------------


@dataclass(frozen=True)
class OmbudsmanFigures:
    """For one ombudsman: complaints it told us of, and decisions it made, in the period."""

    ombudsman: str
    label: str
    referred: int
    decided: int
    investigated: int
    at_fault: int
    remedied_locally: int

    @property
    def uphold_rate(self) -> Share:
        """Upheld or at fault, of detailed investigations (the LGSCO's definition, docs/rules.md)."""
        return Share(self.at_fault, self.investigated)


@dataclass(frozen=True)
class OmbudsmanCompliance:
    """Ombudsman remedies due in the period: done on time, done late, not yet done."""

    due: int
    on_time: int
    late: int
    outstanding: int

    @property
    def compliance(self) -> Share:
        return Share(self.on_time, self.due)


def _referrals(cases: QuerySet[Case], filters: Filters) -> QuerySet[OmbudsmanReferral]:
    return OmbudsmanReferral.objects.filter(Exists(filtered(cases, filters).filter(pk=OuterRef("case_id"))))


def ombudsman_figures(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[OmbudsmanFigures]:
    """Per ombudsman: referred (by referral date), decided, investigated and upheld/at fault (by decision date)."""
    referred = Q(referred_date__gte=period.start, referred_date__lte=period.end)
    decided = Q(decision_date__gte=period.start, decision_date__lte=period.end)
    rows = (
        _referrals(cases, filters)
        .filter(referred | decided)
        .order_by()
        .values_list("ombudsman")
        .annotate(
            referred=Count("pk", filter=referred),
            decided=Count("pk", filter=decided),
            investigated=Count("pk", filter=decided & Q(decision__in=[str(d) for d in INVESTIGATED])),
            at_fault=Count("pk", filter=decided & Q(decision__in=[str(d) for d in AT_FAULT])),
            remedied_locally=Count("pk", filter=decided & Q(decision=Decision.UPHELD_REMEDIED_LOCALLY)),
        )
    )
    labels = dict(REFERRABLE)
    figures = [OmbudsmanFigures(key, str(labels.get(key, key)), *numbers) for key, *numbers in rows]
    return sorted(figures, key=lambda row: row.label)


def ombudsman_compliance(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> OmbudsmanCompliance:
    """Ombudsman orders and recommendations due in the period, and whether they were done by their date."""
    totals = (
        OmbudsmanRemedy.objects.filter(
            referral__in=_referrals(cases, filters).values("pk"),
            due_date__gte=period.start,
            due_date__lte=period.end,
        )
        .order_by()
        .aggregate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(completed_date__lte=F("due_date"))),
            late=Count("pk", filter=Q(completed_date__gt=F("due_date"))),
            outstanding=Count("pk", filter=Q(completed_date__isnull=True)),
        )
    )
    return OmbudsmanCompliance(**totals)


# --- evidence for the Code self-assessment (docs/rules.md) ----------------------------------------------


def definitions_recorded(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> dict[int, Share]:
    """Code 5.6: per stage, stages acknowledged in the period with a complaint definition recorded at
    acknowledgement, of all stages acknowledged in the period."""
    rows = (
        complaint_stages(cases, filters)
        .filter(acknowledged_date__gte=period.start, acknowledged_date__lte=period.end)
        .order_by()
        .values_list("number")
        .annotate(n=Count("pk"), defined=Count("pk", filter=~Q(definition="")))
    )
    by_stage = {number: Share(defined, n) for number, n, defined in rows}
    return {number: by_stage.get(number, Share(0, 0)) for number in sorted({1, 2} | set(by_stage))}


def later_stage_handled_by_earlier_handler(
    cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS
) -> Share:
    """Code 6.13: stages escalated to (`escalated`), received in the period, whose handler also handled an earlier
    stage of the same complaint (the lifecycle refuses this on escalation; a later change of handler could cause
    it). A complaint that started at stage 2 had no earlier handler, so it is not counted."""
    earlier = Stage.objects.filter(case=OuterRef("case"), number__lt=OuterRef("number"), handler=OuterRef("handler"))
    totals = (
        complaint_stages(cases, filters)
        .filter(escalated(), received_date__gte=period.start, received_date__lte=period.end)
        .order_by()
        .aggregate(n=Count("pk"), same=Count("pk", filter=Q(Exists(earlier))))
    )
    return Share(totals["same"], totals["n"])


@dataclass(frozen=True)
class ExtensionFigures:
    """Code 6.4 (and the stage 2 equivalent): extensions of one stage, and those beyond the procedure's cap,
    which need a good reason recorded."""

    stage: int
    count: int
    beyond_cap: int


def extensions(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[ExtensionFigures]:
    """Per stage: deadline extensions of stages whose clock started in the period (as `stages_received` counts
    them), and those going further past the original response date than the stage rule's cap (the lifecycle then
    requires a good reason)."""
    stages = complaint_stages(cases, filters).filter(received_date__gte=period.start, received_date__lte=period.end)
    rows = (
        Extension.objects.filter(stage__in=stages.values("pk"))
        .order_by()
        .values_list("stage__number")
        .annotate(
            n=Count("pk"),
            beyond=Count("pk", filter=Q(working_days_beyond_original__gt=F("stage__rule__max_extension_working_days"))),
        )
    )
    by_stage = {number: (n, beyond) for number, n, beyond in rows}
    return [ExtensionFigures(number, *by_stage.get(number, (0, 0))) for number in sorted({1, 2} | set(by_stage))]


def _declined_in(cases: QuerySet[Case], period: Period, filters: Filters) -> QuerySet[Case]:
    """Complaints not accepted (Code section 2), counted in the period they were declined."""
    start, end = period.bounds()
    return complaints(filtered(cases, filters)).filter(
        status=CaseStatus.DECLINED, closed_at__gte=start, closed_at__lt=end
    )


def declined_by_service(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Types of complaints refused, by service. The free-text reason is not grouped or shown: it may identify
    the customer, and the annual report is published (docs/rules.md)."""
    pairs = (
        _declined_in(cases, period, filters)
        .order_by()
        .values_list("service_area__name", "service_area__directorate")
        .annotate(n=Count("pk"))
    )
    return declined_service_rows(pairs)


def declined_service_rows(pairs: Iterable[tuple[str, str, int]]) -> list[Row]:
    """Rows from (service name, directorate, how many), labelled with the directorate when set, sorted by label."""
    rows = [Row(name, f"{directorate}: {name}" if directorate else name, count) for name, directorate, count in pairs]
    return sorted(rows, key=lambda row: row.label.lower())


def declined_by_category(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> list[Row]:
    """Types of complaints refused, by category. A case in two categories counts in both."""
    pairs = _declined_in(cases, period, filters).order_by().values_list("categories__name").annotate(n=Count("pk"))
    return breakdown_rows(pairs)
