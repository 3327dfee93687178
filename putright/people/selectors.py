"""Finding people on record, for the access log and information rights requests."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from putright.people.models import Customer


def phone_digits(phone: str) -> str:
    """The digits of a UK phone number in national form: "+44 7700 900123" and "07700900123" match."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def find_customers(text: str) -> QuerySet[Customer]:
    """Customers matching an email address exactly, a phone number by its digits, or every word of a name."""
    text = text.strip()
    if not text:
        return Customer.objects.none()
    if "@" in text:
        return Customer.objects.filter(email__iexact=text)
    digits = phone_digits(text)
    if len(digits) >= 6 and not re.search(r"[^\d\s+()-]", text):
        # Numbers are stored as typed: narrow by the last digits, then compare every digit.
        candidates = Customer.objects.filter(phone__endswith=digits[-3:]).values_list("pk", "phone")
        same = [pk for pk, phone in candidates if phone_digits(phone) == digits]
        return Customer.objects.filter(pk__in=same).order_by("last_name", "first_name")
    words = Q()
    for word in text.split()[:4]:
        words &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return Customer.objects.filter(words).order_by("last_name", "first_name")
