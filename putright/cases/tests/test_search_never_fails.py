"""Search and the queues answer any input with a page, never an error: a NUL byte, a very long query, huge numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

HUGE = "9" * 40
ODD_QUERIES = [
    "leak\x00roof",
    "\x00",
    " ".join(["leaking"] * 2000),
    " ".join(f"word{n}" for n in range(2000)),
    "PR-2026-" + HUGE,
    HUGE,
    '"unclosed',
    "NEAR( * ^ col:",
]


@pytest.mark.parametrize("query", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_the_search_box_never_fails(client, make_case, complaints_officer, query):
    make_case(title="Leaking roof")
    client.force_login(complaints_officer)
    response = client.get(reverse("cases:search"), {"q": query})
    assert response.status_code == 200


def test_bytes_that_are_not_utf8_in_the_query_are_not_an_error(client, make_case, complaints_officer):
    make_case()
    client.force_login(complaints_officer)
    assert client.get(reverse("cases:search") + "?q=%ED%A0%80%FF%00leak").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"page": HUGE},
        {"page": "-" + HUGE},
        {"stage": HUGE},
        {"service": HUGE},
        {"procedure": "\x00"},
        {"status": "\x00"},
        {"due": HUGE},
        {"q": "x", "page": HUGE},
    ],
)
def test_queue_filters_never_fail(client, make_case, complaints_officer, params):
    make_case()
    client.force_login(complaints_officer)
    for name in ("cases:all_cases", "cases:search", "cases:contacts"):
        assert client.get(reverse(name), params).status_code == 200, (name, params)


def test_a_huge_year_on_the_reports_is_not_an_error(client, make_case, manager):
    make_case()
    client.force_login(manager)
    for name in ("reporting:dashboard", "reporting:annual", "reporting:contact_volumes"):
        assert client.get(reverse(name), {"year": HUGE}).status_code == 200, name
