"""The working-day calendar: properties that hold for any date, and tables of real UK bank holidays.

Expected holidays were checked by running holidays 0.109 (GB subdivisions ENG/WLS/SCT/NIR), not guessed.
"""

from __future__ import annotations

import calendar as std_calendar
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from putright.procedures.calendar import NATIONS, WorkingCalendar, add_months, last_day_of_months_commencing
from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.deadlines import stage_deadlines
from putright.procedures.rules import StageRuleData

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
counts = st.integers(min_value=0, max_value=80)
calendars = st.builds(
    WorkingCalendar,
    nation=st.sampled_from(NATIONS),
    closure_days=st.dictionaries(dates, st.just("Closed"), max_size=5),
    excludes_boxing_day=st.booleans(),
)


# --- properties -----------------------------------------------------------------------------------------------------


@given(calendars, dates, st.integers(min_value=1, max_value=80))
def test_add_working_days_always_lands_on_a_working_day(calendar: WorkingCalendar, start: date, n: int) -> None:
    result, _ = calendar.add_working_days(start, n)
    assert calendar.is_working_day(result)


@given(calendars, dates, counts)
def test_working_days_between_undoes_add_working_days(calendar: WorkingCalendar, start: date, n: int) -> None:
    result, _ = calendar.add_working_days(start, n)
    assert calendar.working_days_between(start, result) == n


@given(calendars, dates, counts, counts)
def test_add_working_days_is_strictly_monotonic(calendar: WorkingCalendar, start: date, n: int, m: int) -> None:
    first, _ = calendar.add_working_days(start, n)
    second, _ = calendar.add_working_days(start, m)
    assert (first < second) == (n < m)
    assert (first == second) == (n == m)


@given(calendars, dates, counts)
def test_skipped_days_are_exactly_the_non_working_days_in_between(
    calendar: WorkingCalendar, start: date, n: int
) -> None:
    result, skipped = calendar.add_working_days(start, n)
    between = [start + timedelta(days=i) for i in range(1, (result - start).days)]
    expected = [(day, calendar.non_working_reason(day)) for day in between if not calendar.is_working_day(day)]
    assert [(s.day, s.reason) for s in skipped] == expected


@given(dates, st.integers(min_value=-36, max_value=36))
def test_add_months_keeps_the_day_or_clamps_to_month_end(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last_day = std_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last_day)


@settings(max_examples=200)
@given(calendars, dates, st.integers(min_value=1, max_value=30))
def test_counting_receipt_day_as_day_one_is_one_working_day_sooner_only_on_working_days(
    calendar: WorkingCalendar, received: date, n: int
) -> None:
    def due(day_zero: bool) -> date:
        rule = StageRuleData(
            procedure_name="Test",
            stage_number=1,
            stage_name="Stage 1",
            acknowledge_working_days=None,
            respond_amount=n,
            respond_unit=DurationUnit.WORKING_DAYS,
            respond_from=ClockStart.RECEIPT,
            max_extension_working_days=None,
            receipt_day_is_day_zero=day_zero,
        )
        return stage_deadlines(rule, received=received, acknowledged=None, calendar=calendar).respond_by.due_date

    expected_gap = 1 if calendar.is_working_day(received) else 0
    assert calendar.working_days_between(due(False), due(True)) == expected_gap


