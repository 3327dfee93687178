"""Hotspots: complaints by ward, category and service this period against the periods before (Code 9.7:
"regular reviews of issues and trends"; Code 9.2, complaints as intelligence).

The rule for an unusual rise, chosen here (the Codes set none): the period's count is at least 50% above the
average of the previous four periods of the same length (quarters for a quarter) **and** at least 5 complaints
above it. The second test stops a rise from 1 to 2 being flagged. A place with no complaints before is flagged
once it has 5 or more.

Each breakdown is one query: conditional counts per period, grouped by the breakdown's key, so the five periods
cost one scan of the cases received in them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from putright.cases.models import Case
from putright.core.periods import Period, previous_periods
from putright.reporting.queries import NO_FILTERS, NOT_RECORDED, Filters, complaints, filtered

COMPARE_WITH = 4  # previous periods averaged
RISE_FACTOR = Decimal("1.5")  # at least 50% above the average ...
RISE_MINIMUM = 5  # ... and at least 5 complaints above it


def is_unusual_rise(count: int, previous: tuple[int, ...]) -> bool:
    """True when `count` is at least 1.5 times, and 5 more than, the average of `previous` (no rounding)."""
    if not previous:
        return False
    total, periods = sum(previous), len(previous)
    # count >= 1.5 * total / periods and count - total / periods >= 5, multiplied through by `periods`.
    return count * periods * 2 >= total * 3 and count * periods - total >= RISE_MINIMUM * periods


@dataclass(frozen=True)
class Hotspot:
    """One ward, category or service: complaints this period and in each previous period (most recent first)."""

    key: str
    label: str
    count: int
    previous: tuple[int, ...]

    @property
    def average(self) -> Decimal:
        """Mean of the previous periods, to one decimal place."""
        if not self.previous:
            return Decimal("0.0")
        return (Decimal(sum(self.previous)) / len(self.previous)).quantize(Decimal("0.1"))

    @property
    def change(self) -> Decimal:
        return Decimal(self.count) - self.average

    @property
    def is_unusual(self) -> bool:
        return is_unusual_rise(self.count, self.previous)


@dataclass(frozen=True)
class Hotspots:
    period: Period
    previous_periods: list[Period]
    rows: list[Hotspot]

    @property
    def unusual(self) -> list[Hotspot]:
        return [row for row in self.rows if row.is_unusual]


def _counts(
    cases: QuerySet[Case], period: Period, filters: Filters, fields: list[str]
) -> tuple[list[Period], list[tuple[Any, ...]]]:
    """The earlier periods, and per value of `fields`: the values, then the counts this period and in each earlier
    one (one scan of the cases received in the five periods)."""
    earlier = previous_periods(period, COMPARE_WITH)
    periods = [period, *earlier]
    oldest_start, _ = periods[-1].bounds()
    _, newest_end = period.bounds()

    def received(within: Period) -> Q:
        start, end = within.bounds()
        return Q(received_at__gte=start, received_at__lt=end)

    names = [f"p{index}" for index in range(len(periods))]
    rows = (
        complaints(filtered(cases, filters))
        .filter(received_at__gte=oldest_start, received_at__lt=newest_end)
        .order_by()
        .values_list(*fields)
        .annotate(**{name: Count("pk", filter=received(within)) for name, within in zip(names, periods, strict=True)})
    )
    return earlier, list(rows)


def spots(period: Period, earlier: list[Period], rows: Iterable[tuple[Any, Any, tuple[int, ...]]]) -> Hotspots:
    """Hotspots from (value, label, counts this period and before) rows."""
    result = [
        Hotspot(str(value or ""), str(label or "") or NOT_RECORDED, counts[0], tuple(counts[1:]))
        for value, label, counts in rows
    ]
    # Unusual rises first, then the busiest; "Not recorded" after the named ones with the same count.
    result.sort(key=lambda spot: (not spot.is_unusual, -spot.count, spot.key == "", spot.label.lower()))
    return Hotspots(period, earlier, result)


def service_label(name: Any, directorate: Any) -> Any:
    return f"{directorate}: {name}" if directorate else name


def _hotspots(
    cases: QuerySet[Case], period: Period, filters: Filters, key: str, label_key: str | None = None
) -> Hotspots:
    fields = [key] if label_key is None else [key, label_key]
    earlier, rows = _counts(cases, period, filters, fields)
    width = len(fields)
    return spots(
        period,
        earlier,
        ((row[0], row[0] if label_key is None else service_label(row[0], row[1]), tuple(row[width:])) for row in rows),
    )


def hotspots_by_ward_and_service(
    cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS
) -> tuple[Hotspots, Hotspots]:
    """`hotspots_by_ward` and `hotspots_by_service` from one scan, grouped by ward and service together and
    added up here."""
    earlier, rows = _counts(cases, period, filters, ["ward", "service_area__name", "service_area__directorate"])
    wards: dict[Any, list[int]] = {}
    services: dict[tuple[Any, Any], list[int]] = {}
    for ward, name, directorate, *counts in rows:
        for totals in (
            wards.setdefault(ward, [0] * len(counts)),
            services.setdefault((name, directorate), [0] * len(counts)),
        ):
            for index, count in enumerate(counts):
                totals[index] += count
    return (
        spots(period, earlier, ((ward, ward, tuple(counts)) for ward, counts in wards.items())),
        spots(
            period,
            earlier,
            (
                (name, service_label(name, directorate), tuple(counts))
                for (name, directorate), counts in services.items()
            ),
        ),
    )


def hotspots_by_ward(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> Hotspots:
    """Complaints received per ward in the period and the four before it."""
    return _hotspots(cases, period, filters, "ward")


def hotspots_by_category(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> Hotspots:
    """Complaints received per category in the period and the four before it (a case counts in each category)."""
    return _hotspots(cases, period, filters, "categories__name")


def hotspots_by_service(cases: QuerySet[Case], period: Period, filters: Filters = NO_FILTERS) -> Hotspots:
    """Complaints received per service in the period and the four before it (directorate in the label)."""
    return _hotspots(cases, period, filters, "service_area__name", "service_area__directorate")
