"""Staff pages: who may open them, what they show, and what bad input does."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from putright.audit.models import AccessLogEntry
from putright.cases import lifecycle
from putright.cases.choices import CaseStatus, EventKind
from putright.cases.models import Case, Contact, CustomerRequest
from putright.cases.requests import raise_request
from putright.cases.views.actions import ACTIONS
from putright.people.models import Customer
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.models import Procedure

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is the same day every run


def sign_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def case(make_case, lead_officer):
    return make_case(lead=lead_officer)


@pytest.fixture
def restricted_case(make_case, adult_social_care, social_care_officer):
    return make_case(
        procedure="adult-social-care",
        service=adult_social_care,
        title="Care package stopped",
        text="My mother's care visits stopped without warning.",
    )


def staff_urls(reference: str) -> list[str]:
    urls = [
        reverse(name)
        for name in (
            "cases:my_cases",
            "cases:team_cases",
            "cases:all_cases",
            "cases:search",
            "cases:log",
            "cases:contacts",
        )
    ]
    urls.append(reverse("cases:detail", args=[reference]))
    urls += [reverse("cases:action", args=[reference, slug]) for slug in ACTIONS]
    return urls


def test_anonymous_visitors_are_sent_to_sign_in_from_every_staff_page(client, case):
    for url in staff_urls(case.reference):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_a_councillor_gets_not_found_on_every_staff_page(client, case, councillor):
    sign_in(client, councillor)
    for url in staff_urls(case.reference):
        assert client.get(url).status_code == 404, url


def test_a_complaints_officer_can_open_every_staff_page(client, case, complaints_officer):
    sign_in(client, complaints_officer)
    allowed = lifecycle.allowed_actions(case)
    not_now = {
        reverse("cases:action", args=[case.reference, slug])
        for slug, spec in ACTIONS.items()
        if spec.lifecycle_action and spec.lifecycle_action not in allowed
    }
    assert not_now  # a new case cannot be, say, closed yet
    for url in staff_urls(case.reference):
        response = client.get(url)
        # Actions the case's status does not allow redirect back to the case page with a message.
        if url in not_now:
            assert response.status_code == 302, url
            assert response.url == reverse("cases:detail", args=[case.reference]), url
        else:
            assert response.status_code == 200, url
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


def test_a_restricted_case_is_not_found_for_other_teams_and_open_to_its_own(
    client, restricted_case, lead_officer, social_care_officer, complaints_officer
):
    url = reverse("cases:detail", args=[restricted_case.reference])
    missing = reverse("cases:detail", args=["PR-1999-99999"])
    for outsider in (lead_officer, complaints_officer):
        sign_in(client, outsider)
        # The same answer as for a case that does not exist.
        assert client.get(url).status_code == 404
        assert client.get(missing).status_code == 404
        assert client.get(reverse("cases:action", args=[restricted_case.reference, "note"])).status_code == 404
        assert restricted_case.reference not in client.get(reverse("cases:all_cases")).content.decode()
    sign_in(client, social_care_officer)
    page = client.get(url)
    assert page.status_code == 200
    assert "Care package stopped" in page.content.decode()


def test_opening_a_case_is_logged(client, case, lead_officer):
    sign_in(client, lead_officer)
    client.get(reverse("cases:detail", args=[case.reference]))
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.object_reference, entry.action) == (lead_officer, case.reference, "view")


def test_the_case_page_shows_deadlines_with_their_explanation(client, make_case, lead_officer):
    case = make_case(lead=lead_officer, received_at=datetime(2025, 12, 19, 10, tzinfo=LONDON))
    sign_in(client, lead_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Tuesday 30 December 2025" in page  # acknowledge by
    assert "bank holiday: Christmas Day" in page
    assert "Why these dates" in page
    assert reverse("cases:action", args=[case.reference, "acknowledge"]) in page
    assert reverse("cases:action", args=[case.reference, "escalate"]) not in page  # not allowed yet


def valid_log_form(housing, lead_officer) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "channel": "phone",
        "received_on_0": str(today.day),
        "received_on_1": str(today.month),
        "received_on_2": str(today.year),
        "raw_text": "Orange recycling bags were not delivered again.",
        "first_name": "Bea",
        "last_name": "Hughes",
        "email": "bea@example.org",
        "phone": "",
        "preferred_contact_method": "email",
        "address": "",
        "postcode": "hp2 4aa",
        "kind": "complaint",
        "kind_reason": "Second missed delivery after a request",
        "service_area": str(housing.pk),
        "procedure": str(Procedure.objects.get(slug="joint-code").pk),
        "title": "Recycling bags not delivered",
        "desired_outcome": "Deliver the bags",
        "definition": "",
        "lead_officer": str(lead_officer.pk),
    }


def test_logging_a_phone_complaint_creates_the_case_and_shows_it(client, complaints_officer, housing, lead_officer):
    sign_in(client, complaints_officer)
    response = client.post(reverse("cases:log"), valid_log_form(housing, lead_officer))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.reference])
    assert case.customer.postcode == "HP2 4AA"
    assert case.lead_officer == lead_officer
    assert case.contact.raw_text == "Orange recycling bags were not delivered again."
    assert case.current_stage.acknowledge_due_date is not None
    page = client.get(response.url).content.decode()
    assert f"Complaint {case.reference} logged" in page


def test_an_officer_who_logs_a_restricted_case_they_may_not_open_is_told_where_it_went(
    client, complaints_officer, adult_social_care, social_care_officer
):
    sign_in(client, complaints_officer)
    form = valid_log_form(adult_social_care, social_care_officer)
    form["procedure"] = str(Procedure.objects.get(slug="adult-social-care").pk)
    response = client.post(reverse("cases:log"), form, follow=True)
    case = Case.objects.get()
    assert response.redirect_chain == [(reverse("cases:log"), 302)]  # not to a "Page not found"
    page = response.content.decode()
    assert f"Complaint {case.reference} logged. It is a restricted case: Adult social care" in page
    sign_in(client, social_care_officer)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"last_name": ""}, "last_name", "Enter the customer&#x27;s last name"),
        ({"received_on_1": ""}, "received_on", "Date received must include a month"),
        ({"received_on_0": "31", "received_on_1": "2"}, "received_on", "Date received must be a real date"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"email": ""}, "email", "Enter an email address, or choose another way to contact them"),
        ({"kind": ""}, "kind", "Select whether it is a complaint"),
        ({"title": "x" * 600}, "title", "Summary must be 200 characters or fewer. You have 600."),
        ({"last_name": "x" * 1234}, "last_name", "Last name must be 100 characters or fewer. You have 1,234."),
        # Longer than the customer's record keeps (254): refused by the form, not a failed save.
        (
            {"email": "a" * 250 + "@example.org"},
            "email",
            "Email address must be 254 characters or fewer. You have 262.",
        ),
        (
            {"phone": "01234"},
            "phone",
            "The phone number is too short: enter all of it, with the area code, like 01632 960 001 or 07700 900 982",
        ),
        ({"phone": "07700 9OO 123"}, "phone", "Enter a phone number using only numbers 0 to 9, spaces, brackets"),
        (
            {"phone": "0770 0900 1234 5"},
            "phone",
            "The phone number is too long: a UK number has no more than 11 digits",
        ),
    ],
)
def test_bad_input_when_logging_shows_a_precise_error_and_keeps_what_was_typed(
    client, complaints_officer, housing, lead_officer, changes, field, message
):
    sign_in(client, complaints_officer)
    form = valid_log_form(housing, lead_officer) | changes
    response = client.post(reverse("cases:log"), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert f"id_{field}" in page and "govuk-form-group--error" in page
    assert "Orange recycling bags were not delivered again." in page  # nothing typed is lost
    assert "Ensure this value" not in page  # Django's own words
    assert (Case.objects.count(), Contact.objects.count(), Customer.objects.count()) == (0, 0, 0)


def test_a_phone_number_that_is_not_one_is_told_once(client, complaints_officer, housing, lead_officer):
    """Preferring calls with a number too short: what is wrong with it, not also that none was given."""
    sign_in(client, complaints_officer)
    form = valid_log_form(housing, lead_officer) | {"phone": "01234", "preferred_contact_method": "phone"}
    page = client.post(reverse("cases:log"), form).content.decode()
    assert "The phone number is too short" in page
    assert "Enter a phone number, or choose another way to contact them" not in page
    assert Case.objects.count() == 0


@pytest.mark.parametrize("phone", ["07700 900123", "+44 7700 900123", "01632 960123", "(01632) 960 123"])
def test_a_phone_number_as_an_officer_types_it_is_kept_as_typed(
    client, complaints_officer, housing, lead_officer, phone
):
    sign_in(client, complaints_officer)
    form = valid_log_form(housing, lead_officer) | {"phone": phone, "preferred_contact_method": "phone"}
    response = client.post(reverse("cases:log"), form)
    assert response.status_code == 302
    assert Case.objects.get().customer.phone == phone


def test_a_date_received_in_the_future_is_refused(client, complaints_officer, housing, lead_officer):
    sign_in(client, complaints_officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = valid_log_form(housing, lead_officer) | {
        "received_on_0": str(tomorrow.day),
        "received_on_1": str(tomorrow.month),
        "received_on_2": str(tomorrow.year),
    }
    page = client.post(reverse("cases:log"), form).content.decode()
    assert "The date received must be today or in the past" in page
    assert Case.objects.count() == 0


def test_acknowledging_through_the_page_moves_the_case_on(client, case, lead_officer):
    sign_in(client, lead_officer)
    url = reverse("cases:action", args=[case.reference, "acknowledge"])
    response = client.post(url, {"lock_version": case.lock_version, "definition": "Roof leak since March"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACKNOWLEDGED
    assert case.events.filter(kind=EventKind.ACKNOWLEDGED).count() == 1


def test_a_second_officer_on_a_stale_page_sees_a_conflict_and_keeps_their_text(
    client, case, lead_officer, complaints_officer
):
    stale_version = case.lock_version
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak")
    sign_in(client, complaints_officer)
    url = reverse("cases:action", args=[case.reference, "decline"])
    response = client.post(
        url, {"lock_version": stale_version, "reason": "Already with the ombudsman", "signposted_to_ombudsman": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "was changed by Liam Leader" in page and "Nothing you entered has been saved" in page
    assert "Already with the ombudsman" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.ACKNOWLEDGED


def test_an_action_the_status_does_not_allow_is_not_offered(client, case, lead_officer):
    sign_in(client, lead_officer)
    response = client.post(reverse("cases:action", args=[case.reference, "close"]), {"lock_version": case.lock_version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    page = client.get(response.url).content.decode()
    assert f"{case.reference} is received, so it cannot be closed now." in page


def test_escalating_a_stage_not_yet_answered_says_it_must_be_answered_first(client, case, lead_officer):
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak")
    case.refresh_from_db()
    lifecycle.start_investigation(case=case, actor=lead_officer)
    sign_in(client, lead_officer)
    response = client.get(reverse("cases:action", args=[case.reference, "escalate"]))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "It cannot be escalated until stage 1 has been answered." in page
    assert "that action is not available now" not in page


def test_the_escalate_form_refuses_the_stage_one_handler(client, case, lead_officer):
    lifecycle.respond(case=case, actor=lead_officer, outcome="not_upheld", reasons="No fault found")
    case.refresh_from_db()
    sign_in(client, lead_officer)
    today = timezone.localdate()
    response = client.post(
        reverse("cases:action", args=[case.reference, "escalate"]),
        {
            "lock_version": case.lock_version,
            "requested_on_0": today.day,
            "requested_on_1": today.month,
            "requested_on_2": today.year,
            "handler": lead_officer.pk,
        },
    )
    page = response.content.decode()
    assert "must be handled by someone else" in page
    assert 'href="#id_handler"' in page


def answer_stage_one(case, lead_officer):
    lifecycle.respond(case=case, actor=lead_officer, outcome="not_upheld", reasons="No fault found")


def escalate_and_answer_stage_two(case, lead_officer, head_of_service):
    """Stage 2 is the final stage of the case's procedure (the Joint Code's)."""
    case.refresh_from_db()
    today = timezone.localdate()
    lifecycle.escalate(case=case, actor=lead_officer, requested_on=today, handler=head_of_service)
    lifecycle.respond(case=case, actor=head_of_service, outcome="not_upheld", reasons="Stage 1 was right")


def test_after_the_final_stage_the_case_page_offers_the_ombudsman_not_escalate(
    client, case, lead_officer, head_of_service, complaints_officer
):
    escalate = reverse("cases:action", args=[case.reference, "escalate"])
    ombudsman = reverse("ombudsman:case", args=[case.reference])
    detail = reverse("cases:detail", args=[case.reference])
    sign_in(client, complaints_officer)
    answer_stage_one(case, lead_officer)
    assert escalate in client.get(detail).content.decode()  # stage 2 is next

    escalate_and_answer_stage_two(case, lead_officer, head_of_service)
    page = client.get(detail).content.decode()
    assert escalate not in page
    assert ombudsman in page  # the next step is the ombudsman's
    # Asked for anyway, the action says why, with the same words the escalation itself refuses with.
    response = client.get(escalate)
    assert response.status_code == 302 and response.url == detail
    page = client.get(detail).content.decode()
    procedure = case.procedure_version.procedure.name
    assert f"It cannot be escalated: under {procedure}, stage 2 is the final stage." in page
    assert "Housing Ombudsman" in page


def test_a_customers_request_for_another_stage_after_the_final_one_is_not_offered_escalating(
    client, case, lead_officer, head_of_service, complaints_officer
):
    answer_stage_one(case, lead_officer)
    asked = raise_request(
        CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=1)
    )
    escalate = reverse("cases:action", args=[case.reference, "escalate"])
    done = reverse("cases:customer_request_done", args=[case.reference, asked.pk])
    detail = reverse("cases:detail", args=[case.reference])
    queue = reverse("cases:customer_requests")
    sign_in(client, complaints_officer)
    assert escalate in client.get(done).content.decode()  # stage 2 is next: escalating deals with the request
    assert escalate in waiting_banner(client.get(detail).content.decode())
    assert escalate in client.get(queue).content.decode()

    escalate_and_answer_stage_two(case, lead_officer, head_of_service)  # escalated without the request, as it may be
    asked = raise_request(
        CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=2)
    )
    done = reverse("cases:customer_request_done", args=[case.reference, asked.pk])
    procedure = case.procedure_version.procedure.name
    cannot = f"It cannot be escalated: under {procedure}, stage 2 is the final stage."
    page = client.get(done).content.decode()
    assert escalate not in page
    assert cannot in page and "Record that it is not being escalated" in page
    assert "happy with the stage 2 answer" in page  # the case's own stage, not stage 1
    # The case page's banner and the requests queue follow the same rule.
    banner = waiting_banner(client.get(detail).content.decode())
    assert escalate not in banner and "Escalate" not in banner
    assert cannot in banner and done in banner and "Record that it is not being escalated" in banner
    listed = client.get(queue).content.decode()
    assert escalate not in listed and ">Escalate<" not in listed
    assert done in listed and "Record that it is not being escalated" in listed
    assert cannot in listed and "Housing Ombudsman" in listed  # why, in the case page's words


def test_a_final_stage_not_yet_answered_says_it_is_the_final_stage_everywhere(
    client, case, lead_officer, head_of_service, complaints_officer
):
    """Answering the final stage will never allow escalating it, so nothing says "until stage 2 has been answered"."""
    answer_stage_one(case, lead_officer)
    case.refresh_from_db()
    lifecycle.escalate(case=case, actor=lead_officer, requested_on=timezone.localdate(), handler=head_of_service)
    asked = raise_request(
        CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=2)
    )
    detail = reverse("cases:detail", args=[case.reference])
    cannot = f"It cannot be escalated: under {case.procedure_version.procedure.name}, stage 2 is the final stage."
    sign_in(client, complaints_officer)
    response = client.get(reverse("cases:action", args=[case.reference, "escalate"]))
    assert response.status_code == 302 and response.url == detail
    pages = {
        "escalate": client.get(detail).content.decode(),
        "request": client.get(reverse("cases:customer_request_done", args=[case.reference, asked.pk])).content.decode(),
        "queue": client.get(reverse("cases:customer_requests")).content.decode(),
    }
    for name, page in pages.items():
        assert cannot in page, name
        assert "until stage 2 has been answered" not in page, name
    assert cannot in waiting_banner(pages["escalate"])


def waiting_banner(page: str) -> str:
    return page.split('id="customer-waiting-title"')[1].split("</ul>")[0]


def test_the_requests_queue_decides_escalating_for_its_rows_at_once(
    client, make_case, lead_officer, head_of_service, complaints_officer
):
    """Each row's Escalate, or why the case cannot be escalated, follows the case page's rule, read for the page's
    rows together: the queries do not grow with the rows.

    The session, the user, the organisation, the page of requests with their cases, the rules of the cases' stages'
    procedure versions, the split links answered together (with none, the parts' own responses are not read), and
    the access log's entry."""

    def asking_after(stages: int) -> Case:
        case = make_case(lead=lead_officer)
        answer_stage_one(case, lead_officer)
        if stages == 2:
            escalate_and_answer_stage_two(case, lead_officer, head_of_service)
        raise_request(
            CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=stages)
        )
        return case

    sign_in(client, complaints_officer)
    queue = reverse("cases:customer_requests")
    first = [asking_after(1), asking_after(2)]
    with CaptureQueriesContext(connection) as two_rows:
        listed = client.get(queue).content.decode()
    assert reverse("cases:action", args=[first[0].reference, "escalate"]) in listed
    assert reverse("cases:action", args=[first[1].reference, "escalate"]) not in listed
    more = {asking_after(1): True, asking_after(2): False, asking_after(1): True, asking_after(2): False}
    with CaptureQueriesContext(connection) as six_rows:
        listed = client.get(queue).content.decode()
    assert len(six_rows) == len(two_rows) <= 7, [query["sql"] for query in six_rows.captured_queries]
    for case, offered in more.items():
        assert (reverse("cases:action", args=[case.reference, "escalate"]) in listed) is offered
        row = listed.split(f">{case.reference}<", 1)[1].split("</tr>", 1)[0]
        final = f"It cannot be escalated: under {case.procedure_version.procedure.name}, stage 2 is the final stage."
        assert (final in row) is not offered, case.reference


