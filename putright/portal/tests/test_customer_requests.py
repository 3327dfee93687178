"""A customer's request in their online account is work: it reaches the officer and the queues, waits with its own
due date until someone deals with it, and counts in the alerts like any other deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import CaseStatus, EventKind
from putright.cases.models import Case, CustomerRequest, Stage
from putright.cases.requests import request_due_date
from putright.notifications.alerts.deadlines import send_staff_alerts
from putright.notifications.models import OutboundMessage
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation
from putright.procedures.selectors import calendar_for

pytestmark = pytest.mark.django_db


def portal_url(name: str, case: Case) -> str:
    return reverse(f"portal:{name}", args=[case.reference])


def done_url(request: CustomerRequest) -> str:
    return reverse("cases:customer_request_done", args=[request.case.reference, request.pk])


@pytest.fixture
def emails(lead_officer: User, organisation: Organisation) -> None:
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email="complaints@council.example")


def ask_for_callback(client, case: Case) -> CustomerRequest:
    response = client.post(
        portal_url("callback", case), {"phone": "01632 960 001", "preferred_times": "Weekday mornings"}
    )
    assert response.status_code == 302
    return CustomerRequest.objects.get(case=case, kind="callback")


def test_a_call_back_request_is_due_the_next_working_day_and_emails_the_lead_officer(
    frozen_today, ann, make_case, lead_officer, emails
):
    case = make_case(lead=lead_officer)
    request = ask_for_callback(ann, case)
    today = timezone.localdate()
    calendar = calendar_for(current_organisation())
    assert request.received_date == today
    assert request.due_date == calendar.add_working_days(today, 1)[0] and request.is_waiting
    assert request.event.kind == EventKind.CALLBACK_REQUESTED
    email = OutboundMessage.objects.get(template_name="staff_customer_request")
    assert email.to_address == "liam@council.example" and email.case_id == case.pk
    assert "asked for a call back on 01632 960 001" in email.body_text and case.reference in email.subject
    case.refresh_from_db()
    # Due before the stage's acknowledgement, so it is what the case shows as due next.
    assert (case.next_due_date, case.next_due_label) == (request.due_date, "Customer asked for a call back")


def test_with_no_officer_the_request_goes_to_the_complaints_mailbox(ann, make_case, emails):
    request = ask_for_callback(ann, make_case())
    email = OutboundMessage.objects.get(template_name="staff_customer_request")
    assert email.to_address == "complaints@council.example" and request.is_waiting


def test_the_due_rule_counts_working_days_from_the_day_it_arrives(organisation):
    calendar = calendar_for(organisation)
    friday = timezone.datetime(2026, 3, 20).date()
    assert request_due_date("callback", friday, calendar).isoformat() == "2026-03-23"  # Monday
    assert request_due_date("escalation", friday, calendar).isoformat() == "2026-03-24"
    assert request_due_date("information", friday, calendar).isoformat() == "2026-03-27"
    assert request_due_date("withdrawal", friday, calendar) is None  # acted on at once: nothing waits


def test_a_responded_case_with_the_customer_waiting_stays_in_the_open_queues(
    client, ann, responded, lead_officer, complaints_officer
):
    client.force_login(complaints_officer)
    everything = reverse("cases:all_cases")
    assert responded.reference not in client.get(everything).content.decode()  # answered: nothing due
    ann.post(portal_url("escalate", responded))  # `ann` and `client` share the test client: sign in again
    client.force_login(complaints_officer)
    page = client.get(everything).content.decode()
    assert responded.reference in page and "Customer waiting" in page
    assert responded.reference in client.get(everything + "?due=waiting").content.decode()
    client.force_login(lead_officer)
    mine = client.get(reverse("cases:my_cases")).content.decode()
    assert responded.reference in mine and "Customer asked for the next stage" in mine


def test_an_answered_case_waits_in_my_cases_for_its_stage_handler_not_for_other_officers(
    client, ann, responded, lead_officer, waste_leader, head_of_service
):
    # The stage was handled by someone other than the lead officer: the customer's request waits on them too.
    lifecycle.hand_stage_to(responded, responded.current_stage, waste_leader)
    ann.post(portal_url("escalate", responded))
    for officer, expected in ((waste_leader, True), (lead_officer, True), (head_of_service, False)):
        client.force_login(officer)
        mine = client.get(reverse("cases:my_cases")).content.decode()
        assert (responded.reference in mine) is expected, officer.username


def test_escalating_takes_the_request_date_and_deals_with_the_request(
    frozen_today, client, ann, responded, lead_officer, head_of_service
):
    ann.post(portal_url("escalate", responded))
    request = CustomerRequest.objects.get(kind="escalation")
    # The request was sent some days ago: staff escalate with that date, not today's.
    asked_on = timezone.localdate() - timedelta(days=3)
    CustomerRequest.objects.filter(pk=request.pk).update(received_date=asked_on)
    Stage.objects.filter(pk=responded.current_stage_id).update(responded_date=asked_on - timedelta(days=7))
    client.force_login(lead_officer)
    case_page = client.get(reverse("cases:detail", args=[responded.reference])).content.decode()
    assert "Customer waiting" in case_page and "Customer asked for the next stage" in case_page
    choice = client.get(done_url(request)).content.decode()
    assert reverse("cases:action", args=[responded.reference, "escalate"]) in choice
    form = client.get(reverse("cases:action", args=[responded.reference, "escalate"])).context["form"]
    assert form.initial["requested_on"] == asked_on
    responded.refresh_from_db()
    response = client.post(
        reverse("cases:action", args=[responded.reference, "escalate"]),
        {
            "lock_version": responded.lock_version,
            "requested_on_0": asked_on.day,
            "requested_on_1": asked_on.month,
            "requested_on_2": asked_on.year,
            "handler": head_of_service.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request.refresh_from_db()
    responded.refresh_from_db()
    assert request.done_at is not None and request.done_by == lead_officer
    assert responded.status == CaseStatus.ESCALATED and responded.current_stage.received_date == asked_on
    assert not CustomerRequest.objects.waiting().exists()
    assert responded.next_due_label == "Stage 2 acknowledgement"


def test_the_handler_marks_a_call_back_done_with_one_action(client, ann, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    request = ask_for_callback(ann, case)
    client.force_login(lead_officer)
    blank = client.post(done_url(request), {"note": "  "}).content.decode()
    assert "Enter what was done" in blank and CustomerRequest.objects.get(pk=request.pk).is_waiting
    response = client.post(done_url(request), {"note": "Called: visit booked for Tuesday."})
    assert response.status_code == 302
    request.refresh_from_db()
    case.refresh_from_db()
    assert request.done_by == lead_officer and request.done_note == "Called: visit booked for Tuesday."
    event = case.events.get(kind=EventKind.REQUEST_DONE)
    assert event.actor == lead_officer and "Called: visit booked for Tuesday." in event.summary
    assert case.next_due_label == "Stage 1 acknowledgement"  # back to the stage's own date
    assert "Customer waiting" not in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    # A second try (another tab) changes nothing.
    again = client.get(done_url(request))
    assert again.status_code == 302 and case.events.filter(kind=EventKind.REQUEST_DONE).count() == 1


def test_new_information_is_its_own_kind_of_work(ann, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    ann.post(portal_url("add_information", case), {"text": "The ceiling fell in last night."})
    request = CustomerRequest.objects.get(kind="information")
    assert request.event.kind == EventKind.INFORMATION_RECEIVED and request.is_waiting


def test_an_overdue_request_on_an_answered_case_is_in_the_overdue_alerts(ann, responded, lead_officer, emails):
    ann.post(portal_url("escalate", responded))
    request = CustomerRequest.objects.get(kind="escalation")
    calendar = calendar_for(current_organisation())
    later = calendar.next_working_day_on_or_after(request.due_date + timedelta(days=3))
    run = send_staff_alerts(today=later)
    assert run.overdue == 1
    alert = OutboundMessage.objects.get(template_name="staff_overdue")
    assert alert.to_address == "liam@council.example" and "Customer asked for the next stage" in alert.subject


# --- who may see the requests queue and deal with a request ----------------------------------------------------


def test_the_complaints_team_sees_every_waiting_request_and_an_officer_their_own(
    client, ann, make_case, lead_officer, complaints_officer, waste_leader
):
    request = ask_for_callback(ann, make_case(lead=lead_officer))
    queue = reverse("cases:customer_requests")
    client.force_login(complaints_officer)
    assert request.case.reference in client.get(queue).content.decode()
    assert request.case.reference not in client.get(queue + "?scope=mine").content.decode()
    client.force_login(lead_officer)
    assert request.case.reference in client.get(queue).content.decode()
    client.force_login(waste_leader)  # may open the case, but it is not theirs
    page = client.get(queue)
    assert page.status_code == 200 and request.case.reference not in page.content.decode()


def test_people_without_staff_access_never_reach_the_requests_pages(client, ann, make_case, councillor):
    request = ask_for_callback(ann, make_case())
    for url in (reverse("cases:customer_requests"), done_url(request)):
        customer = client.get(url)  # the customer's session is not a staff sign-in
        assert customer.status_code == 302 and customer.url.startswith("/sign-in/")
    client.force_login(councillor)
    for url in (reverse("cases:customer_requests"), done_url(request)):
        assert client.get(url).status_code == 404
    assert client.post(done_url(request), {"note": "Done"}).status_code == 404
    assert CustomerRequest.objects.get(pk=request.pk).is_waiting


def test_a_request_on_a_restricted_case_is_hidden_from_other_teams(
    client, make_case, adult_social_care, social_care_officer, waste_leader, complaints_officer
):
    case = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits stopped")
    request = CustomerRequest.objects.create(case=case, kind="callback", phone="01632 960 001", email="a@b.org")
    from putright.cases.requests import raise_request

    raise_request(request)
    client.force_login(waste_leader)
    assert client.get(done_url(request)).status_code == 404
    assert client.post(done_url(request), {"note": "Done"}).status_code == 404
    client.force_login(complaints_officer)  # sees the whole queue, but not restricted social care cases
    assert case.reference not in client.get(reverse("cases:customer_requests")).content.decode()
    client.force_login(social_care_officer)  # the service's own team
    assert client.get(done_url(request)).status_code == 200


def test_a_request_on_another_case_is_not_found(client, ann, make_case, lead_officer):
    request = ask_for_callback(ann, make_case(lead=lead_officer))
    other = make_case(lead=lead_officer, title="Another")
    client.force_login(lead_officer)
    url = reverse("cases:customer_request_done", args=[other.reference, request.pk])
    assert client.get(url).status_code == 404


def test_an_escalation_request_the_customer_takes_back_is_closed_with_the_reason(client, ann, responded, lead_officer):
    ann.post(portal_url("escalate", responded))
    request = CustomerRequest.objects.get(kind="escalation")
    client.force_login(lead_officer)
    blank = client.post(done_url(request), {"note": ""}).content.decode()
    assert "Enter why the case is not being escalated" in blank
    client.post(done_url(request), {"note": "The customer phoned: happy with the stage 1 answer."})
    request.refresh_from_db()
    responded.refresh_from_db()
    assert request.done_at is not None and responded.status == CaseStatus.RESPONDED
    assert responded.next_due_date is None  # nothing waits any more


def test_withdrawing_the_complaint_ends_what_the_customer_was_waiting_on(ann, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    request = ask_for_callback(ann, case)
    assert ann.post(portal_url("withdraw", case), {"reason": "Sorted now"}).status_code == 302
    request.refresh_from_db()
    case.refresh_from_db()
    assert request.done_at is not None and request.done_note == "The customer withdrew the complaint."
    assert case.status == CaseStatus.CLOSED and case.next_due_date is None
