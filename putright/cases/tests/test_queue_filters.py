"""The case queues' filters: a value a queue does not offer is said plainly at the top, never silently dropped."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from putright.cases.tests.test_views import sign_in


def listed(page: str) -> list[str]:
    """The references a queue page lists, in order."""
    return re.findall(r'href="/cases/([^/"]+)/">\1<', page)


def banners(page: str) -> list[str]:
    """The notices at the top of the page (GOV.UK notification banners)."""
    return re.findall(r'<p class="govuk-notification-banner__heading">([^<]*)</p>', page)


def services_offered(page: str) -> str:
    return page.split('name="service"', 1)[1].split("</select>", 1)[0]


NOT_UNDERSTOOD = {
    "stage=9": "There is no stage 9. Showing every stage.",
    "stage=first": "“first” is not a stage. Showing every stage.",
    "service=abc": "“abc” is not a service you can see. Showing every service.",
    "due=whenever": "“whenever” is not a choice of when cases are due. Showing cases due at any time.",
    "status=bogus": "“bogus” is not a status. Showing open cases.",
    "procedure=nope": "“nope” is not a procedure. Showing every procedure.",
}


@pytest.mark.parametrize("asked", NOT_UNDERSTOOD)
@pytest.mark.parametrize("queue", ["cases:my_cases", "cases:team_cases", "cases:all_cases"])
def test_a_queue_says_which_filter_it_did_not_understand_and_shows_what_it_shows_instead(
    client, make_case, lead_officer, complaints_officer, waste, asked, queue
):
    ours = [make_case(lead=lead_officer, title=f"Leak {number}").reference for number in range(2)]
    make_case(lead=lead_officer, service=waste, title="Bins")
    sign_in(client, complaints_officer if queue == "cases:all_cases" else lead_officer)
    unfiltered = client.get(reverse(queue)).content.decode()
    assert set(ours) <= set(listed(unfiltered)) and banners(unfiltered) == []

    response = client.get(f"{reverse(queue)}?{asked}")
    assert response.status_code == 200
    page = response.content.decode()
    assert banners(page) == [NOT_UNDERSTOOD[asked]]
    assert listed(page) == listed(unfiltered)
    # The filter shows what is applied: nothing of the value not understood is selected.
    assert not re.search(r'<option value="[^"]+" selected>', page.replace('value="open" selected', ""))


def test_a_filter_not_understood_leaves_the_others_applied_and_each_is_named(
    client, make_case, lead_officer, waste, waste_leader
):
    make_case(lead=lead_officer, title="Leak")
    bins = make_case(lead=lead_officer, service=waste, title="Bins").reference
    sign_in(client, lead_officer)
    page = client.get(reverse("cases:my_cases"), {"service": "waste", "stage": "9", "due": "soonish"}).content.decode()
    assert listed(page) == [bins]
    # One banner, listing each.
    assert banners(page) == ["Some filters in the address were not applied:"]
    assert page.count("govuk-notification-banner__title") == 1
    assert re.findall(r"<li>([^<]*)</li>", page.split("govuk-notification-banner__content")[1].split("</ul>")[0]) == [
        "There is no stage 9. Showing every stage.",
        "“soonish” is not a choice of when cases are due. Showing cases due at any time.",
    ]
    assert '<option value="waste" selected>Waste and recycling</option>' in page


def test_five_filters_not_understood_are_one_banner(client, lead_officer):
    sign_in(client, lead_officer)
    query = {"stage": "abc", "due": "nope", "status": "x", "procedure": "y", "service": "z"}
    page = client.get(reverse("cases:team_cases"), query).content.decode()
    assert page.count("govuk-notification-banner__title") == 1
    assert page.count("<li>“") + page.count("<li>There") == 5


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ({"due": "\x00"}, "That is not a choice of when cases are due."),
        ({"status": "\u202e\u202e"}, "That is not a status."),
        ({"stage": "-1"}, "There is no stage -1."),
        ({"due": "\u202eabc"}, "“abc” is not a choice of when cases are due."),
        ({"stage": "1\u202e"}, "“1” is not a stage."),
        ({"stage": "9999"}, "There is no stage 9999."),
        ({"stage": "99999"}, "There is no stage 99999."),
    ],
)
def test_a_value_not_understood_is_echoed_without_control_characters_and_numbers_alike(
    client, lead_officer, asked, said
):
    sign_in(client, lead_officer)
    page = client.get(reverse("cases:my_cases"), asked).content.decode()
    assert banners(page) and banners(page)[0].startswith(said)
    assert "\x00" not in page and "\u202e" not in page


@pytest.mark.parametrize("services", ["service=waste&service=zz", "service=zz&service=waste"])
def test_a_filter_given_twice_uses_the_value_it_offers_and_says_the_other_was_ignored(
    client, make_case, complaints_officer, waste, services
):
    make_case(title="Leak")
    bins = make_case(service=waste, title="Bins").reference
    sign_in(client, complaints_officer)
    page = client.get(f"{reverse('cases:all_cases')}?{services}&stage=-1").content.decode()
    assert listed(page) == [bins]
    assert '<option value="waste" selected>Waste and recycling</option>' in page
    notices = page.split("govuk-notification-banner__content")[1].split("</ul>")[0]
    assert re.findall(r"<li>([^<]*)</li>", notices) == [
        "Only one service can be used at a time: “zz” ignored.",
        "There is no stage -1. Showing every stage.",
    ]


def test_filters_a_queue_offers_narrow_it_as_before_without_a_notice(client, make_case, lead_officer, waste):
    leak = make_case(lead=lead_officer, title="Leak").reference
    bins = make_case(lead=lead_officer, service=waste, title="Bins").reference
    sign_in(client, lead_officer)
    queue = reverse("cases:my_cases")
    for asked, expected in (
        ({"service": "waste"}, [bins]),
        ({"service": "housing-repairs"}, [leak]),
        ({"stage": "1", "status": "received", "procedure": "joint-code", "due": "later"}, [leak, bins]),
        ({"stage": "2"}, []),
        ({"status": "closed"}, []),
        ({"due": "overdue"}, []),
        ({"service": " ", "stage": ""}, [leak, bins]),  # nothing chosen: no filter, nothing to say
    ):
        page = client.get(queue, asked).content.decode()
        assert (sorted(listed(page)), banners(page)) == (sorted(expected), []), asked


def test_a_restricted_service_the_user_may_not_see_is_not_offered_and_answered_as_one_that_does_not_exist(
    client, make_case, lead_officer, social_care_officer, complaints_officer, adult_social_care
):
    make_case(lead=lead_officer, title="Leak")
    sign_in(client, lead_officer)
    queue = reverse("cases:my_cases")
    page = client.get(queue, {"service": "adult-social-care"}).content.decode()
    missing = client.get(queue, {"service": "adult-social-cares"}).content.decode()
    assert banners(page) == ["“adult-social-care” is not a service you can see. Showing every service."]
    assert banners(missing) == ["“adult-social-cares” is not a service you can see. Showing every service."]
    assert listed(page) == listed(missing) != []
    assert "Adult social care" not in services_offered(page) and "Housing repairs" in services_offered(page)
    # The complaints team sees it only when they may see all restricted cases (the statutory complaints manager);
    # its own teams always do. Those who may see its cases are offered it, and it filters for them.
    sign_in(client, complaints_officer)
    assert banners(client.get(queue, {"service": "adult-social-care"}).content.decode()) == banners(page)
    complaints_officer.can_see_restricted = True
    complaints_officer.save(update_fields=["can_see_restricted"])
    for user in (social_care_officer, complaints_officer):
        sign_in(client, user)
        page = client.get(queue, {"service": "adult-social-care"}).content.decode()
        assert banners(page) == [], user
        assert '<option value="adult-social-care" selected>Adult social care</option>' in services_offered(page), user


def test_a_queue_asks_the_same_few_queries_whatever_its_filters(client, make_case, lead_officer, waste):
    """Judging the filters reads nothing more: the services and procedures offered are the one query the filters
    always needed, and the service chosen is taken from it (not looked up again)."""
    for number in range(3):
        make_case(lead=lead_officer, title=f"Leak {number}")
    make_case(lead=lead_officer, service=waste, title="Bins")
    assert client.post(reverse("login"), {"username": lead_officer.username, "password": PASSWORD}).status_code == 302
    queue = reverse("cases:my_cases")
    counts = {}
    for asked in ("", "service=housing-repairs", "service=housing-repairs&due=waiting", "stage=9&service=abc&due=x"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{queue}?{asked}").status_code == 200
        counts[asked] = len(captured)
    # The session, the user, the second-step check, the filters' options, the organisation, the page's ids (one
    # statement of "led" and "handled" on PostgreSQL), the rows (none waiting: not read) and the access log's entry.
    mine = 9 if connection.vendor == "sqlite" else 8
    assert {asked: count for asked, count in counts.items() if count > mine} == {}
