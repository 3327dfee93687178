"""Messages are recorded in the transaction of the change that causes them, and say what the Code requires."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from putright.cases import lifecycle
from putright.cases.choices import Outcome, RemedyType
from putright.cases.lifecycle import RemedyDetails
from putright.notifications.choices import MessageChannel, MessageStatus
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import enqueue_send
from putright.notifications.outbound.tasks import send_message
from putright.people.models import Customer

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 20)


def rows(case, template_name):
    return list(OutboundMessage.objects.filter(case=case, template_name=template_name))


def enqueues(callbacks):
    return [callback for callback in callbacks if getattr(callback, "func", None) is enqueue_send]


def sends_queued():
    """The messages whose sending task is in the database queue, in the order they were queued."""
    tasks = DBTaskResult.objects.filter(task_path=send_message.module_path).order_by("enqueued_at")
    return [task.args_kwargs["args"][0] for task in tasks]


@pytest.fixture
def complaint(make_case, lead_officer):
    return make_case(received_at=MONDAY, lead=lead_officer)


def acknowledge(case, actor):
    return lifecycle.acknowledge(
        case=case,
        actor=actor,
        definition="The roof leak reported in March has not been repaired.",
        acknowledged_on=date(2026, 3, 3),
        today=TODAY,
    )


def test_logging_a_complaint_records_we_have_received_it_with_a_copy_of_what_they_said(complaint):
    [message] = rows(complaint, "logged")

    assert message.channel == MessageChannel.EMAIL
    assert message.to_address == "ann@example.org"
    assert message.recipient_name == "Ann Jones"
    assert message.status == MessageStatus.QUEUED
    assert message.subject == f"We have received your complaint ({complaint.reference})"
    assert "I reported a leaking roof in March and nobody has come." in message.body_text
    assert "2 March 2026" in message.body_text
    assert re.fullmatch(r"<[0-9a-f]{32}@putright\.invalid>", message.message_id)
    assert message.event.kind == "logged"


def test_acknowledging_records_exactly_one_acknowledgement_and_enqueues_it_with_the_change(
    complaint, lead_officer, django_capture_on_commit_callbacks
):
    before = sends_queued()  # the "we have received your complaint" email's
    with django_capture_on_commit_callbacks() as callbacks:
        acknowledge(complaint, lead_officer)

    [message] = rows(complaint, "acknowledgement")
    # The database backend's task is written in the change's transaction: a worker sees it once that commits.
    assert sends_queued() == [*before, message.pk]
    assert enqueues(callbacks) == []
    # The row is written with the event, in the same transaction.
    assert message.event.case_id == complaint.pk and message.event.kind == "acknowledged"


def test_with_another_task_backend_the_message_is_enqueued_after_commit(
    complaint, lead_officer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks() as callbacks:
        acknowledge(complaint, lead_officer)

    [message] = rows(complaint, "acknowledgement")
    assert [callback.args for callback in enqueues(callbacks)] == [(message.pk,)]


def test_an_acknowledgement_rolled_back_leaves_no_message_and_sends_nothing(
    complaint, lead_officer, django_capture_on_commit_callbacks
):
    before = sends_queued()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        acknowledge(complaint, lead_officer)
        assert len(sends_queued()) == len(before) + 1  # queued with the change ...
        raise RuntimeError("something later in the request failed")

    assert rows(complaint, "acknowledgement") == []
    assert enqueues(callbacks) == []
    assert sends_queued() == before  # ... and rolled back with it


def test_the_acknowledgement_gives_the_definition_outcome_copy_handler_and_dates(complaint, lead_officer):
    lead_officer.email = "liam.leader@council.example"
    lead_officer.phone = "01234 567890"
    lead_officer.save()

    acknowledge(complaint, lead_officer)

    [message] = rows(complaint, "acknowledgement")
    text = message.body_text
    assert "The roof leak reported in March has not been repaired." in text
    assert "Fix the roof" in text  # the desired outcome
    assert "I reported a leaking roof in March and nobody has come." in text  # the copy of the complaint
    assert "Liam Leader, Repairs team leader" in text
    assert "liam.leader@council.example" in text and "01234 567890" in text
    assert "received it on 2 March 2026" in text
    assert "acknowledged it on 3 March 2026" in text
    # 10 working days after Tuesday 3 March 2026.
    assert "full response by 17 March 2026" in text
    assert "<h2>Our understanding of your complaint</h2>" in message.body_html


def test_a_customer_without_email_gets_a_letter_to_their_postal_address(make_case, lead_officer):
    case = make_case(received_at=MONDAY, lead=lead_officer)
    Customer.objects.filter(pk=case.customer_id).update(email="", address="1 High Street\nThornbury")
    case.refresh_from_db()

    acknowledge(case, lead_officer)

    [letter] = rows(case, "acknowledgement")
    assert letter.channel == MessageChannel.LETTER
    assert letter.to_address == "Ann Jones\n1 High Street\nThornbury\nHP1 1AA"
    assert "1 High Street" in letter.body_html and "Our reference" in letter.body_html


def test_an_extension_gives_the_new_date_the_reason_and_the_ombudsman(complaint, lead_officer):
    case = acknowledge(complaint, lead_officer)

    lifecycle.extend(
        case=case,
        actor=lead_officer,
        new_due_date=date(2026, 3, 24),
        reason="We are waiting for the roofer's report.",
        agreed_with_customer=True,
        customer_agreed_on=date(2026, 3, 10),
        today=date(2026, 3, 10),
    )

    [message] = rows(case, "extension")
    assert "We now expect to respond by 24 March 2026, as we agreed with you on 10 March 2026" in message.body_text
    assert "We are waiting for the roofer's report." in message.body_text
    # A housing repairs complaint: the Housing Ombudsman, not the council's other ombudsman.
    assert "Housing Ombudsman" in message.body_text
    assert "Local Government" not in message.body_text
    assert "https://www.housing-ombudsman.org.uk" in message.body_text


def test_a_stage_one_response_gives_the_decision_remedies_and_how_to_escalate(complaint, lead_officer):
    case = acknowledge(complaint, lead_officer)

    lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The repair was booked but the contractor did not attend.",
        remedies=[RemedyDetails(RemedyType.APOLOGY, "We apologise for the missed appointment.")],
        outstanding_actions="The roof will be repaired by 31 March 2026.",
        responded_on=date(2026, 3, 16),
        today=TODAY,
    )

    [message] = rows(case, "stage_response")
    text = message.body_text
    assert message.subject == f"Our response to your complaint ({case.reference})"
    assert "Our decision: Upheld" in text
    assert "the contractor did not attend" in text
    assert "- Apologising: We apologise for the missed appointment." in text
    assert "The roof will be repaired by 31 March 2026." in text
    assert "look at your complaint again at stage 2" in text
    assert "You do not have to give a reason." in text
    # Not yet the ombudsman: that route opens after stage 2, and the letter says so (issue 11).
    assert "end of our complaints procedure" not in text
    assert text.count("Ombudsman") == 1 and "after our stage 2 response, you can then ask the Housing Ombudsman" in text


def test_a_final_stage_response_points_to_the_ombudsman(make_case, adult_social_care, social_care_officer):
    case = make_case(received_at=MONDAY, procedure="adult-social-care", service=adult_social_care)
    case = lifecycle.acknowledge(case=case, actor=social_care_officer, definition="Care visits stopped.", today=TODAY)

    lifecycle.respond(
        case=case,
        actor=social_care_officer,
        outcome=Outcome.NOT_UPHELD,
        reasons="The visits were paused at your request.",
        today=TODAY,
    )

    [message] = rows(case, "stage_response")
    assert message.subject == f"Our final response to your complaint ({case.reference})"
    assert "You can ask the Local Government and Social Care Ombudsman to look at your complaint" in message.body_text
    assert "within 12 months" in message.body_text


def test_acknowledging_stage_two_sends_the_escalation_acknowledgement(complaint, lead_officer, head_of_service):
    case = acknowledge(complaint, lead_officer)
    case = lifecycle.respond(
        case=case, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Repair done.", today=TODAY
    )
    case = lifecycle.escalate(case=case, actor=lead_officer, requested_on=TODAY, handler=head_of_service, today=TODAY)

    lifecycle.acknowledge(case=case, actor=head_of_service, definition="Unhappy with the repair quality.", today=TODAY)

    [message] = rows(case, "escalation_acknowledgement")
    assert "to take your complaint to stage 2" in message.body_text
    assert "Hannah Head, Head of housing" in message.body_text
    assert rows(case, "acknowledgement") and len(rows(case, "acknowledgement")) == 1


def test_events_that_owe_the_customer_nothing_record_no_message(complaint, lead_officer):
    before = OutboundMessage.objects.count()

    lifecycle.start_investigation(case=acknowledge(complaint, lead_officer), actor=lead_officer)

    assert OutboundMessage.objects.count() == before + 1  # the acknowledgement only


def test_a_representative_without_email_is_not_written_to_and_the_customer_is_addressed(complaint, lead_officer):
    from putright.cases.customers import add_representative

    add_representative(
        case=complaint,
        name="Bob Carer",
        relationship="Son",
        email="",
        phone="01632 960 002",
        has_consent=True,
        consent_evidence="Signed form received 3 March",
        actor=lead_officer,
    )
    acknowledge(complaint, lead_officer)
    [message] = rows(complaint, "acknowledgement")
    assert message.to_address == "ann@example.org" and message.recipient_name == "Ann Jones"
    assert message.body_text.startswith("Dear Ann Jones,") and "Bob Carer" not in message.body_text


def test_a_representative_with_consent_and_email_is_written_to_by_name(complaint, lead_officer):
    from putright.cases.customers import add_representative

    add_representative(
        case=complaint,
        name="Bob Carer",
        relationship="Son",
        email="bob@example.org",
        phone="",
        has_consent=True,
        consent_evidence="Signed form received 3 March",
        actor=lead_officer,
    )
    acknowledge(complaint, lead_officer)
    [message] = rows(complaint, "acknowledgement")
    assert message.to_address == "bob@example.org" and message.body_text.startswith("Dear Bob Carer,")


def test_one_salutation_everywhere_title_and_last_name_when_a_title_is_known(complaint, lead_officer):
    [receipt] = rows(complaint, "logged")
    assert receipt.body_text.startswith("Dear Ann Jones,")
    assert "You can follow your complaint in your online account: sign in at " in receipt.body_text
    assert "/account/sign-in/ with your email address." in receipt.body_text

    Customer.objects.filter(pk=complaint.customer_id).update(title="Mrs")
    complaint.refresh_from_db()
    acknowledge(complaint, lead_officer)
    [message] = rows(complaint, "acknowledgement")
    assert message.body_text.startswith("Dear Mrs Jones,")


def test_the_salutation_rule():
    from putright.core.text import salutation_name

    assert salutation_name("Mrs", "Barbara", "Nowak") == "Mrs Nowak"
    assert salutation_name("", "Barbara", "Nowak") == "Barbara Nowak"
    assert salutation_name("", "", "") == ""
