"""Finding people on record, for the access log and information rights requests."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from putright.people.models import Customer


def find_customers(text: str) -> QuerySet[Customer]:
    """Customers matching an email address exactly, a phone number by its digits, or every word of a name."""
    text = text.strip()
    if not text:
        return Customer.objects.none()
    if "@" in text:
        return Customer.objects.filter(email__iexact=text)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 6 and len(digits) >= len(text.replace(" ", "")) - 2:
        return Customer.objects.filter(phone__contains=digits[-6:]).order_by("last_name", "first_name")
    words = Q()
    for word in text.split()[:4]:
        words &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return Customer.objects.filter(words).order_by("last_name", "first_name")
