"""The public complaint journey: one question a page, answers in the session, check, send once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from putright.cases.choices import CaseKind, Channel
from putright.cases.models import Case, Contact
from putright.notifications.models import OutboundMessage
from putright.organisation.models import User
from putright.portal import journeys
from putright.portal.services.submissions import submit
from putright.portal.tests.conftest import step_url, token_on_check_page

pytestmark = pytest.mark.django_db


def test_start_page_explains_complaints_and_requests_and_links_to_staff_sign_in(client, services):
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Is it a complaint, or a request for a service?" in text
    assert "report a missed bin collection" in text
    assert "within 5 working days" in text  # the Code preset's acknowledgement
    assert f'href="{reverse("login")}"' in text and "Staff sign in" in text
    assert f'href="{reverse("portal:journey", args=["complaint"])}"' in text


def test_staff_home_moved_to_staff_url(client, complaints_officer):
    client.force_login(complaints_officer)
    assert client.get("/staff/").url == reverse("cases:today")


def test_each_page_leads_to_the_next_and_answers_are_kept(client, answer_complaint):
    response = client.post(step_url("complaint", "who"), {"for_whom": "myself"})
    assert response.url == step_url("complaint", "service")  # "someone else" page skipped
    answer_complaint(client)
    page = client.get(step_url("complaint", "what-happened")).content.decode()
    assert "The kitchen ceiling has leaked since October" in page  # shown again when going back


def test_check_your_answers_lists_every_answer_with_change_links(client, answer_complaint):
    answer_complaint(client)
    response = client.get(reverse("portal:check", args=["complaint"]))
    text = response.content.decode()
    assert "Check your answers before sending" in text
    for expected in ("Repairs to a council home", "3 October 2025", "CF10 1EP", "Ann Marie Jones", "ann@example.org"):
        assert expected in text
    assert f'href="{step_url("complaint", "where")}?change=1"' in text
    assert text.count(">Change<") == 15  # one per answer, and one for the evidence (none sent)


def test_change_link_returns_to_check_your_answers(client, answer_complaint):
    answer_complaint(client)
    response = client.post(step_url("complaint", "name") + "?change=1", {"full_name": "Ann Evans"})
    assert response.url == reverse("portal:check", args=["complaint"])
    assert "Ann Evans" in client.get(response.url).content.decode()


def test_changing_to_someone_else_asks_the_new_question_before_returning(client, answer_complaint):
    answer_complaint(client)
    response = client.post(step_url("complaint", "who") + "?change=1", {"for_whom": "someone_else"})
    assert response.url == step_url("complaint", "someone-else") + "?change=1"


def test_check_page_sends_unfinished_journeys_to_the_first_gap(client, services):
    client.post(step_url("complaint", "who"), {"for_whom": "myself"})
    assert client.get(reverse("portal:check", args=["complaint"])).url == step_url("complaint", "service")
    assert client.get(step_url("complaint", "contact")).url == step_url("complaint", "service")


def test_sending_makes_one_web_complaint_under_the_services_procedure(client, answer_complaint, services):
    answer_complaint(client)
    token = token_on_check_page(client)
    response = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert response.url == reverse("portal:sent", args=["complaint"])
    case = Case.objects.get()
    assert case.kind == CaseKind.COMPLAINT
    assert case.contact.channel == Channel.WEB
    assert case.service_area == services["housing"]
    assert case.procedure_version.procedure.slug == "joint-code"
    assert case.current_stage.number == 1 and case.next_due_date is not None
    assert case.postcode == "CF10 1EP"
    assert case.desired_outcome == "Fix the roof and repaint the ceiling."
    assert "Help or changes needed: Large print letters, please." in case.description
    assert (case.customer.first_name, case.customer.last_name, case.customer.email) == (
        "Ann Marie",
        "Jones",
        "ann@example.org",
    )
    assert case.events.get().kind == "logged"
    confirmation = client.get(response.url).content.decode()
    assert case.reference in confirmation and "What happens next" in confirmation
    assert f"{case.current_stage.acknowledge_due_date:%-d %B %Y}" in confirmation


def test_double_submit_makes_one_case_and_both_show_the_same_reference(client, answer_complaint):
    answer_complaint(client)
    token = token_on_check_page(client)
    first = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    second = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert first.url == second.url == reverse("portal:sent", args=["complaint"])
    assert Case.objects.count() == 1 and Contact.objects.count() == 1
    assert Case.objects.get().reference in client.get(second.url).content.decode()


def test_sending_the_same_answers_again_gives_the_case_they_made_and_sends_nothing_more(client, answer_complaint):
    answer_complaint(client)
    token = token_on_check_page(client)
    answers = journeys.answers_in(client.session, journeys.COMPLAINT)

    first = submit(journey=journeys.COMPLAINT, answers=answers, token=token, language="en")
    again = submit(journey=journeys.COMPLAINT, answers=answers, token=token, language="en")

    assert again == first
    assert Case.objects.count() == 1 and Contact.objects.count() == 1
    assert OutboundMessage.objects.filter(case=first).count() == 1  # the one acknowledgement of receipt


def test_a_session_taken_back_after_sending_shows_the_same_case_when_sent_again(client, answer_complaint):
    """The session's change after sending need not wait for the disk (`core.sessions`): if a crash of the database
    server takes it back, the answers and their token are still in the session, and sending them again makes no
    second case but shows the one made."""
    answer_complaint(client)
    token = token_on_check_page(client)
    session = client.session
    before = dict(session.items())
    first = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    case = Case.objects.get()
    session = client.session
    session.clear()
    session.update(before)  # as it was before the send: the answers and their token, no reference sent
    session.save()
    assert client.get(reverse("portal:sent", args=["complaint"])).url == reverse("portal:start")

    again = client.post(reverse("portal:check", args=["complaint"]), {"token": token})

    assert again.url == first.url == reverse("portal:sent", args=["complaint"])
    assert Case.objects.get() == case and Contact.objects.count() == 1
    assert OutboundMessage.objects.filter(case=case).count() == 1
    assert case.reference in client.get(again.url).content.decode()


def test_answers_are_forgotten_after_sending(client, answer_complaint):
    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    assert client.get(reverse("portal:check", args=["complaint"])).url == step_url("complaint", "who")


def test_confirmation_is_only_for_the_browser_that_sent_it(client, answer_complaint):
    from django.test import Client

    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    other = Client()
    assert other.get(reverse("portal:sent", args=["complaint"])).url == reverse("portal:start")


def test_a_stale_token_sends_nothing(client, answer_complaint):
    answer_complaint(client)
    token_on_check_page(client)
    response = client.post(reverse("portal:check", args=["complaint"]), {"token": "not-the-token"})
    assert response.status_code == 200
    assert Case.objects.count() == 0
    # The page says the answers were not sent, rather than looking as if nothing happened.
    assert "Your answers have not been sent yet. Check them, then select Send." in response.content.decode()
    assert "not been sent" not in client.get(reverse("portal:check", args=["complaint"])).content.decode()


def test_someone_else_makes_the_affected_person_the_customer_and_records_consent(client, answer_complaint):
    answer_complaint(client)
    client.post(step_url("complaint", "who") + "?change=1", {"for_whom": "someone_else"})
    client.post(
        step_url("complaint", "someone-else") + "?change=1",
        {"their_name": "Gwen Jones", "relationship": "I am her daughter", "has_consent": "on"},
    )
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    case = Case.objects.get()
    assert case.customer.full_name == "Gwen Jones"
    assert case.representative.name == "Ann Marie Jones"
    assert case.representative.relationship == "I am her daughter"
    assert case.representative.has_consent is True


def test_service_without_default_procedure_falls_back_to_the_code(client, answer_complaint, services):
    services["housing"].default_procedure_slug = ""
    services["housing"].save()
    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    assert Case.objects.get().procedure_version.procedure.slug == "joint-code"


def test_a_welsh_councils_service_without_a_default_takes_the_welsh_model_as_the_staff_form_does(
    client, answer_complaint, services, organisation
):
    organisation.nation = "WLS"
    organisation.save()
    services["housing"].default_procedure_slug = ""
    services["housing"].save()
    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    assert Case.objects.get().procedure_version.procedure.slug == "psow"


def test_not_sure_goes_to_customer_services(client, answer_complaint, services):
    answer_complaint(client, {"service": {"service": "not-sure"}})
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    assert Case.objects.get().service_area == services["customer"]


def test_get_never_creates_a_case(client, answer_complaint):
    answer_complaint(client)
    client.get(reverse("portal:check", args=["complaint"]))
    client.get(reverse("portal:sent", args=["complaint"]))
    assert Case.objects.count() == 0


def test_a_long_complaint_gets_a_title_that_reads_as_a_summary(client, answer_complaint):
    long = (
        "The kitchen ceiling has leaked every time it has rained since October and the repairs team has been out "
        "three times without fixing it. Now the plaster is coming down."
    )
    answer_complaint(client, {"what-happened": {"what_happened": long}})
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})

    case = Case.objects.get()
    # Cut between words, and "…" shows the sentence goes on.
    assert case.title == "The kitchen ceiling has leaked every time it has rained since October…"
    assert case.description.startswith(long)


def test_the_logged_event_says_how_the_complaint_came_in(client, answer_complaint, complaints_officer):
    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    case = Case.objects.get()
    assert case.events.get().summary.startswith("Complaint logged from a web form, under ")
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "through the web form" in page and "by web form" not in page


def test_the_day_it_happened_is_recorded_on_the_case_for_its_time_limit(client, answer_complaint):
    """The form asks when it happened; the case keeps it, so the time limit to complain runs from it."""
    answer_complaint(client)  # "when": 3 October 2025
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    case = Case.objects.get()
    assert case.matter_date == date(2025, 10, 3)
    client.force_login(User.objects.create_user(username="co", role="complaints_officer"))
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "3 October 2025" in page


def test_the_receipt_to_an_unverified_address_carries_nothing_the_sender_wrote(client, answer_complaint, make_case):
    """Anyone can type anyone's address into the public form: the receipt must not relay their words or name."""
    from putright.notifications.models import OutboundMessage

    answer_complaint(client)
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    case = Case.objects.get()
    receipt = OutboundMessage.objects.get(case=case, template_name="logged")
    assert case.reference in receipt.body_text and receipt.body_text.startswith("Dear customer,")
    assert "kitchen ceiling" not in receipt.body_text and "kitchen ceiling" not in receipt.body_html
    assert case.customer.last_name not in receipt.body_text

    phoned = make_case(text="The bins were not collected on Tuesday.")  # logged by staff from a phone call
    copy = OutboundMessage.objects.get(case=phoned, template_name="logged")
    assert "The bins were not collected on Tuesday." in copy.body_text
