"""Customers are found by email and by the start of a name through an index, not by reading every customer.

Django's SQLite schema editor rebuilds a table to add some columns and keeps only the indexes it knows about: the
case-insensitive ones on customers are made by hand (people migrations 0002, 0003, 0008), so a later migration that
rebuilds the table drops them. The signed-in customer's case list, the staff search and matching an inbound email to
a customer then read all the customers.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet

from putright.cases.models import Case
from putright.cases.search import _customers_named, _in_area, find_cases
from putright.people.selectors import find_customers
from putright.portal.access import cases_for_customer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite collation indexes"),
]


def plan(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def test_a_signed_in_customers_cases_are_found_through_the_email_index() -> None:
    steps = plan(cases_for_customer("Ann@Example.org").order_by("-received_at"))

    assert "SEARCH people_customer USING INDEX customer_email_nocase_idx" in steps
    assert "SCAN" not in steps  # neither every case nor every customer


def test_a_customer_is_found_by_email_through_the_index() -> None:
    assert "USING INDEX customer_email_nocase_idx" in plan(find_customers("ann@example.org"))


def test_the_staff_search_finds_a_name_through_the_name_indexes() -> None:
    steps = plan(_customers_named(Case.objects.all(), "smi"))

    assert "customer_last_name_nocase_idx" in steps
    assert "customer_first_name_nocase_idx" in steps


def test_the_staff_search_finds_part_of_a_postcode_through_the_postcode_indexes() -> None:
    assert "USING INDEX case_postcode_idx" in plan(_in_area(Case.objects.all(), "SW1A "))
    steps = plan(_customers_named(Case.objects.all(), "SW1A", areas=("SW1A ",)))
    assert "customer_postcode_idx" in steps
    assert "SCAN people_customer" not in steps


def test_the_staff_search_finds_a_postcode_through_the_postcode_indexes() -> None:
    steps = plan(find_cases(Case.objects.all(), "SW1A 1AA"))
    assert "case_postcode_idx" in steps
    assert "SCAN cases_case" not in steps and "SCAN people_customer" not in steps, steps


def test_the_staff_search_reads_both_readings_of_a_district_or_sector_through_the_postcode_indexes() -> None:
    steps = plan(_customers_named(Case.objects.all(), "tv15", areas=("TV15 ", "TV1 5")))
    assert "customer_postcode_idx" in steps
    assert "SCAN people_customer" not in steps, steps
