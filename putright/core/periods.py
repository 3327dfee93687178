"""Reporting periods: a date range, the council's financial year (April to March) and its quarters.

Pure functions of dates: nothing here reads the clock (pass `today`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from putright.core.text import quoted

# The first financial year the reports offer.
FIRST_YEAR = 2020
# The month the council's financial year starts in: April.
FIRST_MONTH = 4


@dataclass(frozen=True)
class Period:
    """The days from `start` to `end`, both included, in the council's local time."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start of the first day, start of the day after the last), for indexed range filters."""
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), tz),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), tz),
        )

    def describe(self) -> str:
        span = f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"
        return f"{self.label} ({span})" if self.label else span


def financial_year_of(day: date) -> int:
    """The year the financial year containing `day` starts in: 1 April 2025 to 31 March 2026 is 2025."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def _calendar_year(start_year: int, month: int) -> int:
    """The calendar year that `month` falls in, in the financial year starting in `start_year`."""
    return start_year if month >= FIRST_MONTH else start_year + 1


def financial_year(start_year: int) -> Period:
    start = date(start_year, FIRST_MONTH, 1)
    return Period(start, month_start(start, 12) - timedelta(days=1), f"{start_year}-{(start_year + 1) % 100:02d}")


def quarter_months(number: int) -> tuple[int, int, int]:
    """The calendar months of quarter `number`: 1 is April to June (4, 5, 6), 4 is January to March (1, 2, 3)."""
    if number not in (1, 2, 3, 4):
        raise ValueError("A quarter is numbered 1 to 4.")
    first = (FIRST_MONTH - 1 + 3 * (number - 1)) % 12 + 1
    return (first, first + 1, first + 2)


def quarter_name(number: int) -> str:
    """The quarter in words, for forms and pages: "Quarter 1 (April to June)"."""
    months = quarter_months(number)
    return f"Quarter {number} ({calendar.month_name[months[0]]} to {calendar.month_name[months[-1]]})"


def quarter(start_year: int, number: int) -> Period:
    """Quarter 1 is April to June, 2 July to September, 3 October to December, 4 January to March."""
    first_month = quarter_months(number)[0]
    start = date(_calendar_year(start_year, first_month), first_month, 1)
    return Period(start, month_end(month_start(start, 2)), f"{financial_year(start_year).label} quarter {number}")


def quarter_of(day: date) -> int:
    return ((day.month - FIRST_MONTH) % 12) // 3 + 1


# The months a quarter starts in: April, July, October and January.
QUARTER_STARTS = frozenset(quarter_months(number)[0] for number in (1, 2, 3, 4))


def years_in_words(start_year: int) -> str:
    """A financial year as a page says it: "2025 to 2026"."""
    return f"{start_year} to {start_year + 1}"


@dataclass(frozen=True)
class YearChoice:
    """The financial year a report shows, and why it is not the one asked for ("" when it is)."""

    year: int
    problem: str = ""

    @property
    def notice(self) -> str:
        """What a page says at the top when it shows another year than the one asked for ("" when it does not)."""
        return f"{self.problem}: showing {years_in_words(self.year)}." if self.problem else ""


def year_asked_for(value: str | None, today: date, *, first: int = FIRST_YEAR) -> YearChoice:
    """The financial year a report shows for `?year=`: the one asked for when the reports offer it (`first` to the
    current one, `years_offered`); otherwise the current one, with the problem said plainly, so nobody reads one
    year's figures believing them another's. Nothing asked: the current one, without a problem."""
    current = financial_year_of(today)
    text = (value or "").strip()
    if not text:
        return YearChoice(current)
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return YearChoice(current, f"{quoted(text)} is not a year")
    year = int(text)
    if year < first:
        return YearChoice(
            current,
            f"There are no figures for {years_in_words(year)}. Figures start in {years_in_words(first)}",
        )
    if year > current:
        return YearChoice(current, f"There are no figures for {years_in_words(year)} yet")
    return YearChoice(year)


def years_offered(today: date, *, first: int = FIRST_YEAR) -> list[int]:
    """The years a report offers, the current one first: those `year_asked_for` shows as asked."""
    return list(range(financial_year_of(today), first - 1, -1))


@dataclass(frozen=True)
class QuarterChoice:
    """The quarter of a year a report shows, and why it is not the one asked for ("" when it is)."""

    number: int
    problem: str = ""

    @property
    def notice(self) -> str:
        return f"{self.problem}: showing quarter {self.number}." if self.problem else ""


def quarters_offered(year: int, today: date) -> list[int]:
    """The quarters of financial year `year` a report offers: all four of a past year; of the current one, those
    begun by `today` (a quarter still to come has no figures)."""
    if year < financial_year_of(today):
        return [1, 2, 3, 4]
    return list(range(1, quarter_of(today) + 1))


def not_a_quarter(text: str) -> str:
    """Why `text` (asked as `?quarter=`) names no quarter of a year, or "" when it is 1 to 4."""
    if text.isascii() and text.isdigit() and int(text) in (1, 2, 3, 4):
        return ""
    return f"{quoted(text)} is not a quarter"


def quarter_asked_for(value: str | None, year: int, today: date) -> QuarterChoice:
    """The quarter of `year` a report shows for `?quarter=`: the one asked for when offered (`quarters_offered`);
    otherwise the latest offered, with the problem said plainly. Nothing asked: the latest, without a problem."""
    offered = quarters_offered(year, today)
    latest = offered[-1]
    text = (value or "").strip()
    if not text:
        return QuarterChoice(latest)
    if problem := not_a_quarter(text):
        return QuarterChoice(latest, problem)
    number = int(text)
    if number not in offered:
        return QuarterChoice(latest, f"There are no figures for quarter {number} of {years_in_words(year)} yet")
    return QuarterChoice(number)


def _months_back(day: date, months: int) -> date:
    """The first of the month `months` before the month of `day` (day must be the first of a month)."""
    return month_start(day, -months)


def previous_periods(period: Period, count: int) -> list[Period]:
    """The `count` periods of the same length just before `period`, most recent first.

    A period of whole months (a quarter, a financial year) steps back by that many months, so the quarter
    before January to March is October to December; any other range steps back by its number of days.
    Quarters and financial years keep their usual labels.
    """
    after_end = period.end + timedelta(days=1)
    if period.start.day == 1 and after_end.day == 1:
        months = (after_end.year - period.start.year) * 12 + after_end.month - period.start.month
        result = []
        for step in range(1, count + 1):
            start = _months_back(period.start, months * step)
            end = _months_back(period.start, months * (step - 1)) - timedelta(days=1)
            result.append(_labelled(start, end, months))
        return result
    length = (period.end - period.start).days + 1
    return [
        Period(period.start - timedelta(days=length * step), period.end - timedelta(days=length * step))
        for step in range(1, count + 1)
    ]


def month_start(day: date, months_later: int = 0) -> date:
    """The first of the month `months_later` months after the month of `day` (negative steps back)."""
    index = day.year * 12 + day.month - 1 + months_later
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    """The last day of the month of `day`."""
    return month_start(day, 1) - timedelta(days=1)


def whole_months(start: date, end: date) -> list[date]:
    """The first day of every calendar month lying wholly between `start` and `end` (both included)."""
    first = start if start.day == 1 else month_start(start, 1)
    months = []
    while month_end(first) <= end:
        months.append(first)
        first = month_start(first, 1)
    return months


def month_or_quarter(start: date, end: date) -> str | None:
    """ "month" when the days are one calendar month, "quarter" when they are one quarter (starting in January,
    April, July or October, so the council's financial quarters), otherwise None."""
    if start.day != 1:
        return None
    if end == month_end(start):
        return "month"
    if start.month in QUARTER_STARTS and end == month_end(month_start(start, 2)):
        return "quarter"
    return None


def month_of_financial_year(start_year: int, month: int) -> Period:
    """One calendar month of the financial year starting in April of `start_year` (January to March are in the
    following calendar year)."""
    if not 1 <= month <= 12:
        raise ValueError("A month is numbered 1 to 12.")
    first = date(_calendar_year(start_year, month), month, 1)
    return Period(first, month_end(first), f"{first:%B %Y}")


def _labelled(start: date, end: date, months: int) -> Period:
    if months == 3 and start.month in QUARTER_STARTS:
        return quarter(financial_year_of(start), quarter_of(start))
    if months == 12 and start.month == FIRST_MONTH:
        return financial_year(start.year)
    return Period(start, end)
