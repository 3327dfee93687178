"""Finding cases by what they say: the staff search box and the full-text search behind it.

Both narrow a queryset the caller has already scoped (`cases_visible_to(user)`), so search never widens access.
The index is kept by database triggers (migration 0003_case_search): FTS5 on SQLite, a GIN-indexed tsvector on
PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import NotSupportedError, connection, connections
from django.db.models import BooleanField, CharField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.db.models.lookups import Exact

from putright.cases.models import Case
from putright.core.postcodes import normalise_postcode, postcode_areas
from putright.people.models import Customer
from putright.people.selectors import in_postcode_area, in_postcode_areas

# The ids of matching cases, by vendor. A subquery on `id` does not refer to the outer table's alias, so it
# works inside Q objects, OR-ed with other conditions, and when Django aliases `cases_case` in a subquery.
MATCHING_IDS_SQL = {
    "sqlite": "SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s",
    "postgresql": "SELECT id FROM cases_case WHERE search_vector @@ websearch_to_tsquery('english', %s)",
}

# The case columns the search reads (as migration 0003_case_search indexes them).
SEARCHED_COLUMNS = ("title", "description", "desired_outcome", "definition")
SQLITE_INSERT_TRIGGER = "cases_case_fts_insert"

# Up to this many customers named by the search are passed as a list of ids (which PostgreSQL combines with the
# other indexes); more are left to a subquery.
MAX_NAMED_CUSTOMERS = 1000

# PR-2026-00042; staff also type "pr2026 42" or "PR 2026 00042".
REFERENCE_RE = re.compile(r"^PR[-\s]?(?P<year>\d{4})[-\s]?(?P<number>\d{1,5})$", re.IGNORECASE)


def search_cases(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """The cases in `queryset` whose text contains every word of `text` (stemmed: "leaking" finds "leak")."""
    query = text_query(text)
    if not query:
        return queryset.none()
    return queryset.filter(_text_matches(queryset, query))


# What the search box reads of a query: enough for any real search, little enough that the database's query parser
# (SQLite's expression depth, PostgreSQL's tsquery) never meets its limits.
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARACTERS = 200


def clean_query(text: str) -> str:
    """`text` as the search box reads it: control characters (a NUL byte ...) and unpaired surrogates become spaces,
    and only the first MAX_QUERY_WORDS words (and MAX_QUERY_CHARACTERS characters) are kept."""
    unreadable = ("Cc", "Cs", "Co", "Cn")
    text = "".join(" " if unicodedata.category(char) in unreadable else char for char in text)
    return " ".join(text.split()[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARACTERS].strip()


def find_cases(queryset: QuerySet[Case], query: str) -> QuerySet[Case]:
    """The staff search box: a case reference, a postcode, or a customer's name, the case's words or its old
    system's reference; part of a postcode ("SW1A", "SW1A 1") finds the cases in that area as well, and text read
    either way ("tv15": the district TV15 or TV1's sector 5) those in both."""
    query = clean_query(query)
    reference = normalise_reference(query)
    postcode = normalise_postcode(query)
    areas = postcode_areas(query)
    if reference is not None:
        # A reference names one case: match it exactly, never by its words.
        found = queryset.filter(reference=reference)
    elif postcode is not None:
        # A postcode: where the problem is, or where the customer lives. The customers there are looked up first, so
        # each test reads its own index: joined to the customers, PostgreSQL read every case and every customer.
        living_there = Customer.objects.using(queryset.db).filter(postcode=postcode)
        found = queryset.filter(Q(postcode=postcode) | Q(customer__in=_ids_of(living_there)))
    elif (text := text_query(query)) and connections[queryset.db].vendor == "postgresql":
        # Anything else: the customer's name (each word starts a first or last name), the case's words, or the
        # reference an old system gave a case imported from it. One condition ORing three indexed tests (the
        # customers named are looked up first, so the first test is a list of ids): PostgreSQL then either walks
        # the cases newest first and stops after one page (a common word) or combines the three indexes and sorts
        # the few matches (a rare one), whichever it estimates is cheaper. It never counts every match.
        # Part of a postcode adds the customers living in the area and the cases there, tested the same way.
        customers = _ids_of(_customers_named(queryset, query, areas=areas))
        matches = Q(customer__in=customers) | _words_of_this_case(text) | _imported_reference_is(query)
        if areas:
            matches |= in_postcode_areas(areas, vendor=connections[queryset.db].vendor)
        found = queryset.filter(matches)
    elif text:
        # SQLite: each source read through its own index and the ids combined (its planner does not combine an
        # OR of the full-text table with other indexes). One UNION ALL of the three: `IN` needs no duplicates
        # removed, and two nested UNIONs would sort the ids into a temporary table twice.
        sources = [_with_words(queryset, text), _with_imported_reference(queryset, query)]
        sources += [_in_area(queryset, area) for area in areas]
        found = queryset.filter(pk__in=_named_for_customer(queryset, query, areas=areas).union(*sources, all=True))
    else:
        # Nothing searchable (blank, or only punctuation): no results rather than every case.
        found = queryset.none()
    # Newest logged first; ordering by the key lets the database stop after one page of matches.
    return found.order_by("-pk")


def text_query(text: str) -> str:
    """User text as a query both FTS5 and `websearch_to_tsquery` read literally: each word double-quoted.

    Quoting turns FTS5 syntax (AND, NEAR(, *, ^, column:) into plain words, and inside quotes
    `websearch_to_tsquery` ignores its own operators (or, -), so both databases AND the same words together.
    A word with punctuation inside ("anti-social") becomes a phrase. Empty if there is no letter or digit.
    """
    words = (word.replace('"', " ").strip() for word in text.split())
    return " ".join(f'"{word}"' for word in words if any(character.isalnum() for character in word))


def normalise_reference(text: str) -> str | None:
    """Turn "pr2026 42" into "PR-2026-00042"; None if `text` is not a case reference."""
    match = REFERENCE_RE.match(text.strip())
    if match is None:
        return None
    return "PR-{year}-{number:0>5}".format(**match.groupdict())


def _text_matches(queryset: QuerySet[Case], query: str) -> Q:
    vendor = connections[queryset.db].vendor
    if vendor not in MATCHING_IDS_SQL:
        raise NotSupportedError(f"Case search needs SQLite or PostgreSQL, not {vendor}.")
    # The SQL is a constant; the user's words go in as a parameter.
    return Q(pk__in=RawSQL(MATCHING_IDS_SQL[vendor], [query]))  # noqa: S611


# The search box's two sources of ids, combined with UNION rather than OR: each side is read through an index
# (the customer foreign key, the text index), where an OR makes PostgreSQL test every case in turn.


def _ids_of(customers: QuerySet[Customer]) -> list[int] | QuerySet[Customer, Any]:
    """The customers' ids as a list, which PostgreSQL combines with the other indexes, when there are at most
    MAX_NAMED_CUSTOMERS; more (a very common name, a whole district) are left to a subquery, asked as it goes."""
    ids = list(customers.values_list("pk", flat=True)[: MAX_NAMED_CUSTOMERS + 1])
    return ids if len(ids) <= MAX_NAMED_CUSTOMERS else customers.values("pk")


def _customers_named(queryset: QuerySet[Case], query: str, *, areas: tuple[str, ...] = ()) -> QuerySet[Customer]:
    """Customers each word of whose query starts a first or last name, or, given `areas` (part of a postcode read
    each way it can be), who live there."""
    named = Q()
    for word in query.split():
        named &= Q(last_name__istartswith=word) | Q(first_name__istartswith=word)
    if areas:
        named |= in_postcode_areas(areas, vendor=connections[queryset.db].vendor)
    return Customer.objects.using(queryset.db).filter(named)


def _named_for_customer(queryset: QuerySet[Case], query: str, *, areas: tuple[str, ...] = ()) -> QuerySet[Case, Any]:
    customers = _customers_named(queryset, query, areas=areas)
    return Case.objects.using(queryset.db).filter(customer__in=customers.values("pk")).values("pk")


def _in_area(queryset: QuerySet[Case], area: str) -> QuerySet[Case, Any]:
    """The cases whose problem is in the area (part of a postcode), read through the postcode's index."""
    vendor = connections[queryset.db].vendor
    return Case.objects.using(queryset.db).filter(in_postcode_area(area, vendor=vendor)).values("pk")


def _imported_reference_is(query: str) -> Q:
    """An old system's reference as staff type it, in any case ("cw/2024/00152"): UPPER() on both sides, so the
    database reads it through the index on UPPER(imported_reference) and both sides fold letters the same way.
    That index holds imported cases only (a case logged here has no old reference), so the test says so too."""
    return Q(Exact(Upper("imported_reference"), Upper(Value(query, output_field=CharField())))) & ~Q(
        imported_reference=""
    )


def _with_imported_reference(queryset: QuerySet[Case], query: str) -> QuerySet[Case, Any]:
    return Case.objects.using(queryset.db).filter(_imported_reference_is(query)).values("pk")


def _words_of_this_case(query: str) -> Q:
    """PostgreSQL: the case's own words match, tested on the row itself so the GIN index and the primary key can
    both serve the search (the words go in as a parameter)."""
    return Q(RawSQL("search_vector @@ websearch_to_tsquery('english', %s)", [query], output_field=BooleanField()))


def _with_words(queryset: QuerySet[Case], text: str) -> QuerySet[Case, Any]:
    return Case.objects.using(queryset.db).filter(_text_matches(queryset, text)).values("pk")


@contextmanager
def indexed_once_after_bulk_insert() -> Iterator[None]:
    """Cases inserted inside the block join SQLite's search index in one statement at its end, instead of through
    the insert trigger row by row (several times faster for 100,000 cases); the trigger is the same afterwards.

    Call it inside a transaction: if the block fails, the rollback puts the trigger back too. PostgreSQL's trigger
    only fills the row's own `search_vector`, so nothing changes there.
    """
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexed_once_after_bulk_insert must run inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [SQLITE_INSERT_TRIGGER])
        trigger = cursor.fetchone()
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
        (last_before,) = cursor.fetchone()
        if trigger:
            cursor.execute(f"DROP TRIGGER {SQLITE_INSERT_TRIGGER}")
    yield
    if not trigger:
        return
    columns = ", ".join(SEARCHED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO cases_case_fts(rowid, {columns}) SELECT id, {columns} FROM cases_case WHERE id > %s",  # noqa: S608
            [last_before],
        )
        cursor.execute(trigger[0])