def test_my_cases_are_sorted_by_what_is_due_next_and_marked(client, make_case, lead_officer, waste_leader):
    now = timezone.now()
    overdue = make_case(lead=lead_officer, received_at=now - timedelta(days=30), title="Old leak")
    fresh = make_case(lead=lead_officer, received_at=now, title="New leak")
    someone_elses = make_case(lead=waste_leader, received_at=now - timedelta(days=40), title="Bins")
    sign_in(client, lead_officer)
    page = client.get(reverse("cases:my_cases")).content.decode()
    assert someone_elses.reference not in page
    assert page.index(overdue.reference) < page.index(fresh.reference)
    assert 'govuk-tag--red app-rag">Overdue' in page
    assert 'govuk-tag--green app-rag">On track' in page


def test_my_cases_led_and_handled_come_in_one_order_page_after_page(
    client, settings, make_case, lead_officer, waste_leader
):
    settings.PUTRIGHT_PAGE_SIZE = 2
    now = timezone.now()
    expected = []
    for number in range(5):
        led = number % 2 == 0
        case = make_case(
            lead=lead_officer if led else waste_leader,
            received_at=now - timedelta(days=10 - 2 * number),
            title=f"Leak {number}",
        )
        if not led:  # led by someone else, but this stage is in the officer's hands
            lifecycle.hand_stage_to(case, case.current_stage, lead_officer)
        expected.append(case.reference)
    bins = make_case(lead=waste_leader, received_at=now - timedelta(days=9), title="Bins")  # not theirs at all
    sign_in(client, lead_officer)
    listed = []
    for page in (1, 2, 3):
        content = client.get(reverse("cases:my_cases"), {"page": page}).content.decode()
        listed += re.findall(r'href="/cases/([^/"]+)/">\1<', content)
    assert listed == expected
    assert bins.reference not in listed


