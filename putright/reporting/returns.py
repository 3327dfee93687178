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

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from putright.cases.choices import Outcome
from putright.cases.models import Case
from putright.core.periods import Period
from putright.organisation.choices import Nation
from putright.organisation.models import Organisation
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
