"""Imported cases count in the reports for the years they happened: a first annual report can cover the year before
go-live."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from putright.cases.access import cases_visible_to
from putright.core.periods import financial_year
from putright.imports.tests.conftest import EXAMPLES
from putright.reporting import queries
from putright.reporting.queries import Share

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(administrator):
    call_command(
        "import_cases",
        str(EXAMPLES / "caseworks-cases.csv"),
        mapping=str(EXAMPLES / "caseworks.toml"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def test_imported_cases_are_counted_in_the_financial_year_they_were_received(imported, manager):
    cases = cases_visible_to(manager)
    year = financial_year(2024)  # April 2024 to March 2025

    assert queries.stages_received(cases, year) == {1: 7, 2: 1}
    kinds = {row.label: row.count for row in queries.volumes_by_kind(cases, year)}
    assert (kinds["Complaint"], kinds["Compliment"]) == (7, 1)
    ombudsman = {figures.ombudsman: figures for figures in queries.ombudsman_figures(cases, year)}
    assert ombudsman["lgsco"].referred == 1  # CW/2024/00203, referred 2 October 2024
    assert queries.stages_received(cases, financial_year(2025)) == {1: 2, 2: 0}


def test_stage_one_timeliness_uses_the_old_systems_own_dates(imported, manager):
    stage_one, _stage_two = queries.timeliness(cases_visible_to(manager), financial_year(2024))

    # Five stage 1 responses in the year (the withdrawal is not one); CW/2025/00012 was answered on 14 February 2025,
    # after the date CaseWorks gave it (6 February), the other four by theirs.
    assert stage_one.responded == Share(4, 5)
