"""The quarterly complaints return of a Scottish or Welsh council (docs/rules.md, "Returns for Scotland and
Wales"): the Scottish Public Services Ombudsman's performance indicators for councils, and the complaints data
councils in Wales send the Public Services Ombudsman for Wales each quarter.

Figures for one quarter over every complaint (the organisation's return, the same whoever reads it):

- complaints received (stage 1), and per 1,000 population;
- stages closed in the quarter, by stage, and their outcomes (upheld, partly upheld, not upheld, resolved, withdrawn);
- average working days to respond, and the share answered within timescale, by stage;
- extensions of stages received in the quarter, by stage.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from putright.cases.choices import Outcome
from putright.cases.models import Case
from putright.core.periods import Period
from putright.ombudsman.models import OmbudsmanReferral
from putright.organisation.choices import Nation
from putright.organisation.models import Organisation
from putright.procedures.choices import Ombudsman
from putright.procedures.selectors import calendar_for
from putright.reporting import queries

OMBUDSMAN_FOR_NATION: dict[str, str] = {
    Nation.SCOTLAND: "Scottish Public Services Ombudsman (SPSO)",
    Nation.WALES: "Public Services Ombudsman for Wales (PSOW)",
}


def per_1000_population(count: int, population: int | None) -> Decimal | None:
    """`count` per 1,000 residents, to two places; None without a population."""
    if not population:
        return None
    return (Decimal(count) * 1000 / population).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class StageLine:
    stage: int
    received: int
    closed: int
    outcomes: dict[str, int]
    average_days: float | None
    within_timescale: queries.Share
    extensions: int


@dataclass(frozen=True)
class QuarterlyReturn:
    period: Period
    ombudsman: str  # whom the return is for, from the organisation's nation; empty in England and Northern Ireland
    population: int | None
    received: int
    per_1000: Decimal | None
    stages: list[StageLine]


def quarterly_return(
    period: Period, organisation: Organisation, cases: QuerySet[Case] | None = None
) -> QuarterlyReturn:
    """The quarter's return over every complaint (`cases` narrows them in tests only)."""
    cases = Case.objects.all() if cases is None else cases
    received = queries.stages_received(cases, period)
    outcomes = {row.stage: row.counts for row in queries.outcomes_by_stage(cases, period)}
    timeliness = {row.stage: row.responded for row in queries.timeliness(cases, period)}
    average = queries.average_working_days_to_respond(cases, period, organisation)
    extended = {row.stage: row.count for row in queries.extensions(cases, period)}
    none = {value: 0 for value in Outcome.values}
    numbers = sorted({1, 2} | set(received) | set(outcomes))
    return QuarterlyReturn(
        period=period,
        ombudsman=OMBUDSMAN_FOR_NATION.get(organisation.nation, ""),
        population=organisation.population,
        received=received[1],
        per_1000=per_1000_population(received[1], organisation.population),
        stages=[
            StageLine(
                stage=number,
                received=received.get(number, 0),
                closed=sum(outcomes.get(number, none).values()),
                outcomes=outcomes.get(number, none),
                average_days=average.get(number),
                within_timescale=timeliness.get(number, queries.Share(0, 0)),
                extensions=extended.get(number, 0),
            )
            for number in numbers
        ],
    )


RETURN_HEADER = ("Measure", "Stage", "Value")


def return_rows(figures: QuarterlyReturn) -> Iterator[tuple[str, str, str]]:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    yield ("Complaints received", "", str(figures.received))
    yield ("Population", "", text(figures.population))
    yield ("Complaints received per 1,000 population", "", text(figures.per_1000))
    for line in figures.stages:
        stage = f"Stage {line.stage}"
        yield ("Received", stage, str(line.received))
        yield ("Closed", stage, str(line.closed))
        for value, label in Outcome.choices:
            yield (f"Closed: {label}", stage, str(line.outcomes[value]))
        yield ("Average working days to respond", stage, text(line.average_days))
        yield ("Responded within timescale (%)", stage, text(line.within_timescale.percent))
        yield ("Extended", stage, str(line.extensions))


