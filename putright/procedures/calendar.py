"""The working-day calendar: weekends, the nation's bank holidays (the `holidays` package) and closure days.

Pure functions of dates: nothing here reads the clock or the database.
"""

from __future__ import annotations

import calendar as _calendar
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

NATIONS = ("ENG", "WLS", "SCT", "NIR")


@dataclass(frozen=True)
class SkippedDay:
    """A day the clock did not count, and why."""

    day: date
    reason: str

    def describe(self) -> str:
        return _describe(self.day, self.reason)


@lru_cache(maxsize=4096)  # deadlines worked out in bulk (lifecycle.history) skip the same days again and again
def _describe(day: date, reason: str) -> str:
    return f"{day:%a %d %b %Y} ({reason})"


@lru_cache(maxsize=8)
def _bank_holidays(nation: str) -> holidays.HolidayBase:
    if nation not in NATIONS:
        raise ValueError(f"Unknown nation {nation!r}: use one of {', '.join(NATIONS)}.")
    # Always pass the subdivision: without one, `holidays` returns only the days common to all four nations.
    return _united_kingdom()(subdiv=nation)


@lru_cache(maxsize=1)
def _united_kingdom() -> type[holidays.HolidayBase]:
    """The `holidays` package's UK calendar (what `holidays.country_holidays("GB", ...)` makes), loaded on its own.

    Importing any one country runs `holidays.countries`, which imports all 250 of them: some 8 MB in every web
    worker. The UK's module needs none of the others, so its file is loaded by itself (and the package's own way
    if the file has moved in another release of `holidays`).
    """
    import holidays  # here, not at the top: some 4 MB, loaded by the first deadline worked out, not at start-up

    path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
    spec = spec_from_file_location("holidays.countries.united_kingdom", path) if path.is_file() else None
    if spec is None or spec.loader is None:
        return type(holidays.country_holidays("GB"))
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    entity: type[holidays.HolidayBase] = module.UnitedKingdom
    return entity


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days for an organisation (and, for some procedures, extra exclusions)."""

    nation: str = "ENG"
    closure_days: Mapping[date, str] = field(default_factory=dict)
    excludes_boxing_day: bool = False

    def non_working_reason(self, day: date) -> str | None:
        """Why `day` is not a working day, or None when it is one."""
        if day.weekday() >= 5:
            return _calendar.day_name[day.weekday()]
        holiday_name = _bank_holidays(self.nation).get(day)
        if holiday_name:
            return f"bank holiday: {holiday_name}"
        if self.excludes_boxing_day and day.month == 12 and day.day == 26:
            return "Boxing Day"
        closure = self.closure_days.get(day)
        if closure:
            return f"closure day: {closure}"
        return None

    def other_days_off(self) -> list[date]:
        """The weekdays this calendar does not count besides those `days_perhaps_off_between` may name: closure days
        that are not a bank holiday in one of the nations or Boxing Day."""
        return sorted(day for day in self.closure_days if day.weekday() < 5 and day not in _days_perhaps_off(day.year))

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def add_working_days(self, start: date, count: int) -> tuple[date, list[SkippedDay]]:
        """The `count`-th working day after `start` (start is day 0), with the days passed over on the way."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        skipped: list[SkippedDay] = []
        while count > 0:
            day += timedelta(days=1)
            reason = self.non_working_reason(day)
            if reason is None:
                count -= 1
            else:
                skipped.append(SkippedDay(day, reason))
        return day, skipped

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        total = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.non_working_reason(day) is None:
                total += 1
        return total

    def working_days_counter(self, first: date, last: date) -> WorkingDaysCounter:
        """`working_days_between` for many pairs of dates from `first` to `last`: each day's status is looked up
        once, then every pair is a subtraction (the reports count the days of thousands of stages)."""
        return WorkingDaysCounter(self, first, last)

    def next_working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day_on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day


def weekdays_between(start: date, end: date) -> int:
    """Mondays to Fridays after `start` up to and including `end` (0 when end <= start): the working days of any
    calendar here, before its bank holidays and closure days are taken off."""
    if end <= start:
        return 0
    return _weekdays_to(end) - _weekdays_to(start)


def _weekdays_to(day: date) -> int:
    ordinal = day.toordinal()  # day 1 (1 January of year 1) was a Monday
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


def days_perhaps_off_between(start: date, end: date) -> list[date]:
    """The weekdays after `start` up to and including `end` that some calendar here may not count: a bank holiday
    in any of the four nations, or Boxing Day. Besides these, only an organisation's closure days are weekdays that
    are not working days (`WorkingCalendar.non_working_reason`)."""
    if end <= start:
        return []
    days = [day for year in range(start.year, end.year + 1) for day in _days_perhaps_off(year)]
    return days[bisect_right(days, start) : bisect_right(days, end)]


@lru_cache(maxsize=64)
def _days_perhaps_off(year: int) -> tuple[date, ...]:
    days = {day for nation in NATIONS for day in _united_kingdom()(subdiv=nation, years=year)}
    days.add(date(year, 12, 26))
    return tuple(sorted(day for day in days if day.weekday() < 5))


class WorkingDaysCounter:
    """Running totals of working days from `first` to `last`; a pair outside that range is counted day by day."""

    def __init__(self, calendar: WorkingCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first = first
        self.last = last
        self._totals = [0]  # working days after `first` up to and including first + i days
        day = first
        while day < last:
            day += timedelta(days=1)
            self._totals.append(self._totals[-1] + (calendar.non_working_reason(day) is None))

    def up_to(self, day: date) -> int:
        """The working days after `first` up to and including `day` (within `first` to `last`): for `day` on or after
        `start`, `between(start, day)` is `up_to(day) - up_to(start)`."""
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside {self.first} to {self.last}")
        return self._totals[(day - self.first).days]

    def between(self, start: date, end: date) -> int:
        """The same answer as `WorkingCalendar.working_days_between(start, end)`."""
        if end <= start:
            return 0
        if start < self.first or end > self.last:
            return self.calendar.working_days_between(start, end)
        return self._totals[(end - self.first).days] - self._totals[(start - self.first).days]


def add_months(start: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def last_day_of_months_commencing(start: date, months: int) -> date:
    """The last day of a period of `months` months commencing on (so including) `start`: the day before the
    corresponding date `months` later, or the last day of that month when it has no corresponding date.

    Six months commencing on 2 March end on 1 September; commencing on 31 August, on 28 (or 29) February.
    """
    corresponding = add_months(start, months)
    if corresponding.day != start.day:  # no such day in the month: the period runs to the month's end
        return corresponding
    return corresponding - timedelta(days=1)
