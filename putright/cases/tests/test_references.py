"""Case references stay unique when many officers log cases at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

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