def test_queue_filters_narrow_the_list(client, make_case, complaints_officer, waste, housing):
    bins = make_case(service=waste, title="Bins")
    roof = make_case(service=housing, title="Roof")
    sign_in(client, complaints_officer)
    page = client.get(reverse("cases:all_cases"), {"service": "waste"}).content.decode()
    assert bins.reference in page and roof.reference not in page
    page = client.get(reverse("cases:all_cases"), {"due": "overdue"}).content.decode()
    assert bins.reference not in page


@pytest.mark.parametrize("name", ["cases:all_cases", "cases:contacts"])
def test_only_whole_queue_roles_open_all_cases_and_the_contacts_to_triage(
    client, case, lead_officer, complaints_officer, name
):
    sign_in(client, complaints_officer)
    assert client.get(reverse(name)).status_code == 200
    # A team leader typing the address is refused as on any page not theirs, not shown an empty list.
    sign_in(client, lead_officer)
    assert client.get(reverse(name)).status_code == 404


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queue_and_case_page_query_counts_do_not_grow_with_data(client, make_case, complaints_officer, lead_officer):
    first = make_case(lead=lead_officer)
    # Measured at the same status both times: a received case asks once more whether it is a part answered together
    # (acknowledged with its lead), a constant, not growth with data.
    first = lifecycle.acknowledge(case=first, actor=lead_officer, definition="Leak")
    sign_in(client, complaints_officer)
    queue_url = reverse("cases:all_cases")
    case_url = reverse("cases:detail", args=[first.reference])
    small = (queries_for(client, queue_url), queries_for(client, case_url))
    for number in range(12):
        case = make_case(lead=lead_officer, title=f"Leak {number}")
        lifecycle.acknowledge(case=case, actor=lead_officer, definition="Leak")
    lifecycle.extend(
        case=first,
        actor=lead_officer,
        new_due_date=WorkingCalendar("ENG").add_working_days(first.current_stage.response_due_date, 3)[0],
        reason="Survey",
        agreed_with_customer=True,
        customer_agreed_on=timezone.localdate(),
    )
    large = (queries_for(client, queue_url), queries_for(client, case_url))
    assert large == small


