"""The council's financial year and quarters, as the report forms name them and as the figures count them."""

from __future__ import annotations

from datetime import date

import pytest

from putright.core.periods import financial_year, financial_year_of, quarter, quarter_months, quarter_name


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_quarter_is_named_for_the_months_its_figures_cover(number):
    period = quarter(2025, number)
    first, *_middle, last = quarter_months(number)
    assert (period.start.month, period.end.month) == (first, last)
    assert quarter_name(number) == f"Quarter {number} ({period.start:%B} to {period.end:%B})"


def test_quarter_four_is_january_to_march_of_the_next_calendar_year():
    assert quarter_name(4) == "Quarter 4 (January to March)"
    assert (quarter(2025, 4).start, quarter(2025, 4).end) == (date(2026, 1, 1), date(2026, 3, 31))


@pytest.mark.parametrize("day", [date(2026, 3, 31), date(2026, 4, 1), date(2026, 12, 31), date(2027, 1, 1)])
def test_every_day_falls_in_the_financial_year_it_is_counted_in(day):
    year = financial_year(financial_year_of(day))
    assert year.start <= day <= year.end
    assert year.start.day == 1 and year.start.month == 4 and year.end == date(year.start.year + 1, 3, 31)
