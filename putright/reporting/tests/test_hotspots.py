"""Hotspots: complaints by ward, category and service this quarter against the four before, with the rule for an
unusual rise (≥ 50% and ≥ 5 more than the average of the previous four quarters)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.cases.access import cases_visible_to
from putright.core.periods import Period, financial_year, previous_periods, quarter
from putright.reporting import hotspots
from putright.reporting.hotspots import Hotspot, is_unusual_rise
from putright.reporting.tests.conftest import Q3, at, log

pytestmark = pytest.mark.django_db

# Quarter 3 of 2025-26 and the four quarters before it, most recent first.
EARLIER = [at(2025, 8, 4), at(2025, 5, 6), at(2025, 2, 3), at(2024, 11, 4)]


@pytest.mark.parametrize(
    ("count", "previous", "unusual"),
    [
        (5, (0, 0, 0, 0), True),  # from nothing to 5
        (4, (0, 0, 0, 0), False),  # only 4 more
        (6, (1, 1, 1, 1), True),  # average 1: 5 more and 6 times it
        (5, (1, 1, 1, 1), False),  # 4 more
        (15, (10, 10, 10, 10), True),  # exactly 50% and exactly 5 more
        (14, (10, 10, 10, 10), False),  # 40%
        (29, (20, 20, 20, 20), False),  # 9 more, but 45%
        (7, (1, 2, 3, 2), True),  # average 2: 5 more, 350%
        (6, (1, 2, 3, 2), False),  # 4 more
        (3, (), False),  # nothing to compare with
    ],
)
def test_the_unusual_rise_rule(count, previous, unusual):
    assert is_unusual_rise(count, previous) is unusual


def test_the_rule_at_exactly_fifty_percent_with_an_uneven_history():
    # Average 20 (80 / 4): 30 is 50% above and 10 more.
    assert is_unusual_rise(30, (20, 22, 20, 18)) is True
    assert Hotspot("x", "x", 30, (20, 22, 20, 18)).average == 20


def test_previous_periods_of_a_quarter_a_year_and_a_range():
    assert previous_periods(Q3, 4) == [quarter(2025, 2), quarter(2025, 1), quarter(2024, 4), quarter(2024, 3)]
    assert previous_periods(quarter(2025, 4), 1) == [quarter(2025, 3)]
    assert previous_periods(financial_year(2025), 2) == [financial_year(2024), financial_year(2023)]
    assert previous_periods(Period(date(2025, 12, 1), date(2025, 12, 10)), 2) == [
        Period(date(2025, 11, 21), date(2025, 11, 30)),
        Period(date(2025, 11, 11), date(2025, 11, 20)),
    ]


@pytest.fixture
def history(dataset):
    """Waste complaints: East 6 this quarter and none before; South 6 now and 1 in each earlier quarter; West 5
    now and 1 in each earlier quarter. Added to the data set's housing complaints (Central 2, North 1 + D, ...)."""
    officer, waste = dataset.officer, dataset.services["waste"]
    for ward, now in (("East", 6), ("South", 6), ("West", 5)):
        for index in range(now):
            log(officer, received=at(2025, 10, 6 + index), service=waste, ward=ward)
        if ward != "East":
            for received in EARLIER:
                log(officer, received=received, service=waste, ward=ward)


def test_hotspots_by_ward(dataset, history):
    spots = hotspots.hotspots_by_ward(cases_visible_to(dataset.officer), Q3)
    assert [p.label for p in spots.previous_periods] == [
        "2025-26 quarter 2",
        "2025-26 quarter 1",
        "2024-25 quarter 4",
        "2024-25 quarter 3",
    ]
    rows = {spot.label: (spot.count, spot.previous, spot.is_unusual) for spot in spots.rows}
    assert rows == {
        "East": (6, (0, 0, 0, 0), True),
        "South": (6, (1, 1, 1, 1), True),
        "West": (5, (1, 1, 1, 1), False),
        "Central": (2, (0, 0, 0, 0), False),  # A, B
        "North": (2, (0, 0, 0, 0), False),  # C, D
        "Not recorded": (3, (1, 0, 0, 0), False),  # E, H, I; F in quarter 2
    }
    assert [spot.label for spot in spots.unusual] == ["East", "South"]
    assert [spot.label for spot in spots.rows][:2] == ["East", "South"]  # unusual rises first


def test_hotspots_by_service_and_category(dataset, history):
    visible = cases_visible_to(dataset.officer)
    services = {
        spot.label: (spot.count, spot.previous, spot.is_unusual)
        for spot in hotspots.hotspots_by_service(visible, Q3).rows
    }
    assert services == {
        "Waste and recycling": (18, (2, 2, 2, 2), True),  # D + 17 new; South and West before
        "Housing repairs": (6, (1, 0, 0, 0), True),  # from an average of 0.25 to 6
    }
    categories = {spot.label: (spot.count, spot.previous) for spot in hotspots.hotspots_by_category(visible, Q3).rows}
    assert categories == {
        "Damp and mould": (2, (0, 0, 0, 0)),
        "Repairs delay": (2, (0, 0, 0, 0)),
        "Not recorded": (21, (3, 2, 2, 2)),
    }


def test_each_hotspot_breakdown_is_one_query(dataset):
    visible = cases_visible_to(dataset.officer)
    for figure in (hotspots.hotspots_by_ward, hotspots.hotspots_by_category, hotspots.hotspots_by_service):
        with CaptureQueriesContext(connection) as captured:
            figure(visible, Q3)
        assert len(captured) == 1