def test_queues_and_search_ask_a_fixed_few_queries(client, make_case, lead_officer, housing):
    """Each query is compiled in Python on every visit: the staff pages read most are pinned at what they need.

    My cases, signed in with a password only (so the second step is checked on every page: the team, its service
    and whether an authenticator app is set up, in one query): the session, the user, that check, the filters'
    services and procedures (one query, which also gives a chosen service's id), the organisation (what "due soon"
    means), the page's ids for each way a case is theirs (leading it, and handling its current stage; one statement
    of the two on PostgreSQL), the rows, and the access log's entry.
    """
    for number in range(3):
        make_case(lead=lead_officer, title=f"Leak {number}", text="Black mould in the bathroom")
    response = client.post(reverse("login"), {"username": lead_officer.username, "password": PASSWORD})
    assert response.status_code == 302
    counts = {
        name: queries_for(client, url)
        for name, url in (
            ("my cases", reverse("cases:my_cases")),
            ("my cases, filtered", reverse("cases:my_cases") + "?due=waiting&service=housing-repairs"),
            ("team", reverse("cases:team_cases")),
            ("search", reverse("cases:search") + "?q=mould"),
        )
    }
    # PostgreSQL's search looks up the customers named first (putright/cases/search.py says why): one more. It reads
    # My cases' ids in one statement (selectors.queue_page): one fewer.
    sqlite = connection.vendor == "sqlite"
    mine = 9 if sqlite else 8
    limits = {"my cases": mine, "my cases, filtered": mine, "team": 8, "search": 6 if sqlite else 7}
    assert {name: count for name, count in counts.items() if count > limits[name]} == {}
    # What the rows show, read as only the columns shown.
    for url in (reverse("cases:my_cases"), reverse("cases:search") + "?q=mould"):
        page = client.get(url).content.decode()
        assert "Ann Jones" in page and "Leak 2" in page and housing.name in page, url


