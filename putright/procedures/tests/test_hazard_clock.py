"""Awaab's Law deadlines, table by table from the regulations' words (SI 2025/1042; docs/rules-deadlines.md).

Bank holidays are England's, as the `holidays` package gives them (Good Friday 3 April 2026, Easter Monday 6 April
2026, Christmas Day Friday 25 December 2026, Boxing Day observed Monday 28 December 2026, New Year's Day 2027).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from putright.procedures.calendar import WorkingCalendar
from putright.procedures.hazard_clock import Severity, Step, hazard_deadlines

LONDON = ZoneInfo("Europe/London")
ENGLAND = WorkingCalendar(nation="ENG")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def due(steps: list, step: Step) -> object:
    [found] = [item for item in steps if item.step == step]
    return found


# --- emergency: 24 clock hours, through nights, weekends and bank holidays ------------------------------------------


@pytest.mark.parametrize(
    ("aware", "expected"),
    [
        (at(date(2026, 11, 4), 9), at(date(2026, 11, 5), 9)),  # a Wednesday: Thursday, same time
        (at(date(2026, 11, 6), 16, 45), at(date(2026, 11, 7), 16, 45)),  # Friday afternoon: Saturday, not Monday
        (at(date(2026, 4, 2), 17, 30), at(date(2026, 4, 3), 17, 30)),  # eve of Good Friday: due on the bank holiday
        (at(date(2026, 12, 24), 18, 30), at(date(2026, 12, 25), 18, 30)),  # Christmas Eve: due on Christmas Day
        (at(date(2026, 12, 27), 23, 50), at(date(2026, 12, 28), 23, 50)),  # across Boxing Day (observed)
        # The clocks go forward at 01:00 on 29 March 2026: 24 elapsed hours end at 13:00 summer time.
        (at(date(2026, 3, 28), 12), at(date(2026, 3, 29), 13)),
        # The clocks go back at 02:00 on 25 October 2026: 24 elapsed hours end at 11:00 winter time.
        (at(date(2026, 10, 24), 12), at(date(2026, 10, 25), 11)),
    ],
)
def test_an_emergency_is_investigated_and_made_safe_within_24_hours(aware: datetime, expected: datetime) -> None:
    steps = hazard_deadlines(Severity.EMERGENCY, aware_at=aware, calendar=ENGLAND)
    assert [item.step for item in steps] == [Step.INVESTIGATE, Step.MAKE_SAFE]
    for item in steps:
        assert item.due_at == expected
        assert not item.due_is_date
    assert "24 hours later" in " ".join(steps[0].explanation)


def test_an_emergency_across_a_bank_holiday_says_it_is_counted_in_clock_hours() -> None:
    [investigate, _] = hazard_deadlines(Severity.EMERGENCY, aware_at=at(date(2026, 4, 2), 20), calendar=ENGLAND)
    text = " ".join(investigate.explanation)
    assert "Fri 03 Apr 2026 20:00" in text
    assert "through nights, weekends and bank holidays" in text
    assert "SI 2025/1042" in text


# --- significant: working days from awareness, then from the end of the investigation ------------------------------


@pytest.mark.parametrize(
    ("aware_day", "investigate_by"),
    [
        (date(2026, 11, 2), date(2026, 11, 16)),  # Monday: ten working days is a fortnight on
        (date(2026, 11, 7), date(2026, 11, 20)),  # aware on a Saturday: day 0 is the Saturday
        (date(2026, 3, 30), date(2026, 4, 15)),  # Good Friday and Easter Monday not counted
        # Christmas Day, Boxing Day (observed on Monday 28) and New Year's Day not counted.
        (date(2026, 12, 19), date(2027, 1, 6)),
    ],
)
def test_a_significant_hazard_is_investigated_within_10_working_days(aware_day: date, investigate_by: date) -> None:
    steps = hazard_deadlines(Severity.SIGNIFICANT, aware_at=at(aware_day, 15), calendar=ENGLAND)
    investigate = due(steps, Step.INVESTIGATE)
    assert investigate.due_at.date() == investigate_by
    assert investigate.due_at.time() == time(23, 59, 59)  # on time until the end of the day
    assert investigate.due_is_date
    assert "regulation 6" in " ".join(investigate.explanation)


def test_the_easter_holidays_are_named_in_the_explanation() -> None:
    steps = hazard_deadlines(Severity.SIGNIFICANT, aware_at=at(date(2026, 3, 30)), calendar=ENGLAND)
    text = " ".join(due(steps, Step.INVESTIGATE).explanation)
    assert "Good Friday" in text and "Easter Monday" in text


@pytest.mark.parametrize(
    ("step", "by", "rule"),
    [
        # The investigation ended on Thursday 2 April 2026; Good Friday and Easter Monday are not counted.
        (Step.SUMMARY, date(2026, 4, 9), "regulation 9"),  # 3 working days
        (Step.SAFETY_WORKS, date(2026, 4, 13), "regulation 11(2)(a)"),  # 5 working days
        (Step.FURTHER_WORKS, date(2026, 4, 13), "further works"),  # begun within 5 working days
    ],
)
def test_steps_after_the_investigation_count_from_the_day_it_ended(step: Step, by: date, rule: str) -> None:
    steps = hazard_deadlines(
        Severity.SIGNIFICANT,
        aware_at=at(date(2026, 3, 23)),
        calendar=ENGLAND,
        investigation_ended_at=at(date(2026, 4, 2), 16),
    )
    found = due(steps, step)
    assert found.due_at.date() == by
    assert not found.provisional
    assert rule in " ".join(found.explanation)


def test_further_work_not_possible_in_5_working_days_must_begin_within_12_weeks() -> None:
    steps = hazard_deadlines(
        Severity.SIGNIFICANT,
        aware_at=at(date(2026, 3, 23)),
        calendar=ENGLAND,
        investigation_ended_at=at(date(2026, 4, 2)),
        further_works_not_possible_in_5_days=True,
    )
    further = due(steps, Step.FURTHER_WORKS)
    assert further.due_at.date() == date(2026, 6, 25)  # 12 weeks: a calendar period, holidays not skipped
    assert "12 weeks" in " ".join(further.explanation)
    assert due(steps, Step.SAFETY_WORKS).due_at.date() == date(2026, 4, 13)  # safety work is not put off


def test_before_the_investigation_ends_later_steps_count_from_its_due_date_and_say_so() -> None:
    steps = hazard_deadlines(Severity.SIGNIFICANT, aware_at=at(date(2026, 11, 2)), calendar=ENGLAND)
    summary = due(steps, Step.SUMMARY)
    assert summary.provisional
    assert summary.due_at.date() == date(2026, 11, 19)  # 3 working days after Monday 16 November
    assert "has not ended yet" in " ".join(summary.explanation)
    assert [item.step for item in steps] == [Step.INVESTIGATE, Step.SUMMARY, Step.SAFETY_WORKS, Step.FURTHER_WORKS]
