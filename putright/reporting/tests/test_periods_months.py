"""Months and quarters for contact volumes: pure date arithmetic, tested with tables."""

from __future__ import annotations

from datetime import date

import pytest

from putright.core.periods import month_of_financial_year, month_or_quarter, whole_months
from putright.reporting.forms import volume_period_choices, volume_period_key


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        (date(2025, 10, 1), date(2025, 10, 31), "month"),
        (date(2024, 2, 1), date(2024, 2, 29), "month"),  # a leap year
        (date(2025, 2, 1), date(2025, 2, 28), "month"),
        (date(2025, 12, 1), date(2025, 12, 31), "month"),
        (date(2025, 10, 1), date(2025, 12, 31), "quarter"),
        (date(2026, 1, 1), date(2026, 3, 31), "quarter"),
        (date(2025, 11, 1), date(2026, 1, 31), None),  # three months, but not a quarter
        (date(2025, 10, 1), date(2025, 11, 30), None),
        (date(2025, 10, 2), date(2025, 10, 31), None),
        (date(2025, 10, 1), date(2025, 10, 30), None),
        (date(2025, 4, 1), date(2026, 3, 31), None),  # a year is entered as months or quarters
    ],
)
def test_month_or_quarter(start, end, kind):
    assert month_or_quarter(start, end) == kind


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 10, 1), date(2025, 12, 31), [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]),
        (date(2025, 10, 15), date(2025, 12, 20), [date(2025, 11, 1)]),
        (date(2025, 10, 15), date(2025, 11, 20), []),
        (date(2025, 12, 1), date(2026, 1, 31), [date(2025, 12, 1), date(2026, 1, 1)]),
    ],
)
def test_whole_months(start, end, months):
    assert whole_months(start, end) == months


def test_months_of_the_financial_year_run_april_to_march():
    assert (month_of_financial_year(2025, 4).start, month_of_financial_year(2025, 4).end) == (
        date(2025, 4, 1),
        date(2025, 4, 30),
    )
    february = month_of_financial_year(2025, 2)
    assert (february.start, february.end, february.label) == (date(2026, 2, 1), date(2026, 2, 28), "February 2026")


def test_the_form_offers_each_quarter_then_its_months_and_reads_saved_periods_back():
    keys = [key for key, _label in volume_period_choices()]
    assert keys[:5] == ["q1", "m04", "m05", "m06", "q2"]
    assert len(keys) == 16
    assert volume_period_key(date(2025, 10, 1), date(2025, 12, 31)) == "q3"
    assert volume_period_key(date(2026, 2, 1), date(2026, 2, 28)) == "m02"
    assert volume_period_key(date(2025, 10, 1), date(2025, 11, 30)) == ""
