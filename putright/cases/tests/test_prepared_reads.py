"""Reads built into SQL once (`core.prepared`) give what their querysets give, for every value they are run with."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from putright.cases import lifecycle, services
from putright.cases.access import case_by_reference, get_case_for
from putright.cases.choices import LinkKind
from putright.cases.models import Case, Stage
from putright.cases.page_contents import case_page_read, page_contents
from putright.cases.selectors import _stages_of, case_stages
from putright.core.prepared import PreparedRead

pytestmark = pytest.mark.django_db


def test_the_case_read_gives_the_querysets_case_with_its_records_for_each_reference(
    make_case, lead_officer, complaints_officer
):
    first, second = make_case(lead=lead_officer), make_case(lead=complaints_officer)
    for case in (first, second, first):  # the SQL is built on the first call and reused after
        found = get_case_for(lead_officer, case.reference.lower())
        expected = next(iter(case_by_reference(case.reference)))
        assert found.pk == expected.pk == case.pk
        with CaptureQueriesContext(connection) as reads:  # the records beside it came in the same read
            assert found.lead_officer == expected.lead_officer
            assert found.service_area == expected.service_area
            assert found.current_stage == expected.current_stage
        assert len(reads) == 0


def test_the_stages_read_sees_a_stage_added_since_it_was_built(make_case, lead_officer, complaints_officer):
    case = make_case(lead=lead_officer)
    assert [stage.number for stage in case_stages(case)] == [1]
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The repair was not done.")
    lifecycle.start_investigation(case=case, actor=lead_officer)
    lifecycle.respond(case=case, actor=lead_officer, outcome="not_upheld", reasons="Done on time.")
    lifecycle.escalate(case=case, actor=lead_officer, requested_on=timezone.localdate(), handler=complaints_officer)
    stages = case_stages(case)
    assert [stage.number for stage in stages] == [1, 2]
    assert {stage.pk for stage in stages} == set(_stages_of(case.pk).values_list("pk", flat=True))
    assert all(stage.case is case for stage in stages)


def test_the_sections_read_answers_for_the_case_it_is_given(make_case, lead_officer):
    plain, with_links = make_case(lead=lead_officer), make_case(lead=lead_officer)
    services.link_cases(case=with_links, other=plain, kind=LinkKind.RELATED, actor=lead_officer)
    assert page_contents(with_links).links and page_contents(plain).links
    assert not page_contents(make_case(lead=lead_officer)).links


def test_the_case_page_reads_which_sections_have_rows_with_the_case(make_case, lead_officer):
    """The case page's read of its case also says which sections have rows: the same answer as reading them apart,
    with no query of its own."""
    plain, with_links = make_case(lead=lead_officer), make_case(lead=lead_officer)
    services.link_cases(case=with_links, other=plain, kind=LinkKind.RELATED, actor=lead_officer)
    for case in (plain, with_links, make_case(lead=lead_officer), plain):
        found = get_case_for(lead_officer, case.reference, read=case_page_read)
        assert found.pk == case.pk
        with CaptureQueriesContext(connection) as reads:
            has = page_contents(found)
        assert len(reads) == 0
        assert has == page_contents(Case.objects.get(pk=case.pk))


def test_a_value_the_database_would_not_be_given_whole_is_refused():
    read = PreparedRead(lambda words: Case.objects.filter(reference__contains=words), str)
    with pytest.raises(RuntimeError, match="whole parameter"):
        read("PR-")
    stages = PreparedRead(lambda case_id: Stage.objects.filter(case_id=case_id), int)
    assert stages(0) == []
