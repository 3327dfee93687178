"""Loading rows in bulk (core/bulk.py): what a load drops is back after it, a row pointing at nothing is still
refused, rows inserted behind the caller are all in, in order, with a failure raised to the caller, and on PostgreSQL
the loaded tables are vacuumed alongside the work that follows."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from putright.core.bulk import bulk_load, insert_rows, inserted_behind, vacuumed_alongside
from putright.organisation.models import ServiceArea
from putright.reporting.models import CaseTotal

COLUMNS = (
    "measure",
    "by_month",
    "day",
    "service_area_id",
    "is_restricted",
    "is_complaint",
    "value",
    "count",
    "pence",
    "compacted",
)


def _rows(count: int, service_id: int | None) -> list[tuple[object, ...]]:
    day = connection.ops.adapt_datefield_value(date(2026, 1, 5))
    return [("kind", False, day, service_id, False, True, f"value {n}", n, 0, True) for n in range(count)]


def _constraints() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, CaseTotal._meta.db_table))


@pytest.mark.django_db
def test_rows_loaded_in_bulk_are_in_their_table_with_its_indexes_and_keys_as_before():
    service = ServiceArea.objects.create(name="Waste", slug="waste")
    before = _constraints()
    with bulk_load([CaseTotal]):
        insert_rows(CaseTotal, COLUMNS, _rows(300, service.pk))
    assert _constraints() == before and "case_total_day_idx" in before
    assert CaseTotal.objects.filter(service_area=service).count() == 300


def _pages_visible_to_all(model) -> int:
    """How many of the table's pages its last ANALYZE (or VACUUM) found visible to every transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY FREEZE is PostgreSQL's")
@pytest.mark.django_db
def test_rows_loaded_in_bulk_into_empty_tables_are_visible_to_all_without_a_vacuum():
    service = ServiceArea.objects.create(name="Waste", slug="waste")
    with bulk_load([CaseTotal]):  # analysed at the end of the load
        insert_rows(CaseTotal, COLUMNS, _rows(2000, service.pk))
    visible = _pages_visible_to_all(CaseTotal)
    assert visible > 0
    with transaction.atomic():  # a later load into a table that holds rows keeps them, and writes as before
        with bulk_load([CaseTotal]):
            insert_rows(CaseTotal, COLUMNS, _rows(2000, service.pk))
        assert CaseTotal.objects.count() == 4000
        assert _pages_visible_to_all(CaseTotal) <= visible  # the new rows' pages are not
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_empty_table_other_tables_point_at_is_loaded_in_bulk_with_their_keys_as_before():
    before = _constraints()
    with bulk_load([ServiceArea]):  # emptied first (TRUNCATE): the keys pointing at it are dropped meanwhile
        columns = [field.column for field in ServiceArea._meta.concrete_fields]
        assert columns == [
            "id",
            "name",
            "slug",
            "directorate",
            "is_restricted",
            "is_housing",
            "default_procedure_slug",
            "is_active",
        ]
        insert_rows(ServiceArea, columns, [(7, "Waste", "waste", "", False, False, "", True)])
    assert _constraints() == before
    with pytest.raises(IntegrityError), transaction.atomic():  # and refuse a total of a service that is not there
        insert_rows(CaseTotal, COLUMNS, _rows(1, 8))
        connection.check_constraints()
    assert ServiceArea.objects.get().name == "Waste"


@pytest.mark.django_db
def test_a_row_loaded_in_bulk_that_points_at_nothing_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic(), bulk_load([CaseTotal]):
        insert_rows(CaseTotal, COLUMNS, _rows(3, 987_654))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_tables_are_vacuumed_alongside_the_work_that_follows_their_load():
    insert_rows(CaseTotal, COLUMNS, _rows(2000, None))

    def pages_visible_to_all() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relallvisible FROM pg_class WHERE oid = %s::regclass", [CaseTotal._meta.db_table])
            return cursor.fetchone()[0]

    assert pages_visible_to_all() == 0
    with vacuumed_alongside([CaseTotal]):
        ServiceArea.objects.create(name="Waste", slug="waste")  # the caller goes on meanwhile
    assert pages_visible_to_all() > 0
    assert ServiceArea.objects.filter(slug="waste").exists()


@pytest.mark.django_db
def test_rows_inserted_behind_the_caller_are_all_in_their_table_in_the_order_given():
    service = ServiceArea.objects.create(name="Waste", slug="waste")
    with transaction.atomic(), inserted_behind() as insert:
        for batch in range(5):
            insert([(CaseTotal, COLUMNS, _rows(200, service.pk))])
            ServiceArea.objects.create(name=f"Service {batch}", slug=f"service-{batch}")  # the caller goes on
    counts = CaseTotal.objects.order_by("pk").values_list("count", flat=True)
    assert list(counts) == list(range(200)) * 5
    assert ServiceArea.objects.filter(slug__startswith="service-").count() == 5


@pytest.mark.django_db
def test_a_row_inserted_behind_the_caller_that_is_refused_fails_the_callers_block():
    with pytest.raises(IntegrityError), transaction.atomic(), inserted_behind() as insert:
        insert([(CaseTotal, COLUMNS, _rows(3, None))])
        insert([(CaseTotal, COLUMNS, [(None, *row[1:]) for row in _rows(3, None)])])  # no measure: refused
        insert([(CaseTotal, COLUMNS, _rows(3, None))])
    assert not CaseTotal.objects.exists()
