"""A prepared read gives what its queryset gives, for whatever values it is called with."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from putright.core.prepared import PreparedRead
from putright.organisation.models import ClosureDay, PostcodeWard, ServiceArea, Team
from putright.procedures.models import Procedure, ProcedureVersion
from putright.procedures.selectors import current_version

pytestmark = pytest.mark.django_db


def test_each_call_reads_with_its_own_values_as_the_orm_does():
    PostcodeWard.objects.create(postcode="AB1 2CD", ward="Abbey")
    PostcodeWard.objects.create(postcode="EF3 4GH", ward="Castle")
    ward_of = PreparedRead(lambda postcode: PostcodeWard.objects.filter(postcode=postcode).values_list("ward"), str)

    assert ward_of("AB1 2CD") == [("Abbey",)]
    assert ward_of("EF3 4GH") == [("Castle",)]
    assert ward_of("ZZ9 9ZZ") == []


def test_objects_come_with_their_related_rows_and_annotations(housing):
    team = Team.objects.create(name="Repairs", service_area=housing)
    other = Team.objects.create(name="Voids", service_area=housing)
    orm = lambda team_id, name: (  # noqa: E731
        Team.objects.filter(pk=team_id)
        .select_related("service_area")
        .annotate(named=Exists(ServiceArea.objects.filter(pk=OuterRef("service_area_id"), name=name)))
    )
    prepared = PreparedRead(orm, int, str)

    for team_id, name in ((team.pk, housing.name), (other.pk, "Nothing"), (team.pk, "Nothing")):
        [found] = prepared(team_id, name)
        [expected] = orm(team_id, name)
        assert (found.pk, found.name, found.named) == (expected.pk, expected.name, expected.named)
        with CaptureQueriesContext(connection) as q:
            assert found.service_area.name == housing.name
        assert not q.captured_queries


def test_a_date_is_given_as_the_database_expects_it(organisation):
    """On SQLite a date goes to the database as text, on PostgreSQL as a date: each call's date as the ORM gives it."""
    ClosureDay.objects.create(organisation=organisation, date=date(2026, 12, 29), name="Between the holidays")
    closed_from = PreparedRead(lambda day: ClosureDay.objects.filter(date__gte=day).values_list("name"), date)

    assert closed_from(date(2026, 12, 28)) == [("Between the holidays",)]
    assert closed_from(date(2026, 12, 29)) == [("Between the holidays",)]
    assert closed_from(date(2026, 12, 30)) == []


def test_text_compared_with_like_and_values_the_orm_would_convert_are_refused(organisation):
    """Each would otherwise find the wrong rows: `%` matching every name, a time or None matching nothing."""
    like = PreparedRead(lambda name: ClosureDay.objects.filter(name__iexact=name), str)
    on_day = PreparedRead(lambda day: ClosureDay.objects.filter(date=day), date)
    if connection.vendor == "sqlite":  # PostgreSQL compares iexact with UPPER(), not LIKE
        with pytest.raises(RuntimeError, match="LIKE"):
            like("%")
    for wrong in (datetime(2026, 12, 29, 10, 0), None, "2026-12-29"):
        with pytest.raises(TypeError, match="takes a date"):
            on_day(wrong)


def test_a_value_used_twice_is_refused():
    twice = PreparedRead(lambda slug: Procedure.objects.filter(slug=slug) | Procedure.objects.filter(name=slug), str)

    with pytest.raises(RuntimeError):
        twice("joint-code")


def test_the_current_version_comes_with_its_stages_in_order(django_assert_num_queries):
    procedure = Procedure.objects.get(slug="joint-code")
    expected = ProcedureVersion.objects.filter(procedure=procedure).order_by("-number").first()
    assert expected is not None

    version = current_version(procedure)

    assert version.pk == expected.pk
    with django_assert_num_queries(0):
        stages = list(version.stages.all())
        assert all(stage.version is version for stage in stages)
    assert [stage.pk for stage in stages] == list(expected.stages.order_by("number").values_list("pk", flat=True))
    assert current_version("joint-code").pk == expected.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements; SQLite has no server")
def test_on_postgresql_the_server_parses_and_plans_a_prepared_read_once_per_connection():
    """The values go apart from the SQL, so every call sends the same statement, prepared once; after its first
    five calls PostgreSQL runs its plan without planning again, when that plan suits any value."""
    for number in range(8):
        PostcodeWard.objects.create(postcode=f"AB{number} 2CD", ward=f"Ward {number}")
    ward_of = PreparedRead(lambda postcode: PostcodeWard.objects.filter(postcode=postcode).values_list("ward"), str)

    assert [ward_of(f"AB{number} 2CD") for number in range(8)] == [[(f"Ward {number}",)] for number in range(8)]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%organisation_postcodeward%"],
        )
        [(generic, custom)] = cursor.fetchall()  # one statement for all eight calls
    assert generic + custom == 8
    assert generic > 0  # planned once, then run with each call's value