# --- the Public Services Ombudsman for Wales' quarterly return -------------------------------------------------
# The figures the PSOW's Complaints Standards Authority collects from each council and publishes, one row a council:
# complaints received and per 1,000 residents, complaints closed, how long they took (within 20 working days, up to
# 3 months, 3 to 6 months, over 6 months), the share upheld in whole or in part, and the complaints referred to the
# PSOW (docs/rules.md, "Returns for Scotland and Wales").

PSOW_TARGET_WORKING_DAYS = 20
UPHELD_IN_WHOLE_OR_PART = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PsowReturn:
    period: Period
    organisation_name: str
    population: int | None
    received: int
    per_1000: Decimal | None
    closed: int
    within_20_working_days: queries.Share
    up_to_3_months: queries.Share
    three_to_6_months: queries.Share
    over_6_months: queries.Share
    upheld: queries.Share
    referred: int


def psow_return(period: Period, organisation: Organisation, cases: QuerySet[Case] | None = None) -> PsowReturn:
    """The quarter's PSOW return over every complaint (`cases` narrows them in tests only).

    A complaint is closed when a stage of it was answered (or withdrawn) in the quarter; how long it took runs from
    that stage's start to its answer, in the organisation's working days for the 20-day target and in calendar
    months beyond it."""
    cases = Case.objects.all() if cases is None else cases
    working = calendar_for(organisation)
    closed = list(
        queries.complaint_stages(cases)
        .filter(responded_date__gte=period.start, responded_date__lte=period.end)
        .exclude(outcome="")
        .values_list("received_date", "responded_date", "outcome")
    )
    bands = [0, 0, 0, 0]
    for started, answered, _outcome in closed:
        assert answered is not None  # the filter above keeps only answered stages
        if working.working_days_between(started, answered) <= PSOW_TARGET_WORKING_DAYS:
            bands[0] += 1
        elif answered <= add_months(started, 3):
            bands[1] += 1
        elif answered <= add_months(started, 6):
            bands[2] += 1
        else:
            bands[3] += 1
    received = queries.stages_received(cases, period)[1]
    return PsowReturn(
        period=period,
        organisation_name=organisation.name,
        population=organisation.population,
        received=received,
        per_1000=per_1000_population(received, organisation.population),
        closed=len(closed),
        within_20_working_days=queries.Share(bands[0], len(closed)),
        up_to_3_months=queries.Share(bands[1], len(closed)),
        three_to_6_months=queries.Share(bands[2], len(closed)),
        over_6_months=queries.Share(bands[3], len(closed)),
        upheld=queries.Share(sum(1 for *_dates, outcome in closed if outcome in UPHELD_IN_WHOLE_OR_PART), len(closed)),
        referred=OmbudsmanReferral.objects.filter(
            case__in=queries.complaints(cases).values("pk"),
            ombudsman=Ombudsman.PSOW,
            referred_date__gte=period.start,
            referred_date__lte=period.end,
        ).count(),
    )


PSOW_HEADER = (
    "Organisation",
    "Quarter",
    "Complaints received",
    "Complaints received per 1,000 residents",
    "Complaints closed",
    "Closed within 20 working days (%)",
    "Closed between 20 working days and 3 months (%)",
    "Closed between 3 and 6 months (%)",
    "Closed in over 6 months (%)",
    "Upheld in whole or in part (%)",
    "Complaints referred to the PSOW",
)


def psow_row(figures: PsowReturn) -> tuple[str, ...]:
    """The return's one row, in the order of `PSOW_HEADER`; a share of no closed complaints is left empty."""

    def text(value: object) -> str:
        return "" if value is None else str(value)

    return (
        figures.organisation_name,
        figures.period.describe(),
        str(figures.received),
        text(figures.per_1000),
        str(figures.closed),
        text(figures.within_20_working_days.percent),
        text(figures.up_to_3_months.percent),
        text(figures.three_to_6_months.percent),
        text(figures.over_6_months.percent),
        text(figures.upheld.percent),
        str(figures.referred),
    )
