"""Messages a customer gets about their own requests and their closed complaint: the stage 2 confirmation by email
when they ask in their online account, and the invitation to the survey at closure by their contact method."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from putright.cases import lifecycle
from putright.notifications.choices import MessageChannel
from putright.notifications.models import OutboundMessage
from putright.people.choices import ContactMethod
from putright.people.models import Customer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def messages(case, template_name):
    return list(OutboundMessage.objects.filter(case=case, template_name=template_name))


def test_asking_for_the_next_stage_in_the_account_is_confirmed_by_email_at_once(ann, responded):
    assert not messages(responded, "next_stage_requested")
    assert ann.post(reverse("portal:escalate", args=[responded.reference])).status_code == 302
    [message] = messages(responded, "next_stage_requested")
    assert message.channel == MessageChannel.EMAIL and message.to_address == "ann@example.org"
    assert message.subject == f"We have your request for stage 2 ({responded.reference})"
    assert "You do not need to give a reason" in message.body_text
    assert "counts from the day of your request" in message.body_text


def test_the_confirmation_goes_to_the_account_email_even_for_a_customer_who_prefers_letters(ann, responded):
    Customer.objects.filter(pk=responded.customer_id).update(preferred_contact_method=ContactMethod.LETTER)
    ann.post(reverse("portal:escalate", args=[responded.reference]))
    [message] = messages(responded, "next_stage_requested")
    assert message.channel == MessageChannel.EMAIL and message.to_address == "ann@example.org"


def test_closing_a_complaint_invites_the_customer_to_the_survey_by_email(responded, lead_officer):
    case = lifecycle.close(case=responded, actor=lead_officer)
    [message] = messages(case, "survey_invitation")
    assert message.channel == MessageChannel.EMAIL and message.to_address == "ann@example.org"
    survey = reverse("portal:survey", args=[case.reference])
    assert survey in message.body_text and "How did we handle your complaint?" in message.subject
    assert "does not change the decision" in message.body_text


def test_a_customer_who_prefers_letters_is_invited_by_letter(responded, lead_officer):
    Customer.objects.filter(pk=responded.customer_id).update(preferred_contact_method=ContactMethod.LETTER)
    case = lifecycle.close(case=responded, actor=lead_officer)
    [message] = messages(case, "survey_invitation")
    assert message.channel == MessageChannel.LETTER
    assert reverse("portal:survey", args=[case.reference]) in message.body_html


def test_a_customer_who_prefers_texts_is_invited_by_text(responded, lead_officer, settings):
    settings.MESSAGE_PROVIDER = "notify"
    Customer.objects.filter(pk=responded.customer_id).update(
        preferred_contact_method=ContactMethod.TEXT, phone="07700 900123"
    )
    case = lifecycle.close(case=responded, actor=lead_officer)
    [message] = messages(case, "survey_invitation")
    assert message.channel == MessageChannel.SMS and message.to_address == "07700 900123"
    assert reverse("portal:survey", args=[case.reference]) in message.body_text


def test_a_case_closed_twice_invites_the_customer_once(responded, lead_officer):
    case = lifecycle.close(case=responded, actor=lead_officer)
    case = lifecycle.reopen(
        case=case, actor=lead_officer, reason="New evidence of the leak.", respond_by=date(2099, 1, 5)
    )
    case = lifecycle.respond(case=case, actor=lead_officer, outcome="not_upheld", reasons="Still repaired on time.")
    lifecycle.close(case=case, actor=lead_officer)
    assert len(messages(case, "survey_invitation")) == 1
