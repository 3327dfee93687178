"""Complaints per 1,000 contacts, satisfaction and per 1,000 homes, asserted exactly against the known data set in
conftest.py (2025-26 quarter 3), with contact volumes and survey answers added here.

Complaints received in the quarter, by service and local month (A arrived 00:30 on 1 October, still 30 September
in UTC, so it belongs to October):
- Housing repairs: October A, B, C, E; November none; December H, I.
- Waste and recycling: December D (J is a service request, K a compliment: not complaints).
- Adult social care (restricted): October G.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from putright.cases.access import cases_visible_to
from putright.core.periods import Period, quarter
from putright.organisation.models import ServiceArea
from putright.portal.models import SatisfactionResponse
from putright.reporting.models import ContactVolume
from putright.reporting.queries import NO_FILTERS, Filters
from putright.reporting.selectors import services_reported_to
from putright.reporting.service_figures import complaints_per_1000_contacts, satisfaction
from putright.reporting.tests.conftest import Q3

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
Rating, Answer = SatisfactionResponse.Rating, SatisfactionResponse.Answer


def volume(dataset, service: str, start: date, end: date, count: int) -> ContactVolume:
    return ContactVolume.objects.create(
        service_area=dataset.services[service],
        start_date=start,
        end_date=end,
        contacts_count=count,
        entered_by=dataset.officer,
    )


@pytest.fixture
def housing_months(dataset):
    """Housing entered October and November, not December; and September, outside the quarter."""
    volume(dataset, "housing", date(2025, 9, 1), date(2025, 9, 30), 5_000)
    volume(dataset, "housing", date(2025, 10, 1), date(2025, 10, 31), 1_000)
    volume(dataset, "housing", date(2025, 11, 1), date(2025, 11, 30), 2_000)


@pytest.fixture
def waste_quarter(dataset):
    volume(dataset, "waste", date(2025, 10, 1), date(2025, 12, 31), 400)


@pytest.fixture
def adult_month(dataset):
    volume(dataset, "adult_social_care", date(2025, 10, 1), date(2025, 10, 31), 100)


def rates(dataset, user, period=Q3, filters=NO_FILTERS):
    return complaints_per_1000_contacts(cases_visible_to(user), period, services_reported_to(user), filters)


def table(result):
    return {
        row.label: (row.months_count, row.contacts_count, row.complaints_count, row.per_1000) for row in result.rows
    }


# --- complaints per 1,000 contacts ------------------------------------------------------------------------------


def test_per_1000_contacts_compares_complaints_over_the_months_with_volumes(dataset, housing_months, waste_quarter):
    result = rates(dataset, dataset.officer)
    assert result.months_in_period == 3
    assert table(result) == {
        # 4 complaints in October and November (A, B, C, E; H and I are in December, which has no volume).
        "Housing repairs": (2, 3_000, 4, Decimal("1.33")),
        "Waste and recycling": (3, 400, 1, Decimal("2.50")),
    }
    overall = result.overall
    assert (overall.contacts_count, overall.complaints_count, overall.per_1000) == (3_400, 5, Decimal("1.47"))


def test_a_service_without_volumes_says_so_and_is_left_out_of_the_overall_figure(dataset, housing_months):
    result = rates(dataset, dataset.officer)
    waste = next(row for row in result.rows if row.label == "Waste and recycling")
    assert not waste.has_volumes
    assert (waste.contacts_count, waste.per_1000) == (None, None)
    assert [row.label for row in result.services_without_volumes] == ["Waste and recycling"]
    assert (result.overall.contacts_count, result.overall.complaints_count) == (3_000, 4)
    assert result.overall.per_1000 == Decimal("1.33")


def test_no_volumes_at_all_gives_no_overall_figure(dataset):
    result = rates(dataset, dataset.officer)
    assert table(result) == {"Housing repairs": (0, None, 0, None), "Waste and recycling": (0, None, 0, None)}
    assert not result.overall.has_volumes and result.overall.per_1000 is None


def test_restricted_service_is_shown_only_to_those_who_see_all_its_cases(
    dataset, housing_months, waste_quarter, adult_month
):
    # The complaints officer cannot see G, so adult social care is left out rather than shown as 0 per 1,000.
    assert "Adult social care" not in table(rates(dataset, dataset.officer))
    everything = rates(dataset, dataset.statutory_manager)
    assert table(everything)["Adult social care"] == (1, 100, 1, Decimal("10.00"))
    assert (everything.overall.contacts_count, everything.overall.complaints_count) == (3_500, 6)
    assert everything.overall.per_1000 == Decimal("1.71")


def test_only_volumes_wholly_inside_the_period_count(dataset, housing_months, waste_quarter):
    # 15 October to 20 December holds one whole month: November (housing 2,000 contacts, no complaints).
    result = rates(dataset, dataset.officer, Period(date(2025, 10, 15), date(2025, 12, 20)))
    assert result.months_in_period == 1
    assert table(result) == {
        "Housing repairs": (1, 2_000, 0, Decimal("0.00")),
        "Waste and recycling": (0, None, 0, None),
    }


def test_per_1000_contacts_follows_the_service_filter(dataset, housing_months, waste_quarter):
    result = rates(dataset, dataset.officer, filters=Filters(service=dataset.services["waste"]))
    assert table(result) == {"Waste and recycling": (3, 400, 1, Decimal("2.50"))}


def test_a_volume_of_zero_contacts_gives_no_rate_rather_than_dividing_by_zero(dataset):
    volume(dataset, "waste", date(2025, 12, 1), date(2025, 12, 31), 0)
    row = table(rates(dataset, dataset.officer))["Waste and recycling"]
    assert row == (1, 0, 1, None)


# --- satisfaction -----------------------------------------------------------------------------------------------


@pytest.fixture
def answers(dataset):
    """A (housing) very satisfied, kept informed; B (housing) dissatisfied, partly informed; D (waste) satisfied,
    informed; G (restricted) very satisfied, not informed; F (housing) answered in September, outside the quarter."""

    def answer(key, rating, informed, on):
        response = SatisfactionResponse.objects.create(
            case=dataset.cases[key], handling_rating=rating, kept_informed=informed
        )
        SatisfactionResponse.objects.filter(pk=response.pk).update(created_at=on)

    answer("A", Rating.VERY_SATISFIED, Answer.YES, datetime(2025, 10, 20, 9, tzinfo=LONDON))
    answer("B", Rating.DISSATISFIED, Answer.PARTLY, datetime(2025, 11, 10, 9, tzinfo=LONDON))
    answer("D", Rating.SATISFIED, Answer.YES, datetime(2025, 12, 31, 23, 30, tzinfo=LONDON))
    answer("G", Rating.VERY_SATISFIED, Answer.NO, datetime(2025, 11, 5, 9, tzinfo=LONDON))
    answer("F", Rating.SATISFIED, Answer.YES, datetime(2025, 9, 20, 9, tzinfo=LONDON))


def survey(user, period=Q3, filters=NO_FILTERS):
    result = satisfaction(cases_visible_to(user), period, filters)
    rows = {row.label: (row.responses_count, row.satisfied_count, row.kept_informed_count) for row in result.rows}
    return rows, result.overall


def test_satisfaction_by_service_for_the_period(dataset, answers):
    rows, overall = survey(dataset.officer)
    assert rows == {"Housing repairs": (2, 1, 1), "Waste and recycling": (1, 1, 1)}
    assert (overall.responses_count, overall.satisfied.percent, overall.kept_informed.percent) == (3, 66.7, 66.7)


def test_satisfaction_counts_the_restricted_answer_only_for_those_who_may_see_it(dataset, answers):
    rows, overall = survey(dataset.statutory_manager)
    assert rows["Adult social care"] == (1, 1, 0)
    assert (overall.responses_count, overall.satisfied_count, overall.kept_informed_count) == (4, 3, 2)


def test_satisfaction_counts_answers_by_the_day_given_and_follows_filters(dataset, answers):
    rows, overall = survey(dataset.officer, quarter(2025, 2))
    assert rows == {"Housing repairs": (1, 1, 1)}  # F, answered in September
    rows, overall = survey(dataset.officer, filters=Filters(service=dataset.services["waste"]))
    assert rows == {"Waste and recycling": (1, 1, 1)}
    assert overall.satisfied.percent == 100.0


def test_no_answers_gives_no_percentage(dataset):
    rows, overall = survey(dataset.officer)
    assert rows == {}
    assert (overall.responses_count, overall.satisfied.percent) == (0, None)


def test_services_reported_to_leaves_out_restricted_services_a_reader_cannot_see_in_full(dataset):
    assert set(services_reported_to(dataset.officer).values_list("slug", flat=True)) == {"housing-repairs", "waste"}
    assert set(services_reported_to(dataset.statutory_manager).values_list("slug", flat=True)) == {
        "housing-repairs",
        "waste",
        "adult-social-care",
    }
    team_member = dataset.officer.__class__.objects.create_user(
        username="sally_social",
        role="complaints_officer",
        team=ServiceArea.objects.get(slug="adult-social-care").teams.create(name="Adult social care team"),
    )
    assert "adult-social-care" in set(services_reported_to(team_member).values_list("slug", flat=True))
