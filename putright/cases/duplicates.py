"""Likely duplicates: recent cases from the same customer, or about the same place in similar words.

Shown at triage and on the case page so an officer can link or merge them in one action; never acted on alone.
Words are compared by trigram similarity: PostgreSQL's `pg_trgm` (created by migration) where it runs, else the same
measure worked out here over the few cases at the same postcode, so SQLite gives the same answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q, QuerySet

from putright.cases.access import cases_visible_to
from putright.cases.choices import CaseStatus
from putright.cases.models import Case, CaseLink
from putright.core.postcodes import postcode_for_storage
from putright.organisation.models import User
from putright.people.models import Customer
from putright.people.selectors import customers_with_phone, phone_digits

# A repeat complaint about the same matter usually comes within weeks; after three months it is a new matter.
RECENT_DAYS = 92
# pg_trgm's own default threshold for "similar".
SIMILAR_WORDS = 0.3
MOST_SHOWN = 5
# Cases at one postcode compared in Python on SQLite (a street's recent complaints, newest first).
MOST_COMPARED = 200
# What is read of each case from a customer who may be the same: what `_customer_reasons` compares, what orders them
# and what the hint shows (`cases/triage/_duplicates.html`, `cases/case/_duplicates_list.html`), not the whole case.
SHOWN = ("reference", "title", "status", "received_at", "service_area__name")
COMPARED = ("customer__email", "customer__phone", "customer__postcode", "customer__first_name", "customer__last_name")


@dataclass(frozen=True)
class LikelyDuplicate:
    case: Case  # with what the hint shows (`SHOWN`) read; other fields are read when first used
    reasons: tuple[str, ...]


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each lower-cased word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(one: str, other: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two texts."""
    a, b = trigrams(one), trigrams(other)
    return len(a & b) / len(a | b) if a and b else 0.0


def _customer_reasons(case: Case, customer: Customer) -> list[str]:
    other = case.customer
    if other is None:
        return []
    if other.pk == customer.pk:
        return ["Same customer record"]
    reasons = []
    if customer.email and other.email.casefold() == customer.email.casefold():
        reasons.append("Same email address")
    mine = phone_digits(customer.phone)
    if len(mine) >= 6 and phone_digits(other.phone) == mine:
        reasons.append("Same phone number")
    if (
        customer.postcode
        and other.postcode == customer.postcode
        and other.last_name.casefold() == customer.last_name.casefold()
        and other.first_name.casefold() == customer.first_name.casefold()
    ):
        reasons.append("Same name and postcode")
    return reasons


def _same_customer(pool: QuerySet[Case], customer: Customer) -> QuerySet[Case]:
    """Cases from the customer or from someone on record with the same email address, phone number, or name and
    postcode; `_customer_reasons` says which.

    Those customers are found first, each way through its own index on customers, and then their cases: one OR
    across the join to cases read every customer and every case in the window.
    """
    ways = [Customer.objects.filter(pk=customer.pk)]
    if customer.email:
        ways.append(Customer.objects.filter(email__iexact=customer.email))
    if len(digits := phone_digits(customer.phone)) >= 6:
        ways.append(customers_with_phone(digits))
    if customer.postcode and customer.last_name:
        ways.append(
            Customer.objects.filter(
                postcode=customer.postcode,
                last_name__iexact=customer.last_name,
                first_name__iexact=customer.first_name,
            )
        )
    first, *others = (way.order_by().values_list("pk", flat=True) for way in ways)
    return pool.filter(customer__in=first.union(*others).order_by())


def _similar_words_here(pool: QuerySet[Case], postcode: str, text: str) -> list[tuple[Case, float]]:
    here = pool.filter(postcode=postcode)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        scored = (
            here.annotate(words_alike=TrigramSimilarity("description", text))
            .filter(words_alike__gte=SIMILAR_WORDS)
            .order_by("-words_alike")[:MOST_SHOWN]
        )
        return [(case, case.words_alike) for case in scored]
    candidates = [(case, similarity(text, case.description)) for case in here.order_by("-received_at")[:MOST_COMPARED]]
    return sorted(((c, s) for c, s in candidates if s >= SIMILAR_WORDS), key=lambda pair: -pair[1])[:MOST_SHOWN]


def likely_duplicates(
    user: User,
    *,
    customer: Customer | None,
    text: str,
    postcode: str,
    received_at: datetime,
    case: Case | None = None,
) -> list[LikelyDuplicate]:
    """Cases `user` may see, received within RECENT_DAYS of `received_at`, that may be about the same matter.

    `case` is the case being looked at (left out, with the cases already linked to it or made from its contact).
    """
    window = timedelta(days=RECENT_DAYS)
    pool = (
        cases_visible_to(user)
        .filter(received_at__gte=received_at - window, received_at__lte=received_at + window)
        .exclude(status=CaseStatus.MERGED)
        .select_related("customer", "service_area")
    )
    if case is not None:
        linked = CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).values_list("from_case", "to_case")
        pool = pool.exclude(pk__in={pk for pair in linked for pk in pair} | {case.pk}).exclude(contact=case.contact_id)
    reasons: dict[int, list[str]] = {}
    found: dict[int, Case] = {}
    if customer is not None:
        compared = _same_customer(pool, customer).only(*SHOWN, *COMPARED)
        for other in compared.order_by("-received_at", "-pk")[:MOST_COMPARED]:
            if why := _customer_reasons(other, customer):
                found[other.pk] = other
                reasons[other.pk] = why
    place = postcode_for_storage(postcode)  # as cases store it, so the same postcode finds them
    if place and text.strip():
        for other, score in _similar_words_here(pool, place, text):
            found.setdefault(other.pk, other)
            reasons.setdefault(other.pk, []).append(f"Same postcode, similar words ({round(score * 100)}% alike)")
    ordered = sorted(found.values(), key=lambda c: (-len(set(reasons[c.pk])), -c.received_at.timestamp(), -c.pk))
    # Each reason once, in the order found (a case can be reached by more than one match).
    return [LikelyDuplicate(case=c, reasons=tuple(dict.fromkeys(reasons[c.pk]))) for c in ordered[:MOST_SHOWN]]


def duplicates_of_case(user: User, case: Case) -> list[LikelyDuplicate]:
    return likely_duplicates(
        user,
        customer=case.customer,
        text=case.description,
        postcode=case.postcode,
        received_at=case.received_at,
        case=case,
    )
