"""Case references stay unique when many officers log cases at the same moment."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from putright.cases.lifecycle import next_reference


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; this race needs PostgreSQL")
def test_references_are_unique_under_concurrent_creation():
    issued: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def officer() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                issued.append(next_reference(2031))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued) == [f"PR-2031-{n:05d}" for n in range(1, 41)]


@pytest.mark.django_db
def test_a_case_gets_its_reference_and_its_first_stage_id_in_order(make_case):
    """The year's first case makes its counter; the next take the following numbers, and on PostgreSQL each takes
    its reference and its first stage's id in one statement (one round trip), the stage written with that id."""
    received = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    first = make_case(received_at=received)
    with CaptureQueriesContext(connection) as queries:
        second = make_case(received_at=received)
    third = make_case(received_at=received)

    assert [first.reference, second.reference, third.reference] == ["PR-2026-00001", "PR-2026-00002", "PR-2026-00003"]
    assert [case.current_stage.number for case in (first, second, third)] == [1, 1, 1]
    assert second.stages.get().pk == second.current_stage_id > first.current_stage_id
    sequence_reads = [query["sql"] for query in queries.captured_queries if "nextval" in query["sql"]]
    if connection.vendor == "postgresql":
        assert len(sequence_reads) == 1 and "cases_referencesequence" in sequence_reads[0]
