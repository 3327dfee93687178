"""Finding a person for the access log and information rights requests: by email, phone (as typed any way), or name."""

from __future__ import annotations

import pytest
from django.db import connection

from putright.people.models import Customer
from putright.people.selectors import PhoneDigits, customers_with_phone, find_customers, phone_digits

pytestmark = pytest.mark.django_db


def test_a_phone_number_is_found_however_it_was_typed():
    ann = Customer.objects.create(first_name="Ann", last_name="Jones", phone="0770 090 0123")
    Customer.objects.create(first_name="Bob", last_name="Brown", phone="07700 800123")
    assert list(find_customers("+44 7700 900123")) == [ann]
    assert list(find_customers("07700900123")) == [ann]


def test_an_email_exactly_and_a_name_by_every_word():
    ann = Customer.objects.create(first_name="Ann", last_name="Jones", email="Ann@Example.org")
    Customer.objects.create(first_name="Ann", last_name="Smith")
    assert list(find_customers("ann@example.org")) == [ann]
    assert list(find_customers("ann jones")) == [ann]
    assert list(find_customers("   ")) == []


def test_a_postcode_or_part_of_one_finds_the_customers_living_there():
    ann = Customer.objects.create(first_name="Ann", last_name="Jones", postcode="SW1A 1AA")
    bob = Customer.objects.create(first_name="Bob", last_name="Brown", postcode="SW1A 2BB")
    Customer.objects.create(first_name="Cy", last_name="Green", postcode="SW11 1AA")
    assert list(find_customers("SW1A1AA")) == [ann]
    assert list(find_customers("sw1a 1aa")) == [ann]
    assert list(find_customers("SW1A")) == [bob, ann]  # by name, as every list of people here is
    assert list(find_customers("SW1A 2")) == [bob]


def test_a_district_or_sector_typed_without_the_space_finds_the_customers_of_both():
    in_the_sector = Customer.objects.create(first_name="Ann", last_name="Jones", postcode="TV1 5AB")
    in_the_district = Customer.objects.create(first_name="Bob", last_name="Brown", postcode="TV15 2CD")
    Customer.objects.create(first_name="Cy", last_name="Green", postcode="TV1 6AB")
    assert list(find_customers("tv15")) == [in_the_district, in_the_sector]


TYPED = ["07700 900123", "+44 7700 900123", "+44 (0)7700 900123", "0044 7700 900123", "(01632) 960-001", "44", ""]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL works the digits out itself")
def test_postgresql_finds_the_same_digits_as_phone_digits_through_its_index():
    for phone in TYPED:
        Customer.objects.create(first_name="Ann", last_name="Jones", phone=phone)
    worked_out = Customer.objects.annotate(digits=PhoneDigits("phone")).values_list("phone", "digits")
    assert {phone: digits for phone, digits in worked_out} == {phone: phone_digits(phone) for phone in TYPED}
    sql, params = customers_with_phone("07700900123").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: make the planner show the index it can use
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "customer_phone_digits_idx" in plan  # people migration 0009 indexes the expression PhoneDigits writes
