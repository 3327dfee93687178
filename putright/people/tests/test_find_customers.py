"""Finding a person for the access log and information rights requests: by email, phone (as typed any way), or name."""

from __future__ import annotations

import pytest

from putright.people.models import Customer
from putright.people.selectors import find_customers

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
