"""The annual report's Code evidence from the stage and case totals is what the queries over the cases give, for
readers who see different cases (the known data set of conftest.py, with a few more complaints)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from putright.cases import lifecycle
from putright.cases.models import Case, Extension, Stage
from putright.core.periods import Period, financial_year, quarter
from putright.organisation.models import Category, User
from putright.reporting.annual import CodeEvidence, code_evidence
from putright.reporting.facts import refresh_case_facts
from putright.reporting.queries import ExtensionFigures, Row, Share
from putright.reporting.selectors import cases_reported_to, report_settings_for, reported_columns
from putright.reporting.tests.conftest import Q3, at, log
from putright.reporting.tests.test_facts import _readers  # the same four readers as the totals' own tests
from putright.reporting.totals import totals_out_of_step

pytestmark = pytest.mark.django_db

# Whole months, and dates either side of them: the totals are read by month, by day, and both.
PERIODS = [
    Q3,
    quarter(2025, 2),
    financial_year(2025),
    Period(date(2025, 10, 1), date(2025, 10, 31), "October"),
    Period(date(2025, 9, 15), date(2025, 11, 20), "15 September to 20 November"),
    Period(date(2025, 11, 3), date(2025, 11, 3), "3 November"),
]


def evidence(dataset, reader: User, period: Period, *, from_cases: bool = False) -> CodeEvidence:
    """The reader's Code evidence from the totals, or (`from_cases`) from the queries over the cases."""
    columns = None if from_cases else reported_columns(reader)
    assert from_cases or columns is not None
    settings = report_settings_for(dataset.organisation)
    return code_evidence(cases_reported_to(reader), period, settings=settings, improvements=0, columns=columns)


def decline(case: Case, officer: User, on: date) -> None:
    with time_machine.travel(at(on.year, on.month, on.day), tick=False):
        lifecycle.decline(case=case, actor=officer, reason="A court claim", signposted_to_ombudsman=True)


@pytest.fixture
def more(dataset):
    """Complaints declined (housing, with a category; waste, with none; restricted adult social care) and, written
    without timeline events as a data fix or an import would be, then brought into the facts: C's stage 2 given its
    stage 1 handler, B's extension beyond the cap (a council's own, lower cap) and D's stage 1 acknowledged when no
    acknowledgement was due, without a definition."""
    officer, services = dataset.officer, dataset.services
    damp = Category.objects.get(name="Damp and mould")
    decline(
        log(officer, received=at(2025, 10, 17), service=services["housing"], categories=[damp]),
        officer,
        date(2025, 10, 20),
    )
    decline(log(officer, received=at(2025, 10, 30), service=services["waste"]), officer, date(2025, 11, 3))
    restricted = log(
        officer, received=at(2025, 10, 30), service=services["adult_social_care"], procedure="adult-social-care"
    )
    decline(restricted, officer, date(2025, 11, 3))
    cases = dataset.cases
    Stage.objects.filter(case=cases["C"], number=2).update(handler=Stage.objects.get(case=cases["C"], number=1).handler)
    Extension.objects.filter(stage__case=cases["B"]).update(working_days_beyond_original=12)
    Stage.objects.filter(case=cases["D"], number=1).update(acknowledge_due_date=None, definition="")
    for key in "BCD":
        refresh_case_facts(cases[key].pk)
    assert totals_out_of_step() == []


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label)
def test_the_totals_give_each_reader_the_code_evidence_the_cases_give(dataset, more, period):
    for reader in _readers(dataset):
        assert evidence(dataset, reader, period) == evidence(dataset, reader, period, from_cases=True)


def test_the_evidence_from_the_totals_counts_what_was_added(dataset, more):
    officer = evidence(dataset, dataset.officer, Q3)
    # Acknowledged in the quarter at stage 1: A, B, C and D, whose definition is missing; at stage 2, C.
    assert officer.definitions == {1: Share(3, 4), 2: Share(1, 1)}
    # D's acknowledgement was not due: the timeliness counts A, B and C only.
    assert officer.timeliness[0].acknowledged == Share(2, 3)
    assert officer.extensions == [ExtensionFigures(1, 1, 1), ExtensionFigures(2, 0, 0)]
    assert officer.later_stage_same_handler == Share(1, 1)
    assert officer.refused == 2
    assert officer.refused_by_service == [
        Row("Housing repairs", "Housing repairs", 1),
        Row("Waste and recycling", "Waste and recycling", 1),
    ]
    assert officer.refused_by_category == [Row("Damp and mould", "Damp and mould", 1), Row("", "Not recorded", 1)]
    # The restricted complaint declined counts only for those who may see it, and is not under the Code.
    everyone = evidence(dataset, dataset.statutory_manager, Q3)
    assert [row.label for row in everyone.refused_by_service] == [
        "Adult social care",
        "Housing repairs",
        "Waste and recycling",
    ]
    assert everyone.refused == 2