# --- real dates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "day", "reason"),
    [
        # Christmas and New Year 2025-26
        ("ENG", date(2025, 12, 25), "bank holiday: Christmas Day"),
        ("ENG", date(2025, 12, 26), "bank holiday: Boxing Day"),
        ("ENG", date(2026, 1, 1), "bank holiday: New Year's Day"),
        ("ENG", date(2026, 1, 2), None),
        ("SCT", date(2026, 1, 2), "bank holiday: New Year Holiday"),
        # Christmas and New Year 2026-27: Boxing Day is a Saturday, so Monday 28th is the substitute
        ("ENG", date(2026, 12, 26), "Saturday"),
        ("ENG", date(2026, 12, 28), "bank holiday: Boxing Day (observed)"),
        ("NIR", date(2026, 12, 28), "bank holiday: Boxing Day (observed)"),
        ("SCT", date(2027, 1, 4), "bank holiday: New Year Holiday (observed)"),
        ("ENG", date(2027, 1, 4), None),
        # Christmas 2027 falls on a weekend: both substitutes follow
        ("ENG", date(2027, 12, 27), "bank holiday: Christmas Day (observed)"),
        ("WLS", date(2027, 12, 28), "bank holiday: Boxing Day (observed)"),
        # Easter 2026
        ("ENG", date(2026, 4, 3), "bank holiday: Good Friday"),
        ("SCT", date(2026, 4, 3), "bank holiday: Good Friday"),
        ("ENG", date(2026, 4, 6), "bank holiday: Easter Monday"),
        ("WLS", date(2026, 4, 6), "bank holiday: Easter Monday"),
        ("NIR", date(2026, 4, 6), "bank holiday: Easter Monday"),
        ("SCT", date(2026, 4, 6), None),
        # St Andrew's Day (a Monday in 2026), St Patrick's Day, the Twelfth
        ("SCT", date(2026, 11, 30), "bank holiday: Saint Andrew's Day"),
        ("ENG", date(2026, 11, 30), None),
        ("NIR", date(2026, 3, 17), "bank holiday: Saint Patrick's Day"),
        ("ENG", date(2026, 3, 17), None),
        ("NIR", date(2027, 7, 12), "bank holiday: Battle of the Boyne"),
        ("NIR", date(2026, 7, 13), "bank holiday: Battle of the Boyne (observed)"),
        ("ENG", date(2027, 7, 12), None),
        # Late summer: last Monday of August in England, first Monday in Scotland
        ("ENG", date(2026, 8, 31), "bank holiday: Late Summer Bank Holiday"),
        ("SCT", date(2026, 8, 31), None),
        ("SCT", date(2026, 8, 3), "bank holiday: Summer Bank Holiday"),
        ("ENG", date(2026, 8, 3), None),
    ],
)
def test_non_working_reason_on_real_dates(nation: str, day: date, reason: str | None) -> None:
    assert WorkingCalendar(nation=nation).non_working_reason(day) == reason


