"""What a signed-in customer may do on their case: more information, call back, next stage, withdraw, survey."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import CaseStatus, EventKind, Outcome
from putright.cases.models import CustomerRequest, Stage
from putright.portal.models import SatisfactionResponse
from putright.portal.services import account
from putright.portal.tests.conftest import ANN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # "today" is the same day every run


def url(name: str, case) -> str:
    return reverse(f"portal:{name}", args=[case.reference])


def test_adding_information_puts_it_on_the_timeline_for_the_handler(ann, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    assert ann.get(url("add_information", case)).status_code == 200
    response = ann.post(url("add_information", case), {"text": "The ceiling fell in last night."})
    assert response.status_code == 302 and response.url == url("customer_case", case)
    request = CustomerRequest.objects.get(case=case)
    assert request.kind == "information" and request.text == "The ceiling fell in last night." and request.email
    event = request.event
    assert event.kind == EventKind.INFORMATION_RECEIVED and event.actor is None and event.is_visible_to_customer
    assert "sent more information through their online account" in event.summary
    page = ann.get(url("customer_case", case)).content.decode()
    assert "You sent more information" in page and "The ceiling fell in last night." in page


def test_adding_information_needs_text(ann, make_case):
    case = make_case()
    text = ann.post(url("add_information", case), {"text": ""}).content.decode()
    assert "govuk-error-summary" in text and "Enter what you would like to tell us" in text
    assert not CustomerRequest.objects.exists()


def test_asking_for_a_call_back_records_the_times(ann, make_case):
    case = make_case()
    assert ann.get(url("callback", case)).status_code == 200
    response = ann.post(url("callback", case), {"phone": "01632 960 001", "preferred_times": "Weekday mornings"})
    assert response.status_code == 302
    request = CustomerRequest.objects.get(kind="callback")
    assert (request.phone, request.preferred_times) == ("01632 960 001", "Weekday mornings")
    assert "call back on 01632 960 001" in request.event.summary and request.event.data["preferred_times"]


def test_a_call_back_needs_a_real_phone_number_and_times(ann, make_case):
    case = make_case()
    text = ann.post(url("callback", case), {"phone": "call me", "preferred_times": ""}).content.decode()
    assert "Enter a phone number using only numbers 0 to 9" in text and "Enter when is best to call you" in text
    assert not CustomerRequest.objects.exists()


def test_an_answered_case_still_takes_information_and_call_back_requests(ann, responded):
    # Answered is still being dealt with: the customer may come back with more, or ask us to call.
    assert ann.post(url("add_information", responded), {"text": "One more thing."}).status_code == 302
    assert ann.post(url("callback", responded), {"phone": "01632 960 001", "preferred_times": "Any"}).status_code == 302
    assert set(CustomerRequest.objects.values_list("kind", flat=True)) == {"information", "callback"}


def test_once_the_case_has_ended_nobody_can_add_information_or_ask_for_a_call_back(ann, make_case, lead_officer):
    case = lifecycle.withdraw(case=make_case(lead=lead_officer), actor=lead_officer, note="Sorted by phone.")
    assert case.status == CaseStatus.CLOSED
    # The pages are not offered...
    assert ann.get(url("add_information", case)).url == url("customer_case", case)
    assert ann.get(url("callback", case)).url == url("customer_case", case)
    # ...and the account service refuses whoever calls it, not only the page.
    with pytest.raises(account.AccountError) as refused:
        account.add_information(case=case, email=ANN, text="Too late?")
    assert refused.value.code == "ended"
    with pytest.raises(account.AccountError):
        account.ask_for_callback(case=case, email=ANN, phone="01632 960 001", preferred_times="Any")
    assert not CustomerRequest.objects.filter(kind__in=("information", "callback")).exists()


def test_the_next_stage_is_not_offered_while_the_complaint_is_open(ann, make_case):
    case = make_case()
    text = ann.get(url("escalate", case)).content.decode()
    assert "We are still looking into your complaint" in text
    assert ann.post(url("escalate", case)).status_code == 200
    assert not CustomerRequest.objects.exists()


def test_asking_for_the_next_stage_records_the_date_for_staff(frozen_today, ann, responded, complaints_officer):
    page = ann.get(url("customer_case", responded)).content.decode()
    assert "Ask for your complaint to go to stage 2" in page
    text = ann.get(url("escalate", responded)).content.decode()
    assert "You do not have to give a reason" in text and "A member of staff then chooses" in text
    response = ann.post(url("escalate", responded))
    assert response.status_code == 302
    request = CustomerRequest.objects.get(kind="escalation")
    assert request.stage_number == 1
    today = timezone.localdate()
    assert request.event.data["requested_on"] == today.isoformat() and request.event.data["stage"] == 2
    responded.refresh_from_db()
    assert responded.status == CaseStatus.RESPONDED  # staff escalate it, choosing a handler
    # The staff case page shows the request and its date.
    ann.logout()
    ann.force_login(complaints_officer)
    staff = ann.get(reverse("cases:detail", args=[responded.reference])).content.decode()
    assert "Customer asked for the next stage on" in staff and f"{today:%-d %B %Y}" in staff


def test_asking_twice_is_recorded_once(ann, responded):
    ann.post(url("escalate", responded))
    text = ann.post(url("escalate", responded)).content.decode()
    assert "You have already asked for the next stage" in text
    assert CustomerRequest.objects.filter(kind="escalation").count() == 1


def test_after_the_window_closes_the_page_explains_and_gives_the_ombudsman(frozen_today, ann, responded):
    Stage.objects.filter(pk=responded.current_stage_id).update(
        escalation_closes_date=timezone.localdate() - timedelta(days=1)
    )
    text = ann.get(url("escalate", responded)).content.decode()
    assert "The time to ask for the next stage has passed" in text
    assert "Ombudsman" in text and "https://www." in text
    assert ann.post(url("escalate", responded)).status_code == 200
    assert not CustomerRequest.objects.exists()


def test_on_the_last_day_of_the_window_they_may_still_ask(frozen_today, ann, responded):
    Stage.objects.filter(pk=responded.current_stage_id).update(escalation_closes_date=timezone.localdate())
    assert ann.post(url("escalate", responded)).status_code == 302
    assert CustomerRequest.objects.filter(kind="escalation").exists()


def test_after_the_final_stage_the_ombudsman_is_next(frozen_today, ann, responded, head_of_service, lead_officer):
    case = lifecycle.escalate(
        case=responded, actor=lead_officer, requested_on=timezone.localdate(), handler=head_of_service
    )
    lifecycle.acknowledge(case=case, actor=head_of_service, definition="Review of the roof repair.")
    case = lifecycle.respond(case=case, actor=head_of_service, outcome=Outcome.NOT_UPHELD, reasons="Agreed.")
    text = ann.get(url("escalate", case)).content.decode()
    assert "This was our final response" in text and "Ombudsman" in text
    assert "Ask for your complaint to go to stage" not in ann.get(url("customer_case", case)).content.decode()


def test_withdrawing_asks_for_confirmation_then_closes_through_the_lifecycle(ann, make_case):
    case = make_case()
    confirm = ann.get(url("withdraw", case))
    assert (
        confirm.status_code == 200 and "Are you sure you want to withdraw your complaint?" in confirm.content.decode()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED  # nothing changed on GET
    response = ann.post(url("withdraw", case), {"reason": "It has been fixed."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    stage = Stage.objects.get(case=case)
    assert stage.outcome == Outcome.WITHDRAWN
    event = case.events.get(kind=EventKind.CLOSED)
    assert event.actor is None and "online account" in event.summary and "It has been fixed." in event.summary
    assert CustomerRequest.objects.get(kind="withdrawal").event == event
    # Once closed it cannot be withdrawn again, and the page is not offered.
    assert ann.get(url("withdraw", case)).status_code == 302


def test_a_comment_cannot_be_withdrawn(ann, make_case):
    from putright.cases.choices import CaseKind

    case = make_case(kind=CaseKind.COMMENT)
    assert ann.get(url("withdraw", case)).status_code == 302
    assert ann.post(url("withdraw", case), {}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_the_survey_is_only_for_closed_complaints_and_takes_one_answer(ann, responded, lead_officer):
    assert ann.get(url("survey", responded)).status_code == 302  # not closed yet
    case = lifecycle.close(case=responded, actor=lead_officer)
    assert "Tell us how we did" in ann.get(url("customer_case", case)).content.decode()
    text = ann.post(url("survey", case), {}).content.decode()
    assert "Select how satisfied you are" in text and "Select whether we kept you informed" in text
    answer = {"handling_rating": "satisfied", "kept_informed": "partly", "comments": "Slow, but fixed."}
    assert ann.post(url("survey", case), answer).status_code == 302
    assert SatisfactionResponse.objects.get(case=case).handling_rating == "satisfied"
    assert ann.post(url("survey", case), {**answer, "handling_rating": "dissatisfied"}).status_code == 302
    assert SatisfactionResponse.objects.filter(case=case).count() == 1
    assert "Thank you for telling us how we did" in ann.get(url("customer_case", case)).content.decode()


def test_every_action_page_needs_sign_in(client, make_case):
    case = make_case()
    for name in ("customer_case", "add_information", "callback", "escalate", "withdraw", "survey"):
        assert client.get(url(name, case)).url == reverse("portal:sign_in"), name
        assert client.post(url(name, case)).status_code == 302, name
    assert not CustomerRequest.objects.exists()


@pytest.mark.parametrize(
    ("service", "english", "welsh", "wrong"),
    [
        ("housing", "Housing Ombudsman", "Ombwdsmon Tai", "Local Government and Social Care Ombudsman"),
        ("waste", "Local Government and Social Care Ombudsman", "Ombwdsmon Llywodraeth Leol", "Housing Ombudsman"),
    ],
)
def test_the_case_page_names_the_cases_own_ombudsman_in_english_and_welsh(
    request, ann, make_case, lead_officer, head_of_service, service, english, welsh, wrong
):
    case = make_case(lead=lead_officer, service=request.getfixturevalue(service))
    for handler in (lead_officer, head_of_service):
        if handler is head_of_service:
            case = lifecycle.escalate(case=case, actor=lead_officer, requested_on=timezone.localdate(), handler=handler)
        lifecycle.acknowledge(case=case, actor=handler, definition="The repair.")
        case = lifecycle.respond(case=case, actor=handler, outcome=Outcome.NOT_UPHELD, reasons="Agreed.")

    text = ann.get(url("customer_case", case)).content.decode()
    assert f"you can ask the {english} to look at your complaint" in text and f"ask the {wrong}" not in text
    ann.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    cymraeg = ann.get(url("customer_case", case)).content.decode()
    assert f"ofyn i'r {welsh}" in cymraeg and "Contact the" not in cymraeg
