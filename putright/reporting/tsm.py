"""The Tenant Satisfaction Measures' complaint figures as the Regulator of Social Housing defines them
(docs/rules.md, "TSM by tenure").

- CH01: stage 1 and stage 2 complaints received in the year per 1,000 homes, and CH02: the share responded to
  within the Complaint Handling Code's timescales, each for low-cost rental (LCRA) and low-cost home ownership
  (LCHO) separately.
- Only the landlord's own tenants count: complaints about housing (landlord) services from customers whose
  recorded tenure is LCRA or LCHO. Leaseholders, private residents and customers whose tenure is not known are
  left out, and counted, so the gap can be closed before the return is made.
- CH01 divides by the homes of that tenure at the end of that year (`HousingStock`), never today's figure.
- The figures are the organisation's: worked out over every case, whoever reads them, so two readers never see
  two different returns. They are counts only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from putright.cases.models import Case
from putright.core.periods import Period, financial_year
from putright.people.choices import TSM_TENURES, Tenure
from putright.reporting import queries
from putright.reporting.models import HousingStock
from putright.reporting.queries import CodeTimescales, PerHomes


def landlord_complaints(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Complaints about housing (landlord) services."""
    return queries.complaints(queries.housing(cases))


def of_tenure(cases: QuerySet[Case], tenure: str) -> QuerySet[Case]:
    """Cases whose customer's recorded tenure is `tenure`."""
    return cases.filter(customer__tenure=tenure)


def year_end_stock(year: int) -> dict[str, int | None]:
    """The homes of each TSM tenure at the end of the financial year starting in `year` (None where not entered)."""
    entered = dict(HousingStock.objects.filter(year=year).values_list("tenure", "homes"))
    return {tenure: entered.get(tenure) for tenure in TSM_TENURES}


@dataclass(frozen=True)
class TenureFigures:
    """CH01 and CH02 for one tenure, stages 1 and 2."""

    tenure: str
    label: str
    homes: int | None
    ch01: list[PerHomes]
    ch02: list[CodeTimescales]


@dataclass(frozen=True)
class LeftOut:
    """Landlord complaints received in the year that the TSM figures leave out, by the customer's tenure."""

    rows: list[queries.Row]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def unknown(self) -> int:
        return sum(row.count for row in self.rows if row.key == Tenure.UNKNOWN)


@dataclass(frozen=True)
class TsmReturn:
    year: int
    period: Period
    extensions_count: bool
    tenures: list[TenureFigures]
    left_out: LeftOut

    @property
    def ch01_lines(self) -> list[tuple[str, PerHomes]]:
        """(tenure label, figure): stage 1 for each tenure, then stage 2, as the return lists them."""
        return [(item.label, item.ch01[stage - 1]) for stage in (1, 2) for item in self.tenures]

    @property
    def ch02_lines(self) -> list[tuple[str, CodeTimescales]]:
        return [(item.label, item.ch02[stage - 1]) for stage in (1, 2) for item in self.tenures]


def tenure_figures(
    cases: QuerySet[Case], tenure: str, period: Period, homes: int | None, *, extensions_count: bool
) -> TenureFigures:
    mine = of_tenure(landlord_complaints(cases), tenure)
    received = queries.stages_received(mine, period)
    timeliness = {row.stage: row for row in queries.timeliness(mine, period)}
    return TenureFigures(
        tenure=tenure,
        label=str(Tenure(tenure).label),
        homes=homes,
        ch01=[PerHomes(stage, received[stage], homes) for stage in (1, 2)],
        ch02=[
            CodeTimescales(stage, timeliness[stage].responded, timeliness[stage].responded_original, extensions_count)
            for stage in (1, 2)
        ],
    )


def left_out(cases: QuerySet[Case], period: Period) -> LeftOut:
    """Landlord complaints received in the period from customers who are not LCRA or LCHO tenants (or none)."""
    counts = dict(
        queries.received_in(landlord_complaints(cases), period)
        .exclude(customer__tenure__in=TSM_TENURES)
        .order_by()
        .values_list("customer__tenure")
        .annotate(n=Count("pk"))
    )
    counts[Tenure.UNKNOWN] = counts.get(Tenure.UNKNOWN, 0) + counts.pop(None, 0)  # no customer recorded
    others = [tenure for tenure in Tenure if tenure not in TSM_TENURES]
    return LeftOut([queries.Row(tenure, str(tenure.label), counts.get(tenure, 0)) for tenure in others])


def tsm_return(year: int, *, extensions_count: bool, cases: QuerySet[Case] | None = None) -> TsmReturn:
    """The year's CH01 and CH02 by tenure, over every case (`cases` only narrows them in tests)."""
    cases = Case.objects.all() if cases is None else cases
    period = financial_year(year)
    stock = year_end_stock(year)
    return TsmReturn(
        year=year,
        period=period,
        extensions_count=extensions_count,
        tenures=[
            tenure_figures(cases, tenure, period, stock[tenure], extensions_count=extensions_count)
            for tenure in TSM_TENURES
        ],
        left_out=left_out(cases, period),
    )


# --- the export, in the shape of the return ------------------------------------------------------------------

RETURN_HEADER = ("Measure", "Description", "Tenure", "Numerator", "Denominator", "Result", "Unit")
_ORDINAL = {1: "one", 2: "two"}


def _result(value: Decimal | float | None) -> str:
    return "" if value is None else str(value)


def return_rows(figures: TsmReturn) -> Iterator[tuple[str, ...]]:
    """One row per measure, stage and tenure: CH01 (stage one, stage two), then CH02, each LCRA then LCHO."""
    code = {Tenure.LOW_COST_RENTAL: "LCRA", Tenure.LOW_COST_HOME_OWNERSHIP: "LCHO"}
    for stage in (1, 2):
        for item in figures.tenures:
            row = item.ch01[stage - 1]
            yield (
                f"CH01 ({stage})",
                f"Number of stage {_ORDINAL[stage]} complaints received per 1,000 homes",
                code[Tenure(item.tenure)],
                str(row.count),
                "" if row.homes is None else str(row.homes),
                _result(row.per_1000),
                "per 1,000 homes",
            )
    for stage in (1, 2):
        for item in figures.tenures:
            share = item.ch02[stage - 1].headline
            yield (
                f"CH02 ({stage})",
                f"Proportion of stage {_ORDINAL[stage]} complaints responded to within the Complaint Handling "
                "Code timescales",
                code[Tenure(item.tenure)],
                str(share.numerator),
                str(share.denominator),
                _result(share.percent),
                "%",
            )