@pytest.mark.parametrize(
    ("nation", "start", "count", "expected"),
    [
        ("ENG", date(2025, 12, 19), 10, date(2026, 1, 7)),  # Christmas, Boxing Day and New Year skipped
        ("ENG", date(2026, 8, 20), 20, date(2026, 9, 18)),  # skips the summer bank holiday, 31 Aug
        ("SCT", date(2026, 8, 20), 20, date(2026, 9, 17)),  # 31 Aug is a working day in Scotland
        ("ENG", date(2025, 12, 31), 1, date(2026, 1, 2)),
        ("SCT", date(2025, 12, 31), 1, date(2026, 1, 5)),  # 1 and 2 January
        ("ENG", date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas, weekend, Boxing Day (observed)
        ("ENG", date(2026, 12, 31), 1, date(2027, 1, 4)),
        ("SCT", date(2026, 12, 31), 1, date(2027, 1, 5)),  # 2 January (Saturday) observed on Monday 4th
        ("ENG", date(2027, 12, 24), 1, date(2027, 12, 29)),  # both Christmas substitutes
        ("ENG", date(2026, 4, 2), 1, date(2026, 4, 7)),  # Good Friday and Easter Monday
        ("SCT", date(2026, 4, 2), 1, date(2026, 4, 6)),  # Easter Monday is a working day in Scotland
        ("SCT", date(2026, 11, 27), 1, date(2026, 12, 1)),  # St Andrew's Day, Monday 30 Nov
        ("NIR", date(2026, 3, 16), 1, date(2026, 3, 18)),  # St Patrick's Day
        ("NIR", date(2027, 7, 9), 1, date(2027, 7, 13)),  # the Twelfth, Monday 12 July 2027
        ("ENG", date(2027, 7, 9), 1, date(2027, 7, 12)),
        ("ENG", date(2025, 12, 19), 0, date(2025, 12, 19)),
    ],
)
def test_add_working_days_on_real_dates(nation: str, start: date, count: int, expected: date) -> None:
    assert WorkingCalendar(nation=nation).add_working_days(start, count)[0] == expected


def test_skipped_days_explain_christmas_2025() -> None:
    _, skipped = WorkingCalendar(nation="ENG").add_working_days(date(2025, 12, 24), 1)
    assert [s.describe() for s in skipped] == [
        "Thu 25 Dec 2025 (bank holiday: Christmas Day)",
        "Fri 26 Dec 2025 (bank holiday: Boxing Day)",
        "Sat 27 Dec 2025 (Saturday)",
        "Sun 28 Dec 2025 (Sunday)",
    ]


def test_closure_days_are_skipped_when_given() -> None:
    calendar = WorkingCalendar(nation="ENG", closure_days={date(2025, 12, 29): "Christmas closure"})
    result, skipped = calendar.add_working_days(date(2025, 12, 19), 5)
    assert result == date(2025, 12, 31)
    assert skipped[-1].describe() == "Mon 29 Dec 2025 (closure day: Christmas closure)"


def test_working_days_between_counts_after_start_up_to_end() -> None:
    calendar = WorkingCalendar(nation="ENG")
    assert calendar.working_days_between(date(2025, 12, 19), date(2026, 1, 7)) == 10
    assert calendar.working_days_between(date(2026, 1, 7), date(2025, 12, 19)) == 0


@pytest.mark.parametrize("nation", NATIONS)
def test_bank_holidays_are_the_holidays_packages_own(nation: str) -> None:
    """The UK's calendar, loaded without the package's other countries, has the package's days under its names."""
    expected = holidays.country_holidays("GB", subdiv=nation, years=range(1990, 2041))
    calendar = WorkingCalendar(nation=nation)
    day = date(1990, 1, 1)
    while day.year < 2041:
        if day.weekday() < 5:
            name = expected.get(day)
            assert calendar.non_working_reason(day) == (f"bank holiday: {name}" if name else None), day
        day += timedelta(days=1)


def test_unknown_nation_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown nation 'GB'"):
        WorkingCalendar(nation="GB").non_working_reason(date(2026, 1, 5))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2025, 12, 19), 6, date(2026, 6, 19)),
        (date(2026, 12, 15), 2, date(2027, 2, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_table(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# "The period of 6 months commencing on the day on which the complaint was received": the day of receipt is the
# first day, so the period ends the day before the corresponding date, or at the month's end when there is none.
@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        (date(2026, 3, 2), 6, date(2026, 9, 1)),
        (date(2025, 12, 19), 6, date(2026, 6, 18)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # no 31 February
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2025, 8, 29), 6, date(2026, 2, 28)),  # no 29 February in 2026
        (date(2025, 8, 28), 6, date(2026, 2, 27)),
        (date(2026, 1, 1), 6, date(2026, 6, 30)),
    ],
)
def test_last_day_of_months_commencing_on_a_day(start: date, months: int, last_day: date) -> None:
    assert last_day_of_months_commencing(start, months) == last_day


@given(calendars, dates, dates, dates, dates)
@settings(max_examples=200, deadline=None)
def test_working_days_counter_agrees_with_counting_day_by_day(calendar, a, b, start, end):
    """The reports' running-total counter gives the same working days as counting each day, inside its range and
    outside it."""
    first, last = min(a, b), max(a, b)
    counter = calendar.working_days_counter(first, last)
    assert counter.between(start, end) == calendar.working_days_between(start, end)