def test_a_queue_row_says_when_no_lead_officer_or_customer_is_recorded(client, make_case, complaints_officer):
    nobody = make_case(title="Nobody's yet")
    Case.objects.filter(pk=nobody.pk).update(customer=None)
    sign_in(client, complaints_officer)
    page = client.get(reverse("cases:all_cases")).content.decode()
    row = page.split(f">{nobody.reference}<", 1)[1].split("</tr>", 1)[0]
    assert "No customer recorded" in row and "No lead officer" in row and "Stage 1 · Received" in row


def test_search_finds_cases_by_words_reference_and_postcode(client, make_case, complaints_officer):
    case = make_case(text="Black mould in the bathroom keeps coming back", postcode="HP3 9ZZ")
    make_case(text="Bins missed")
    sign_in(client, complaints_officer)
    for query in ("mould bathroom", case.reference.lower(), "hp39zz"):
        page = client.get(reverse("cases:search"), {"q": query}).content.decode()
        assert case.reference in page, query
    page = client.get(reverse("cases:search"), {"q": "unicorn"}).content.decode()
    assert "No cases found" in page


def test_triaging_a_contact_creates_a_case_or_records_why_not(client, complaints_officer, housing):
    from putright.cases.services import log_contact

    contact = log_contact(
        channel="email",
        received_at=datetime(2026, 1, 5, 9, tzinfo=LONDON),
        raw_text="The repairs man never came",
        actor=None,
    )
    spam = log_contact(
        channel="email", received_at=datetime(2026, 1, 5, 9, tzinfo=LONDON), raw_text="Buy cheap watches", actor=None
    )
    sign_in(client, complaints_officer)
    assert "The repairs man never came" in client.get(reverse("cases:contacts")).content.decode()
    response = client.post(
        reverse("cases:triage", args=[contact.pk]),
        {
            "decision": "case",
            "case-kind": "complaint",
            "case-kind_reason": "Missed appointment",
            "case-service_area": housing.pk,
            "case-procedure": Procedure.objects.get(slug="joint-code").pk,
            "case-title": "Missed repair appointment",
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.reference])
    assert case.current_stage.received_date == date(2026, 1, 5)
    empty = client.post(reverse("cases:triage", args=[spam.pk]), {"decision": "no_case", "nocase-note": ""})
    assert "Enter why this contact needs no case" in empty.content.decode()
    client.post(reverse("cases:triage", args=[spam.pk]), {"decision": "no_case", "nocase-note": "Spam"})
    spam.refresh_from_db()
    assert spam.triage_note == "Spam" and spam.triaged_at is not None
    assert "Buy cheap watches" not in client.get(reverse("cases:contacts")).content.decode()


