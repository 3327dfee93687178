"""The customer's case page says what we still owe them after a response, and tells their history in their words."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases import services as case_services
from putright.cases.choices import CaseStatus, Outcome, RemedyType
from putright.cases.models import Case, Remedy, Stage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
DASH = "\N{EN DASH}"  # between a promise and its date


def case_page(client, case: Case) -> str:
    return html.unescape(client.get(reverse("portal:customer_case", args=[case.reference])).content.decode())


def cases_page(client) -> str:
    return html.unescape(client.get(reverse("portal:your_cases")).content.decode())


def promise(case: Case, actor, description: str, days: int = 10):
    return case_services.add_remedy(
        case=case,
        actor=actor,
        remedy_type=RemedyType.ACTION_ON_DELAY,
        description=description,
        owner=None,
        due_date=timezone.localdate() + timedelta(days=days),
    )


def answer_stage_2(case: Case, officer, handler) -> Case:
    case = lifecycle.escalate(case=case, actor=officer, requested_on=timezone.localdate(), handler=handler)
    lifecycle.acknowledge(case=case, actor=handler, definition="Review of the roof repair.")
    return lifecycle.respond(case=case, actor=handler, outcome=Outcome.PARTLY_UPHELD, reasons="Partly agreed.")


def test_a_promised_remedy_is_what_happens_next_until_it_is_done(frozen_today, ann, responded, lead_officer):
    remedy = promise(responded, lead_officer, "Repaint the kitchen ceiling")
    due = f"{remedy.due_date:%-d %B %Y}"
    for text in (case_page(ann, responded), cases_page(ann)):
        assert "Nothing due from us" not in text
        assert "We still have to do what we promised" in text
        assert "Repaint the kitchen ceiling" in text and f"by {due}" in text
    case_services.complete_remedy(
        remedy=remedy, actor=lead_officer, completed_on=timezone.localdate(), evidence="Painted on Tuesday."
    )
    for text in (case_page(ann, responded), cases_page(ann)):
        assert "Nothing due from us" in text and "Repaint the kitchen ceiling" not in text


def test_a_promise_whose_date_has_passed_says_we_are_sorry(frozen_today, ann, responded, lead_officer):
    remedy = promise(responded, lead_officer, "Repaint the kitchen ceiling")
    passed = timezone.localdate() - timedelta(days=3)
    Remedy.objects.filter(pk=remedy.pk).update(due_date=passed)  # its date came and went with it not done
    for page in (case_page(ann, responded), cases_page(ann)):
        text = re.sub(r"<[^>]+>", "", page)
        assert f"Repaint the kitchen ceiling {DASH} we are sorry: this was due by {passed:%-d %B %Y}" in text
        assert f"{DASH} by {passed:%-d %B %Y}" not in text  # not as if it were still ahead


def test_after_asking_for_the_next_stage_we_say_when_we_will_acknowledge_it(
    frozen_today, ann, responded, lead_officer, head_of_service
):
    assert "Nothing due from us" in case_page(ann, responded)
    assert ann.post(reverse("portal:escalate", args=[responded.reference])).status_code == 302
    text = case_page(ann, responded)
    assert "Nothing due from us" not in text
    promised = text.split("You asked for stage 2: we will acknowledge your request by ")[1].split("<")[0]
    assert "You asked for stage 2: we will acknowledge your request by" in cases_page(ann)
    # The day promised is the day the stage 2 acknowledgement falls due once staff open it.
    case = lifecycle.escalate(
        case=responded, actor=lead_officer, requested_on=timezone.localdate(), handler=head_of_service
    )
    stage = Stage.objects.get(pk=case.current_stage_id)
    assert promised.strip() == f"{stage.acknowledge_due_date:%-d %B %Y}"
    assert f"We will acknowledge it by {promised.strip()}" in case_page(ann, case)


def test_after_the_final_response_open_remedies_show_and_withdrawing_is_not_offered(
    ann, responded, lead_officer, head_of_service
):
    assert "Withdraw your complaint" in case_page(ann, responded)  # after stage 1 there is still stage 2
    case = answer_stage_2(responded, lead_officer, head_of_service)
    promise(case, head_of_service, "Refund two weeks' rent", days=20)
    text = case_page(ann, case)
    assert "Refund two weeks' rent" in text and "Nothing due from us" not in text
    assert "Withdraw your complaint" not in text
    assert ann.get(reverse("portal:withdraw", args=[case.reference])).status_code == 302
    ann.post(reverse("portal:withdraw", args=[case.reference]), {"reason": "Changed my mind."})
    case.refresh_from_db()
    assert case.status == CaseStatus.RESPONDED


def test_the_history_is_in_the_customers_words_and_staff_keep_theirs(
    ann, make_case, lead_officer, complaints_officer, head_of_service
):
    case = make_case()
    case_services.assign_lead_officer(case=case, officer=lead_officer, actor=complaints_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    case = lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="We were late.")
    text = case_page(ann, case)
    assert f"{lead_officer} is now dealing with your complaint" in text
    assert "We sent our stage 1 response: upheld" in text
    assert "Lead officer changed" not in text
    assert "from nobody" not in text
    assert "on time" not in text and "response due" not in text and "logged from" not in text
    ann.force_login(complaints_officer)
    staff = html.unescape(ann.get(reverse("cases:detail", args=[case.reference])).content.decode())
    assert (
        f"Lead officer changed from nobody to {lead_officer}" in staff and "Stage 1 response: upheld (on time" in staff
    )


def test_what_happens_next_and_the_history_in_welsh(ann, settings, responded, lead_officer):
    ann.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    promise(responded, lead_officer, "Repaint the kitchen ceiling")
    ann.post(reverse("portal:escalate", args=[responded.reference]))
    text = case_page(ann, responded)
    assert '<html lang="cy"' in text
    assert "Mae angen i ni wneud yr hyn a addawyd gennym o hyd" in text
    assert "Gofynnoch am gam 2: byddwn yn cydnabod eich cais erbyn" in text
    assert "Anfonom ein hymateb cam 1: ni chadarnhawyd" in text
    assert f"{lead_officer} sy'n delio â'ch cwyn bellach" in text
