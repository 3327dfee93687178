"""Finding people on record, for the access log and information rights requests."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import CharField, Func, Q, QuerySet

from putright.people.models import Customer


def phone_digits(phone: str) -> str:
    """The digits of a UK phone number in national form: "+44 7700 900123" and "07700900123" match."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


class PhoneDigits(Func):
    """`phone_digits` worked out by PostgreSQL: the expression people migration 0009 indexes, written the same."""

    template = "regexp_replace(regexp_replace(%(expressions)s::text, '[^0-9]', '', 'g'), '^44', '0')"
    output_field = CharField()


def customers_with_phone(digits: str) -> QuerySet[Customer]:
    """Customers whose phone number has these digits (`phone_digits`), however it was typed.

    PostgreSQL finds them through the index of every customer's digits; SQLite, which has no regular expressions,
    reads the customers whose number ends alike and compares every digit here.
    """
    if connection.vendor == "postgresql":
        return Customer.objects.alias(typed_digits=PhoneDigits("phone")).filter(typed_digits=digits)
    ending = Customer.objects.filter(phone__endswith=digits[-3:]).values_list("pk", "phone")
    return Customer.objects.filter(pk__in=[pk for pk, phone in ending if phone_digits(phone) == digits])


def find_customers(text: str) -> QuerySet[Customer]:
    """Customers matching an email address exactly, a phone number by its digits, or every word of a name."""
    text = text.strip()
    if not text:
        return Customer.objects.none()
    if "@" in text:
        return Customer.objects.filter(email__iexact=text)
    digits = phone_digits(text)
    if len(digits) >= 6 and not re.search(r"[^\d\s+()-]", text):
        return customers_with_phone(digits).order_by("last_name", "first_name")
    words = Q()
    for word in text.split()[:4]:
        words &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return Customer.objects.filter(words).order_by("last_name", "first_name")
