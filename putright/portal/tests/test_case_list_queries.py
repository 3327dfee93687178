"""Your cases opens as quickly with many cases as with a few: what each line says (the case answering a part, the
promises still to keep, the next stage the customer asked for) is read for every case at once."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import RemedyType
from putright.cases.lifecycle import RemedyDetails
from putright.portal.tests.test_split_parts_portal import answer, split_off

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def add_split_complaint(ann, make_case, lead_officer, complaints_officer, waste, waste_leader):
    """Two more of Ann's cases: a complaint and the part split off it to be answered together, each answered with a
    promise, after which Ann asks for stage 2."""

    def add() -> None:
        lead = make_case(lead=lead_officer, title="Roof leak not repaired")
        part = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
        day = timezone.localdate()
        answer(part, waste_leader, RemedyDetails(RemedyType.FINANCIAL, "Refund the garden waste fee", Decimal(40), day))
        answer(lead, lead_officer, RemedyDetails(RemedyType.ACTION_ON_DELAY, "Repair the roof"))
        assert ann.post(reverse("portal:escalate", args=[lead.reference])).status_code == 302

    return add


def your_cases(ann) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = ann.get(reverse("portal:your_cases"))
    assert response.status_code == 200
    return len(queries), html.unescape(response.content.decode())


def test_six_cases_are_listed_with_as_many_queries_as_two(ann, add_split_complaint):
    add_split_complaint()
    for_two, page = your_cases(ann)
    assert page.count('href="/account/cases/') == 2

    add_split_complaint()
    add_split_complaint()
    for_six, page = your_cases(ann)

    assert page.count('href="/account/cases/') == 6
    assert page.count("You asked for stage 2: we will acknowledge your request by") == 3
    assert page.count("answers this too") == 3
    assert page.count("Refund the garden waste fee") == 3 and page.count("Repair the roof") == 3
    assert for_six == for_two


def test_your_cases_reads_each_thing_once(ann, add_split_complaint, make_case, lead_officer):
    """A plain case: the session, the cases with their current stages (and whether any is in a split answered
    together or has a promise still to keep) and the organisation (the page's header). With parts answered together,
    promises and a request for the next stage, besides: the split links both ways, the promises, which promises a
    lead's response gave, whether a part was answered on its own, the waiting requests and the next stages' rules."""
    make_case(lead=lead_officer, title="Fence not mended")
    plain, page = your_cases(ann)
    assert "Fence not mended" in page
    assert plain <= 3
    add_split_complaint()
    queries, page = your_cases(ann)
    assert "answers this too" in page and "Repair the roof" in page
    assert queries <= 9
