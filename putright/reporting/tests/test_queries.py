"""Every figure, asserted exactly against the known data set in conftest.py (2025-26 quarter 3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.cases.access import cases_visible_to
from putright.core.periods import Period, financial_year, financial_year_of, quarter, quarter_of
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.procedures.models import Procedure
from putright.reporting import queries
from putright.reporting.queries import Filters, OmbudsmanCompliance, OpenNow, Row, Share
from putright.reporting.tests.conftest import Q3

pytestmark = pytest.mark.django_db

CODE = "Complaint Handling Code (Housing Ombudsman / LGSCO)"


@pytest.fixture
def visible(dataset):
    """What the complaints officer may see: everything except the restricted social-care case G."""
    return cases_visible_to(dataset.officer)


@pytest.fixture
def waste(dataset):
    return dataset.services["waste"]


@pytest.fixture
def organisation(dataset):
    return dataset.organisation


@pytest.fixture
def everything(dataset):
    return cases_visible_to(dataset.statutory_manager)


def counts(rows: list[Row]) -> dict[str, int]:
    return {row.label: row.count for row in rows}


# --- periods ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year", "number"),
    [
        (date(2025, 4, 1), 2025, 1),
        (date(2025, 6, 30), 2025, 1),
        (date(2025, 7, 1), 2025, 2),
        (date(2025, 12, 31), 2025, 3),
        (date(2026, 1, 1), 2025, 4),
        (date(2026, 3, 31), 2025, 4),
    ],
)
def test_financial_year_and_quarter_of_a_day(day, year, number):
    assert financial_year_of(day) == year
    assert quarter_of(day) == number
    period = quarter(year, number)
    assert period.start <= day <= period.end


def test_financial_year_runs_april_to_march_and_quarter_four_is_january_to_march():
    assert financial_year(2025) == Period(date(2025, 4, 1), date(2026, 3, 31), "2025-26")
    assert (quarter(2025, 4).start, quarter(2025, 4).end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (quarter(2025, 3).start, quarter(2025, 3).end) == (date(2025, 10, 1), date(2025, 12, 31))


# --- volumes ---------------------------------------------------------------------------------------------


def test_volumes_by_kind_count_every_case_received_in_the_period(visible):
    # A, B, C, D, E, H, I are complaints; J a service request; K a compliment. F (quarter 2) and the
    # restricted G are not counted. A arrived at 00:30 on 1 October, which is still 30 September in UTC.
    assert counts(queries.volumes_by_kind(visible, Q3)) == {
        "Complaint": 7,
        "Service request": 1,
        "Enquiry": 0,
        "Comment": 0,
        "Compliment": 1,
    }


def test_restricted_case_is_counted_only_for_someone_who_may_see_it(everything):
    assert counts(queries.volumes_by_kind(everything, Q3))["Complaint"] == 8
    assert queries.stages_received(everything, Q3) == {1: 8, 2: 1}
    assert queries.remedies(everything, Q3).total_compensation == Decimal("400.50")


def test_volumes_by_channel(visible):
    assert counts(queries.volumes_by_channel(visible, Q3)) == {
        "Phone": 3,  # A, E, H
        "Letter": 1,  # D
        "Email": 2,  # B, K
        "Web form": 2,  # C, J
        "In person": 1,  # I
        "Councillor or MP": 0,
        "Social media": 0,
        "Text message": 0,
    }


def test_volumes_by_procedure_lists_cases_without_one_last(visible):
    assert [(row.label, row.count) for row in queries.volumes_by_procedure(visible, Q3)] == [
        (CODE, 7),
        ("Service request", 1),
        ("Not recorded", 1),
    ]


def test_volumes_by_service_count_complaints_only(visible):
    assert counts(queries.volumes_by_service(visible, Q3)) == {"Housing repairs": 6, "Waste and recycling": 1}


def test_volumes_by_category_count_a_case_in_each_of_its_categories(visible):
    assert [(row.label, row.count) for row in queries.volumes_by_category(visible, Q3)] == [
        ("Damp and mould", 2),  # A, B
        ("Repairs delay", 2),  # B, C
        ("Not recorded", 4),  # D, E, H, I
    ]


def test_volumes_by_ward(visible):
    assert [(row.label, row.count) for row in queries.volumes_by_ward(visible, Q3)] == [
        ("Central", 2),
        ("North", 2),
        ("Not recorded", 3),
    ]


def test_filters_narrow_to_one_service_or_procedure(visible, waste):
    assert counts(queries.volumes_by_kind(visible, Q3, Filters(service=waste))) == {
        "Complaint": 1,
        "Service request": 1,
        "Enquiry": 0,
        "Comment": 0,
        "Compliment": 1,
    }
    service_requests = Filters(procedure=Procedure.objects.get(slug="service-request"))
    assert counts(queries.volumes_by_kind(visible, Q3, service_requests))["Service request"] == 1
    assert counts(queries.volumes_by_kind(visible, Q3, service_requests))["Complaint"] == 0
    assert queries.stages_received(visible, Q3, Filters(service=waste)) == {1: 1, 2: 0}


def test_stage_one_and_stage_two_received_and_the_escalation_rate(visible):
    assert queries.stages_received(visible, Q3) == {1: 7, 2: 1}
    rate = queries.escalation_rate(visible, Q3)
    assert rate == Share(1, 7)
    assert rate.percent == 14.3


def test_a_case_in_another_period_is_counted_there_only(visible):
    quarter_two = quarter(2025, 2)
    assert queries.stages_received(visible, quarter_two) == {1: 1, 2: 0}  # F
    assert queries.remedies(visible, quarter_two).total_compensation == Decimal("999.00")
    assert queries.timeliness(visible, quarter_two)[0].responded == Share(1, 1)


def test_complaints_per_100000_residents(visible):
    assert queries.complaints_per_100k(visible, Q3, 140_000) == Decimal("5.00")
    assert queries.complaints_per_100k(visible, Q3, None) is None


# --- timeliness ------------------------------------------------------------------------------------------


def test_timeliness_per_stage_with_and_without_extensions(visible):
    stage_one, stage_two = queries.timeliness(visible, Q3)
    # Acknowledged: A, B (on the due day) and D on time; C a day late.
    assert stage_one.acknowledged == Share(3, 4)
    assert stage_one.acknowledged.percent == 75.0
    # Responded: A and D on time, B within its agreed extension, C late. E was withdrawn: not a response.
    assert stage_one.responded == Share(3, 4)
    assert stage_one.responded_original == Share(2, 4)
    assert stage_one.responded_original.percent == 50.0
    assert (stage_two.acknowledged, stage_two.responded, stage_two.responded_original) == (
        Share(1, 1),
        Share(1, 1),
        Share(1, 1),
    )


def test_a_response_sent_on_christmas_day_counts_in_the_quarter_and_on_time(visible, waste):
    stage_one = queries.timeliness(visible, Q3, Filters(service=waste))[0]
    assert stage_one.responded == Share(1, 1)
    # 15 to 25 December 2025: 16-19 and 22-24 December are working days; Christmas Day itself is not.
    assert queries.average_working_days_to_respond(visible, Q3, None, Filters(service=waste)) == {1: 7.0, 2: None}
    assert queries.timeliness(visible, quarter(2025, 4), Filters(service=waste))[0].responded == Share(0, 0)


def test_average_working_days_to_respond_per_stage(visible, organisation):
    # Stage 1: A 11 (2 to 16 Oct), B 24 (7 Oct to 7 Nov), C 18 (9 Oct to 3 Nov), D 7 = 60 / 4.
    # Stage 2: C 21 (11 Nov to 9 Dec).
    assert queries.average_working_days_to_respond(visible, Q3, organisation) == {1: 15.0, 2: 21.0}


def test_open_and_overdue_now(visible):
    # H's acknowledgement was due on 8 December; I's is due on 16 December. The rest are answered or closed.
    assert queries.open_and_overdue(visible, date(2025, 12, 10)) == [OpenNow(1, 2, 1), OpenNow(2, 0, 0)]
    assert queries.open_and_overdue(visible, date(2025, 12, 17)) == [OpenNow(1, 2, 2), OpenNow(2, 0, 0)]


# --- outcomes and remedies -------------------------------------------------------------------------------


def test_outcomes_and_uphold_rate_by_stage(visible):
    stage_one, stage_two = queries.outcomes_by_stage(visible, Q3)
    assert stage_one.stage == 1
    assert stage_one.counts == {
        "upheld": 1,  # A
        "partly_upheld": 1,  # B
        "not_upheld": 2,  # C, D
        "resolved_early": 0,
        "withdrawn": 1,  # E
    }
    assert stage_one.uphold_rate == Share(2, 4)
    assert (stage_two.stage, stage_two.counts["upheld"], stage_two.uphold_rate) == (2, 1, Share(1, 1))


def test_outcomes_by_service(visible):
    rows = {(row.service, row.stage): row for row in queries.outcomes_by_service(visible, Q3)}
    assert set(rows) == {("Housing repairs", 1), ("Housing repairs", 2), ("Waste and recycling", 1)}
    assert rows["Housing repairs", 1].uphold_rate == Share(2, 3)
    assert rows["Housing repairs", 1].uphold_rate.percent == 66.7
    assert rows["Housing repairs", 1].counts["withdrawn"] == 1
    assert rows["Housing repairs", 2].uphold_rate == Share(1, 1)
    assert rows["Waste and recycling", 1].uphold_rate == Share(0, 1)


def test_remedies_count_and_total_compensation(visible):
    summary = queries.remedies(visible, Q3)
    assert summary.count == 4  # A: money and an apology; B: money; C stage 2: an apology
    assert counts(summary.by_type)["Providing a financial remedy"] == 2
    assert counts(summary.by_type)["Apologising"] == 2
    assert summary.total_compensation == Decimal("150.50")


# --- Tenant Satisfaction Measures ------------------------------------------------------------------------


def test_tsm_ch01_counts_housing_complaints_per_1000_homes(visible):
    stage_one, stage_two = queries.tsm_ch01(visible, Q3, homes=2_000)
    assert (stage_one.count, stage_one.per_1000) == (6, Decimal("3.00"))  # A, B, C, E, H, I; not D (waste)
    assert (stage_two.count, stage_two.per_1000) == (1, Decimal("0.50"))
    assert queries.tsm_ch01(visible, Q3, homes=None)[0].per_1000 is None


def test_tsm_ch02_headline_follows_the_extension_setting(visible):
    stage_one, stage_two = queries.tsm_ch02(visible, Q3, extensions_count=True)
    assert stage_one.within_extension == Share(2, 3)  # A, B (extended); C late; D is waste
    assert stage_one.within_original == Share(1, 3)
    assert stage_one.headline == Share(2, 3)
    assert stage_two.headline == Share(1, 1)
    assert queries.tsm_ch02(visible, Q3, extensions_count=False)[0].headline == Share(1, 3)


def test_a_user_who_sees_nothing_gets_zeros(dataset):
    councillor = User.objects.create_user(username="colin_councillor", role=Role.COUNCILLOR)
    nothing = cases_visible_to(councillor)
    assert queries.stages_received(nothing, Q3) == {1: 0, 2: 0}
    assert queries.remedies(nothing, Q3).count == 0
    assert queries.timeliness(nothing, Q3)[0].responded.percent is None


def test_each_figure_is_one_query(visible, organisation):
    figures = [
        lambda: queries.volumes_by_kind(visible, Q3),
        lambda: queries.volumes_by_channel(visible, Q3),
        lambda: queries.volumes_by_procedure(visible, Q3),
        lambda: queries.volumes_by_service(visible, Q3),
        lambda: queries.volumes_by_category(visible, Q3),
        lambda: queries.volumes_by_ward(visible, Q3),
        lambda: queries.stages_received(visible, Q3),
        lambda: queries.timeliness(visible, Q3),
        lambda: queries.open_and_overdue(visible, date(2025, 12, 10)),
        lambda: queries.outcomes_by_stage(visible, Q3),
        lambda: queries.outcomes_by_service(visible, Q3),
        lambda: queries.remedies(visible, Q3),
        lambda: queries.average_working_days_to_respond(visible, Q3, organisation),
        lambda: queries.definitions_recorded(visible, Q3),
        lambda: queries.later_stage_handled_by_earlier_handler(visible, Q3),
        lambda: queries.extensions(visible, Q3),
        lambda: queries.declined_by_service(visible, Q3),
        lambda: queries.declined_by_category(visible, Q3),
    ]
    for figure in figures:
        with CaptureQueriesContext(connection) as captured:
            figure()
        # The calendar reads the organisation's closure days only when it has chosen to skip them.
        assert len(captured) == 1, [q["sql"] for q in captured.captured_queries]


# --- evidence for the Code self-assessment ----------------------------------------------------------------


def test_under_the_code_leaves_out_statutory_procedures(everything):
    # G (adult social care, statutory) is a complaint but not under the Complaint Handling Code.
    assert queries.stages_received(everything, Q3) == {1: 8, 2: 1}
    assert queries.stages_received(queries.under_the_code(everything), Q3) == {1: 7, 2: 1}


def test_code_evidence_figures_for_the_quarter(visible):
    # Acknowledged in the quarter: A, B, C, D at stage 1 and C at stage 2, each with its definition.
    assert queries.definitions_recorded(visible, Q3) == {1: Share(4, 4), 2: Share(1, 1)}
    assert queries.later_stage_handled_by_earlier_handler(visible, Q3) == Share(0, 1)
    # B's extension: 10 working days, exactly the cap.
    assert queries.extensions(visible, Q3) == [
        queries.ExtensionFigures(1, 1, 0),
        queries.ExtensionFigures(2, 0, 0),
    ]
    assert queries.declined_by_service(visible, Q3) == []


# --- the ombudsman stage ---------------------------------------------------------------------------------


def test_ombudsman_figures_per_ombudsman(visible, referrals):
    housing_ombudsman, lgsco = queries.ombudsman_figures(visible, Q3)
    assert (housing_ombudsman.ombudsman, housing_ombudsman.referred, housing_ombudsman.decided) == ("housing", 1, 1)
    assert housing_ombudsman.uphold_rate == Share(1, 1)
    # LGSCO: A and D referred in the quarter (F was referred in quarter 2); A and F decided in it; G is hidden.
    assert (lgsco.ombudsman, lgsco.referred, lgsco.decided, lgsco.investigated) == ("lgsco", 2, 2, 2)
    assert (lgsco.at_fault, lgsco.remedied_locally) == (1, 1)
    assert lgsco.uphold_rate.percent == 50.0


def test_ombudsman_figures_include_restricted_cases_only_for_those_who_may_see_them(everything, referrals):
    lgsco = queries.ombudsman_figures(everything, Q3)[1]
    assert (lgsco.referred, lgsco.decided, lgsco.at_fault) == (3, 3, 2)


def test_ombudsman_remedy_compliance(visible, referrals):
    assert queries.ombudsman_compliance(visible, Q3) == OmbudsmanCompliance(due=3, on_time=1, late=1, outstanding=1)
    assert queries.ombudsman_compliance(visible, Q3).compliance.percent == 33.3
