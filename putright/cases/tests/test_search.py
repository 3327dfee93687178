"""Case search: the full-text index kept by database triggers, and the staff search box rules."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from putright.cases.choices import CaseKind, CaseStatus, Channel
from putright.cases.models import Case, Contact
from putright.cases.search import find_cases, normalise_postcode, normalise_reference, search_cases, text_query
from putright.organisation.models import ServiceArea
from putright.people.models import Customer
from putright.people.selectors import in_postcode_area

pytestmark = pytest.mark.django_db

RECEIVED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_numbers = itertools.count(1)


def make_service_area(name: str = "Housing repairs") -> ServiceArea:
    area, _ = ServiceArea.objects.get_or_create(slug=name.lower().replace(" ", "-"), defaults={"name": name})
    return area


def make_contact() -> Contact:
    return Contact.objects.create(channel=Channel.WEB, received_at=RECEIVED_AT, raw_text="As typed on the web form.")


def case_fields(**fields: object) -> dict[str, object]:
    """The fields of an unsaved complaint, with a unique reference; `fields` override the defaults."""
    defaults: dict[str, object] = {
        "reference": f"PR-2026-{next(_numbers):05d}",
        "kind": CaseKind.COMPLAINT,
        "contact": make_contact(),
        "service_area": make_service_area(),
        "title": "Repair not done",
        "description": "Nobody came to the appointment.",
        "received_at": RECEIVED_AT,
    }
    return defaults | fields


def make_case(**fields: object) -> Case:
    return Case.objects.create(**case_fields(**fields))


def make_customer(first_name: str, last_name: str, postcode: str = "") -> Customer:
    return Customer.objects.create(first_name=first_name, last_name=last_name, postcode=postcode)


def references(cases: object) -> list[str]:
    return sorted(case.reference for case in cases)  # type: ignore[attr-defined]


# Full-text search: each text column is indexed, on insert, update, delete and bulk_create.


@pytest.mark.parametrize("field", ["title", "description", "desired_outcome", "definition"])
def test_word_in_any_text_field_finds_the_case(field: str) -> None:
    wanted = make_case(**{field: "Black mould on the bathroom ceiling"})
    make_case(title="Bin not collected", description="Missed on Tuesday.")

    found = search_cases(Case.objects.all(), "mould")

    assert references(found) == [wanted.reference]


def test_every_word_must_match() -> None:
    both = make_case(description="Damp in the hallway and mould in the bedroom.")
    make_case(description="Damp in the hallway.")

    assert references(search_cases(Case.objects.all(), "damp mould")) == [both.reference]


def test_search_matches_other_forms_of_a_word() -> None:
    leak = make_case(description="A leak under the kitchen sink.")

    assert references(search_cases(Case.objects.all(), "leaking")) == [leak.reference]
    assert references(search_cases(Case.objects.all(), "Leaks")) == [leak.reference]


def test_saved_case_is_found_by_its_new_words_only() -> None:
    case = make_case(description="The fence panel blew down.")

    case.description = "The gate hinge is broken."
    case.save()

    assert references(search_cases(Case.objects.all(), "hinge")) == [case.reference]
    assert references(search_cases(Case.objects.all(), "fence")) == []


def test_queryset_update_reindexes_the_text() -> None:
    case = make_case(title="Streetlight out")

    Case.objects.filter(pk=case.pk).update(title="Pothole outside number 4")

    assert references(search_cases(Case.objects.all(), "pothole")) == [case.reference]
    assert references(search_cases(Case.objects.all(), "streetlight")) == []


def test_saving_other_fields_keeps_the_case_findable() -> None:
    case = make_case(description="Graffiti on the underpass.")

    case.status = CaseStatus.INVESTIGATING
    case.save(update_fields=["status"])

    assert references(search_cases(Case.objects.all(), "graffiti")) == [case.reference]


def test_deleted_case_is_not_found() -> None:
    case = make_case(description="Overgrown hedge blocking the pavement.")
    kept = make_case(description="Hedge cut too far back.")

    case.delete()

    assert references(search_cases(Case.objects.all(), "hedge")) == [kept.reference]


def test_bulk_created_cases_are_found() -> None:
    Case.objects.bulk_create(
        [Case(**case_fields(description=f"Fly-tipping behind the shops, bag {n}.")) for n in range(50)]
    )
    make_case(description="Dog fouling in the park.")

    assert search_cases(Case.objects.all(), "tipping shops").count() == 50
    assert search_cases(Case.objects.all(), "fouling").count() == 1


# Whatever staff type, the search reads it as words: never a syntax error, never "every case".


@pytest.mark.parametrize(
    ("text", "finds_it"),
    [
        ('damp AND "mould', True),  # AND is a word here, and the stray quote is ignored
        ("damp OR nothing", False),  # OR is a word too, so "nothing" must also appear
        ("damp -mould", True),  # no exclusion: the minus sign is punctuation
        ("NEAR(damp mould)", False),  # "NEAR(damp" is the phrase "near damp", which the case does not contain
        ("mould*", True),
        ("title:damp", False),  # no column filters: "title:damp" is the phrase "title damp"
        ("^damp", True),
        ('""', False),
        ("*", False),
        ("-", False),
        ("NEAR(", False),
        ("   ", False),
    ],
)
def test_search_syntax_in_user_text_is_read_as_words(text: str, finds_it: bool) -> None:
    case = make_case(description="Damp and mould in the back bedroom.")

    found = references(search_cases(Case.objects.all(), text))

    assert found == ([case.reference] if finds_it else [])


def test_text_query_quotes_each_word() -> None:
    assert text_query('damp AND "mould  anti-social *') == '"damp" "AND" "mould" "anti-social"'
    assert text_query(' * - " ') == ""


def test_search_never_returns_a_case_outside_the_given_queryset() -> None:
    # The caller passes cases_visible_to(user); a restricted case left out of it must stay out.
    visible = make_case(description="Carer did not arrive.")
    make_case(description="Carer did not arrive.", is_restricted=True)

    found = search_cases(Case.objects.filter(is_restricted=False), "carer")

    assert references(found) == [visible.reference]


# The staff search box: reference, then postcode, then name or words.


@pytest.mark.parametrize("typed", ["PR-2026-00042", "pr-2026-00042", "PR202600042", " pr 2026 42 "])
def test_search_box_finds_a_case_by_its_reference(typed: str) -> None:
    case = make_case(reference="PR-2026-00042")
    make_case(reference="PR-2026-00420", description="Mentions PR-2026-00042 in its text.")

    assert references(find_cases(Case.objects.all(), typed)) == [case.reference]


@pytest.mark.parametrize("typed", ["SW1A 1AA", "sw1a1aa", "Sw1A   1aA"])
def test_search_box_finds_cases_by_postcode_of_the_problem_or_the_customer(typed: str) -> None:
    at_the_address = make_case(postcode="SW1A 1AA")
    customer_lives_there = make_case(customer=make_customer("Ada", "Lovelace", postcode="SW1A 1AA"))
    make_case(postcode="SW1A 2AA")

    found = find_cases(Case.objects.all(), typed)

    assert references(found) == references([at_the_address, customer_lives_there])


@pytest.mark.parametrize("typed", ["SW1A", "sw1a", " SW1A "])
def test_search_box_finds_cases_by_part_of_a_postcode_where_the_problem_is_or_the_customer_lives(typed: str) -> None:
    at_the_address = make_case(postcode="SW1A 1AA")
    customer_lives_there = make_case(customer=make_customer("Ada", "Lovelace", postcode="SW1A 2BB"))
    only_the_district_given = make_case(postcode="SW1A")
    make_case(postcode="SW1 1AA")  # another district, whose code starts the same
    make_case(customer=make_customer("Bob", "Brown", postcode="SW11 1AA"))

    found = find_cases(Case.objects.all(), typed)

    assert references(found) == references([at_the_address, customer_lives_there, only_the_district_given])


@pytest.mark.parametrize(
    ("typed", "postcode"),
    [("M1 1", "M1 1AE"), ("m1 1a", "M1 1AE"), ("m11 1", "M11 1AE")],
)
def test_search_box_finds_cases_by_the_sector_of_a_postcode(typed: str, postcode: str) -> None:
    for each in ("M1 1AE", "M1 2AE", "M11 1AE"):
        make_case(postcode=each)

    assert [case.postcode for case in find_cases(Case.objects.all(), typed)] == [postcode]


@pytest.mark.parametrize("typed", ["tv15", "TV15"])
def test_search_box_reads_a_district_or_a_sector_typed_without_the_space_both_ways(typed: str) -> None:
    in_the_sector = make_case(postcode="TV1 5AB")  # "tv15" as TV1 5..., typed without its space
    customer_in_the_sector = make_case(customer=make_customer("Ada", "Lovelace", postcode="TV1 5XY"))
    in_the_district = make_case(postcode="TV15 2CD")  # "tv15" as the district TV15
    make_case(postcode="TV1 6AB")
    make_case(postcode="TV16 5AB")

    found = find_cases(Case.objects.all(), typed)

    assert references(found) == references([in_the_sector, customer_in_the_sector, in_the_district])


def test_part_of_a_postcode_still_finds_the_words_of_a_case() -> None:
    motorway = make_case(description="Lorries queue on the M4 slip road.")
    in_the_district = make_case(postcode="M4 5AB")

    assert references(find_cases(Case.objects.all(), "M4")) == references([motorway, in_the_district])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pattern-ops indexes")
def test_postgresql_reads_part_of_a_postcode_through_the_postcode_indexes() -> None:
    make_case(postcode="SW1A 1AA", customer=make_customer("Ada", "Lovelace", postcode="SW1A 1AA"))
    for queryset, index in (
        (Case.objects.filter(in_postcode_area("SW1A ", vendor="postgresql")), "case_postcode_idx"),
        (Customer.objects.filter(in_postcode_area("SW1A ", vendor="postgresql")), "customer_postcode_idx"),
    ):
        sql, params = queryset.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: make the planner show the index it can use
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
        assert index in plan and "Seq Scan" not in plan, plan


def test_search_box_finds_cases_by_customer_name_newest_first() -> None:
    customer = make_customer("Margaret", "Smithson")
    older = make_case(customer=customer, received_at=RECEIVED_AT)
    newer = make_case(customer=customer, received_at=RECEIVED_AT + timedelta(days=3))
    make_case(customer=make_customer("Margaret", "Jones"))

    assert list(find_cases(Case.objects.all(), "smith")) == [newer, older]
    assert list(find_cases(Case.objects.all(), "Marg Smi")) == [newer, older]


def test_search_box_falls_back_to_the_case_words() -> None:
    by_words = make_case(description="Noisy neighbours every night.")
    by_name = make_case(customer=make_customer("Nadia", "Noisy"))
    make_case(description="Quiet street.")

    assert references(find_cases(Case.objects.all(), "noisy")) == references([by_words, by_name])


def test_search_box_stays_within_the_given_queryset() -> None:
    hidden = make_case(reference="PR-2026-00077", postcode="M1 1AE", customer=make_customer("Ann", "Hidden"))

    scoped = Case.objects.exclude(pk=hidden.pk)

    for typed in ["PR-2026-00077", "M1 1AE", "Hidden", "appointment"]:
        assert list(find_cases(Case.objects.all(), typed)) == [hidden]
        assert list(find_cases(scoped, typed)) == []


def test_search_box_with_nothing_to_search_finds_nothing() -> None:
    make_case()

    assert list(find_cases(Case.objects.all(), "  ")) == []
    assert list(find_cases(Case.objects.all(), "*")) == []


def test_reference_and_postcode_normalisation() -> None:
    assert normalise_reference("pr2026-7") == "PR-2026-00007"
    assert normalise_reference("PR-2026-123456") is None
    assert normalise_reference("damp") is None
    assert normalise_postcode("ec1a1bb") == "EC1A 1BB"
    assert normalise_postcode("W1A 0AX") == "W1A 0AX"
    assert normalise_postcode("SW1A") is None


# The index is real and is used, and later migrations have not dropped the triggers that keep it.


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 index")
def test_sqlite_search_reads_the_fts5_index() -> None:
    sql, params = search_cases(Case.objects.all(), "leak").query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
        # Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers.
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_case'")
        triggers = sorted(row[0] for row in cursor.fetchall())

    assert "cases_case_fts VIRTUAL TABLE INDEX" in plan
    assert triggers == ["cases_case_fts_delete", "cases_case_fts_insert", "cases_case_fts_update"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL GIN index")
def test_postgresql_search_vector_has_a_gin_index_and_trigger() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'cases_case' AND indexname = 'case_search_idx'"
        )
        (index,) = cursor.fetchone()
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'cases_case'::regclass AND NOT tgisinternal")
        triggers = [row[0] for row in cursor.fetchall()]

    assert "USING gin (search_vector)" in index
    assert triggers == ["cases_case_search_vector"]