def test_an_officer_records_adjustments_representatives_and_categories_from_the_case(
    client, case, lead_officer, housing
):
    from putright.organisation.models import Category

    damp = Category.objects.create(name="Damp and mould", service_area=housing)
    Category.objects.create(name="Missed bin")  # general categories are offered too
    sign_in(client, lead_officer)
    url = reverse("cases:action", args=[case.reference, "adjustment"])
    page = client.post(
        url,
        {
            "description": "Large print letters",
            "agreed_on_0": "2",
            "agreed_on_1": "3",
            "agreed_on_2": "2026",
            "review_on_0": "1",
            "review_on_1": "3",
            "review_on_2": "2026",
        },
    ).content.decode()
    assert "The review date must be after the date the adjustment was agreed" in page
    client.post(
        url,
        {
            "description": "Large print letters",
            "agreed_on_0": "2",
            "agreed_on_1": "3",
            "agreed_on_2": "2026",
            "review_on_0": "2",
            "review_on_1": "9",
            "review_on_2": "2026",
        },
    )
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Large print letters" in page and "review by 2 Sep 2026" in page

    url = reverse("cases:action", args=[case.reference, "representative"])
    page = client.post(url, {"name": "Sam Jones", "relationship": "son", "has_consent": "on"}).content.decode()
    assert "Enter how the customer gave consent" in page
    client.post(
        url,
        {
            "name": "Sam Jones",
            "relationship": "son",
            "has_consent": "on",
            "consent_evidence": "Signed form received 3 March",
        },
    )
    case.refresh_from_db()
    assert case.representative.name == "Sam Jones" and case.representative.has_consent

    client.post(reverse("cases:action", args=[case.reference, "categories"]), {"categories": [damp.pk]})
    assert list(case.categories.values_list("name", flat=True)) == ["Damp and mould"]


def test_the_queue_filters_by_service_and_by_procedure(client, make_case, manager, waste, lead_officer):
    repairs = make_case(title="Roof leak not repaired", lead=lead_officer)
    bins = make_case(title="Bins missed again", service=waste)
    corporate = make_case(title="Rude reply at reception", procedure="spso")
    client.force_login(manager)
    everything = reverse("cases:all_cases")
    by_service = client.get(everything + "?service=waste").content.decode()
    assert bins.reference in by_service and repairs.reference not in by_service
    by_procedure = client.get(everything + "?procedure=spso").content.decode()
    assert corporate.reference in by_procedure and bins.reference not in by_procedure
