"""Finding people on record, for the access log and information rights requests, and customers by where they live."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import CharField, Func, Q, QuerySet

from putright.core.postcodes import normalise_postcode, postcode_areas
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


def in_postcode_area(area: str, *, vendor: str, field: str = "postcode") -> Q:
    """Rows whose postcode (`field`) is in `area`, the start `core.postcodes.postcode_area` gives ("SW1A ", "SW1A 1"),
    or is that part alone, as stored when only it was given ("SW1A").

    Each database reads it through the postcode's index: PostgreSQL's `LIKE 'SW1A %'` through the index with pattern
    ops (people migration 0010, cases migration 0034); SQLite's `LIKE` ignores letter case, so uses no index there, and
    is asked as the range of the codes that begin so instead, compared byte by byte as its index is.
    """
    exactly = Q(**{field: area.rstrip()})
    if vendor == "postgresql":
        return Q(**{f"{field}__startswith": area}) | exactly
    after = area[:-1] + chr(ord(area[-1]) + 1)
    return Q(**{f"{field}__gte": area, f"{field}__lt": after}) | exactly


def in_postcode_areas(areas: tuple[str, ...], *, vendor: str, field: str = "postcode") -> Q:
    """Rows whose postcode is in any of `areas` (`core.postcodes.postcode_areas`: "tv15" is "TV15 " or "TV1 5"), each
    read as `in_postcode_area` reads it; `areas` must not be empty."""
    matches = Q()
    for area in areas:
        matches |= in_postcode_area(area, vendor=vendor, field=field)
    return matches


def find_customers(text: str) -> QuerySet[Customer]:
    """Customers matching an email address exactly, a phone number by its digits, a postcode, or every word of a
    name; part of a postcode ("SW1A", "SW1A 1") finds those living there as well as those named so."""
    text = text.strip()
    if not text:
        return Customer.objects.none()
    if "@" in text:
        return Customer.objects.filter(email__iexact=text)
    postcode = normalise_postcode(text)
    if postcode is not None:
        return Customer.objects.filter(postcode=postcode).order_by("last_name", "first_name")
    digits = phone_digits(text)
    if len(digits) >= 6 and not re.search(r"[^\d\s+()-]", text):
        return customers_with_phone(digits).order_by("last_name", "first_name")
    words = Q()
    for word in text.split()[:4]:
        words &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    areas = postcode_areas(text)
    if areas:
        words |= in_postcode_areas(areas, vendor=connection.vendor)
    return Customer.objects.filter(words).order_by("last_name", "first_name")
