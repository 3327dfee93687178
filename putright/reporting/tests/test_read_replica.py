"""Report figures read from a read replica when one is configured (REPORTS_DATABASE_URL; putright/core/replica.py).

The test settings define the "replica" alias as a mirror of the test database: a second connection to the same
database, standing in for a replica that has caught up. The rows are committed (a transactional test), as they
would be on a primary before a replica copies them, so the second connection sees them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import restore_procedure_presets
from putright.reporting.tests.conftest import DataSet, _build

Q3 = {"year": "2025", "quarter": "3"}
DATABASES = ["default", "replica"]


@pytest.fixture
def committed_dataset(transactional_db: None) -> Iterator[DataSet]:
    restore_procedure_presets()  # an earlier transactional test may have flushed them
    yield _build()
    connections["replica"].close()


def _figure_reads(queries: CaptureQueriesContext) -> list[str]:
    """The reads of the period's stage figures (the committee figures' largest reads): the stage totals, or the stage
    facts for a reader whose figures are read case by case."""
    tables = ("reporting_stagetotal", "reporting_stagefact")
    return [query["sql"] for query in queries.captured_queries if any(table in query["sql"] for table in tables)]


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_with_a_replica_the_figures_are_read_from_it_and_the_page_shows_the_same_numbers(client, committed_dataset):
    client.force_login(committed_dataset.officer)
    with (
        override_settings(PUTRIGHT_REPORTS_DATABASE="replica"),
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(reverse("reporting:dashboard"), Q3)
    assert response.status_code == 200
    assert response.context["report"].received[1] == 7  # the known data set's stage 1 complaints in quarter 3
    assert _figure_reads(replica), "the figures were not read from the replica"
    assert _figure_reads(primary) == []
    # Who may see what is still decided on the primary, which is never behind.
    assert any("cases_case" in query["sql"] for query in primary.captured_queries)


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_without_a_replica_everything_is_read_from_the_primary(client, committed_dataset):
    client.force_login(committed_dataset.officer)
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(reverse("reporting:dashboard"), Q3)
    assert response.context["report"].received[1] == 7
    assert replica.captured_queries == []
