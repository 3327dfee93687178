"""Staff pages: failed messages with a retry button, letter downloads, and the case page's list of messages.

Personas (root conftest.py): the complaints officer sees every unrestricted case; the lead officer (housing) does
not see adult social care's restricted cases; a councillor never reaches the staff side.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from putright.audit.models import AccessLogEntry
from putright.cases.choices import EventKind
from putright.notifications.choices import MessageChannel, MessageStatus
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import deliver, send_due
from putright.people.models import Customer


def fail(message: OutboundMessage, error: str = "SMTPRecipientsRefused: mailbox unavailable") -> None:
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, attempt_count=8, next_attempt_at=None, last_error=error
    )
    message.refresh_from_db()


@pytest.fixture
def failed(make_case, lead_officer):
    case = make_case(lead=lead_officer)
    message = OutboundMessage.objects.get(case=case)
    fail(message)
    return message


@pytest.fixture
def restricted_failed(make_case, adult_social_care):
    case = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits stopped")
    message = OutboundMessage.objects.get(case=case)
    fail(message)
    return message


@pytest.fixture
def letter(make_case, lead_officer, smtp):
    case = make_case(lead=lead_officer, last_name="Evans")
    Customer.objects.filter(pk=case.customer_id).update(email="", address="2 Chapel Row\nThornbury")
    case.refresh_from_db()
    from putright.cases import lifecycle

    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak not repaired.")
    message = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert message.channel == MessageChannel.LETTER
    deliver(message.pk)
    message.refresh_from_db()
    return message


def test_anonymous_visitors_are_sent_to_sign_in(client, failed):
    for url in (reverse("notifications:failed"), reverse("notifications:letter", args=[failed.token])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("notifications:retry", args=[failed.token]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert OutboundMessage.objects.get(pk=failed.pk).status == MessageStatus.FAILED


def test_a_councillor_gets_not_found(client, failed, councillor):
    client.force_login(councillor)
    assert client.get(reverse("notifications:failed")).status_code == 404
    assert client.post(reverse("notifications:retry", args=[failed.token])).status_code == 404
    assert OutboundMessage.objects.get(pk=failed.pk).status == MessageStatus.FAILED


def test_the_failed_page_lists_failed_messages_with_the_error(client, failed, complaints_officer):
    client.force_login(complaints_officer)

    response = client.get(reverse("notifications:failed"))

    assert response.status_code == 200
    page = response.content.decode()
    assert failed.case.reference in page
    assert "SMTPRecipientsRefused: mailbox unavailable" in page
    assert reverse("notifications:retry", args=[failed.token]) in page


def test_a_restricted_case_s_failed_message_is_hidden_from_other_services(
    client, restricted_failed, lead_officer, social_care_officer
):
    client.force_login(lead_officer)
    assert restricted_failed.case.reference not in client.get(reverse("notifications:failed")).content.decode()
    assert client.post(reverse("notifications:retry", args=[restricted_failed.token])).status_code == 404
    assert OutboundMessage.objects.get(pk=restricted_failed.pk).status == MessageStatus.FAILED

    client.force_login(social_care_officer)
    assert restricted_failed.case.reference in client.get(reverse("notifications:failed")).content.decode()


def test_retrying_requeues_the_message_notes_it_on_the_case_and_the_sweep_sends_it(
    client, failed, complaints_officer, running_smtp
):
    client.force_login(complaints_officer)

    response = client.post(reverse("notifications:retry", args=[failed.token]))

    assert response.status_code == 302 and response.url == reverse("notifications:failed")
    failed.refresh_from_db()
    assert (failed.status, failed.attempt_count) == (MessageStatus.QUEUED, 0)
    note = failed.case.events.filter(kind=EventKind.NOTE_ADDED).get()
    assert note.actor == complaints_officer and "mailbox unavailable" in note.summary
    assert send_due(now=timezone.now() + timedelta(seconds=1)).sent == 1
    assert running_smtp.message_ids() == [failed.message_id]


def test_retry_is_post_only_and_refuses_a_message_that_has_not_failed(client, failed, complaints_officer):
    client.force_login(complaints_officer)
    assert client.get(reverse("notifications:retry", args=[failed.token])).status_code == 405

    OutboundMessage.objects.filter(pk=failed.pk).update(status=MessageStatus.SENT)
    response = client.post(reverse("notifications:retry", args=[failed.token]), follow=True)

    assert "This message has not failed, so it cannot be retried." in response.content.decode()
    assert OutboundMessage.objects.get(pk=failed.pk).status == MessageStatus.SENT


def test_a_letter_is_rendered_to_pdf_and_kept_with_the_message(letter, settings):
    assert letter.status == MessageStatus.SENT
    assert letter.document.name == f"letters/{letter.case.reference}/{letter.token}.pdf"
    path = settings.MEDIA_ROOT / letter.document.name
    assert path.read_bytes().startswith(b"%PDF-")


def test_staff_who_can_see_the_case_download_the_letter(client, letter, complaints_officer):
    client.force_login(complaints_officer)

    response = client.get(reverse("notifications:letter", args=[letter.token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"{letter.case.reference}-acknowledgement.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert AccessLogEntry.objects.filter(user=complaints_officer, object_reference=letter.case.reference).exists()


def test_a_downloaded_letter_is_not_kept_by_the_browser_or_a_cache(client, letter, complaints_officer):
    client.force_login(complaints_officer)
    response = client.get(reverse("notifications:letter", args=[letter.token]))
    assert "no-store" in response["Cache-Control"]


def test_a_councillor_cannot_download_a_letter(client, letter, councillor):
    client.force_login(councillor)
    assert client.get(reverse("notifications:letter", args=[letter.token])).status_code == 404


def test_the_case_page_include_shows_failed_messages_with_a_retry_button(failed, complaints_officer):
    request = RequestFactory().get("/")
    request.user = complaints_officer

    html = Template("{% load notifications %}{% case_messages case %}").render(
        Context({"case": failed.case, "request": request, "csrf_token": "token"})
    )

    assert "A message to the customer could not be sent." in html
    assert failed.subject in html
    assert reverse("notifications:retry", args=[failed.token]) in html
    assert f'value="{reverse("cases:detail", args=[failed.case.reference])}#messages"' in html
