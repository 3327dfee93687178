"""Sending against a real SMTP server: nothing lost when it is down, nothing sent twice, dead workers recovered."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from putright.cases import lifecycle
from putright.notifications.choices import MessageStatus
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound import services
from putright.notifications.outbound.services import (
    MAX_ATTEMPTS,
    claim,
    deliver,
    enqueue_send,
    enqueue_send_many,
    send_due,
    sending_together,
    stale_claim_after,
)
from putright.notifications.outbound.transports import MailConnection


@pytest.fixture
def ten_due(make_case, lead_officer):
    """Ten complaints logged, each owing its 'we have received your complaint' email."""
    for number in range(10):
        make_case(lead=lead_officer, last_name=f"Customer{number}")
    messages = list(OutboundMessage.objects.order_by("pk"))
    assert len(messages) == 10
    return messages


def statuses():
    return sorted(OutboundMessage.objects.values_list("status", flat=True))


def test_while_smtp_is_down_nothing_is_lost_and_everything_arrives_once_it_is_back(smtp, ten_due):
    now = timezone.now()

    # Given the mail server is down, when the sweep runs, every message goes back in the queue with a backoff.
    result = send_due(now=now)

    assert (result.tried, result.sent) == (10, 0)
    assert statuses() == [MessageStatus.QUEUED] * 10
    for message in OutboundMessage.objects.all():
        assert message.attempt_count == 1
        assert message.next_attempt_at == now + timedelta(minutes=1)
        assert "Connection refused" in message.last_error or "ConnectionRefusedError" in message.last_error
    # Not due yet: a sweep a moment later leaves them alone.
    assert send_due(now=now + timedelta(seconds=30)).tried == 0

    # When the server is back and the backoff has passed, every message arrives exactly once.
    smtp.start()
    later = now + timedelta(minutes=2)
    assert send_due(now=later).sent == 10
    assert send_due(now=later + timedelta(hours=1)).tried == 0

    assert statuses() == [MessageStatus.SENT] * 10
    assert sorted(smtp.message_ids()) == sorted(message.message_id for message in ten_due)
    received_to = sorted(message["To"] for message in smtp.received)
    assert received_to == ["ann@example.org"] * 10
    assert all(message.last_error == "" for message in OutboundMessage.objects.all())


def test_a_message_left_sending_by_a_killed_worker_is_resent_with_the_same_message_id(running_smtp, ten_due):
    abandoned, in_flight, *_ = ten_due
    now = timezone.now()
    # A worker claimed this one long ago and died mid-send ...
    OutboundMessage.objects.filter(pk=abandoned.pk).update(
        status=MessageStatus.SENDING, claimed_at=now - stale_claim_after() - timedelta(seconds=1), attempt_count=1
    )
    # ... while this one is being sent right now by a live worker.
    OutboundMessage.objects.filter(pk=in_flight.pk).update(
        status=MessageStatus.SENDING, claimed_at=now - timedelta(seconds=5), attempt_count=1
    )

    out = StringIO()
    call_command("send_due_messages", stdout=out)
    send_due(now=timezone.now() + timedelta(minutes=1))

    assert "sent 9" in out.getvalue()
    abandoned.refresh_from_db()
    assert abandoned.status == MessageStatus.SENT
    assert abandoned.attempt_count == 2
    assert running_smtp.message_ids().count(abandoned.message_id) == 1
    # The live worker's message is not sent a second time by the sweep.
    assert running_smtp.message_ids().count(in_flight.message_id) == 0
    # Every message id arrived at most once.
    assert len(running_smtp.message_ids()) == len(set(running_smtp.message_ids())) == 9


def test_two_workers_cannot_both_claim_a_message(ten_due):
    message = ten_due[0]
    now = timezone.now()

    first = claim(message.pk, now)
    second = claim(message.pk, now)

    assert first is not None and first.status == MessageStatus.SENDING
    assert second is None


def test_a_task_run_twice_sends_once(running_smtp, ten_due):
    message = ten_due[0]

    assert deliver(message.pk) is True
    assert deliver(message.pk) is False

    assert running_smtp.message_ids() == [message.message_id]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None


def test_the_task_sends_the_message_through_the_mail_server(running_smtp, ten_due):
    from putright.notifications.outbound.tasks import send_message

    message = ten_due[0]

    assert send_message.call(message.pk) is True

    [received] = running_smtp.received
    assert received["Message-ID"] == message.message_id
    assert received["Subject"] == message.subject
    assert received.is_multipart()


def test_acknowledging_sends_one_email_after_commit(
    running_smtp, settings, make_case, lead_officer, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    case = make_case(lead=lead_officer)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak not repaired.")

    message = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert message.status == MessageStatus.SENT
    assert running_smtp.message_ids() == [message.message_id]
    body = running_smtp.received[0].get_payload(0).get_payload(decode=True).decode()
    assert "Roof leak not repaired." in body


def test_backoff_doubles_and_is_capped():
    assert [services.retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert services.retry_delay(30) == timedelta(hours=6)


def test_a_message_fails_for_good_after_the_last_attempt(smtp, ten_due):
    message = ten_due[0]
    OutboundMessage.objects.filter(pk=message.pk).update(attempt_count=MAX_ATTEMPTS - 1)

    deliver(message.pk)

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempt_count == MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert send_due(now=timezone.now() + timedelta(days=1)).tried == 9  # the failed one is not retried


def test_a_message_with_no_address_fails_at_once(smtp, ten_due):
    message = ten_due[0]
    OutboundMessage.objects.filter(pk=message.pk).update(to_address="")

    deliver(message.pk)

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempt_count == 1
    assert message.last_error == "PermanentError: There is no email address to send to."


def test_without_notify_a_text_message_fails_at_once_saying_why(smtp, ten_due):
    message = ten_due[0]
    OutboundMessage.objects.filter(pk=message.pk).update(channel="sms", to_address="07700 900123")

    deliver(message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempt_count) == (MessageStatus.FAILED, 1)
    assert message.last_error == (
        "PermanentError: Messages by text message are sent only through GOV.UK Notify (MESSAGE_PROVIDER=notify), "
        "which is not set up."
    )


def test_messages_recorded_together_are_sent_by_one_task_over_one_connection(
    running_smtp, settings, make_case, lead_officer, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic(), sending_together():
        for number in range(3):
            make_case(lead=lead_officer, last_name=f"Customer{number}")

    messages = list(OutboundMessage.objects.order_by("pk"))
    [batch] = [callback for callback in callbacks if getattr(callback, "func", None) is enqueue_send_many]
    assert batch.args == ([message.pk for message in messages],)
    assert [callback for callback in callbacks if getattr(callback, "func", None) is enqueue_send] == []

    batch()

    assert statuses() == [MessageStatus.SENT] * 3
    assert running_smtp.message_ids() == [message.message_id for message in messages]
    assert running_smtp.connection_count() == 1


def test_a_message_rolled_back_inside_a_batch_is_not_sent_and_stops_none_of_the_others(
    running_smtp, settings, make_case, lead_officer, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), sending_together():
        kept = make_case(lead=lead_officer, last_name="Kept")
        with suppress(RuntimeError), transaction.atomic():
            make_case(lead=lead_officer, last_name="RolledBack")
            raise RuntimeError("the second complaint could not be logged")

    [message] = OutboundMessage.objects.all()
    assert message.case == kept
    assert running_smtp.message_ids() == [message.message_id]
    assert statuses() == [MessageStatus.SENT]


def test_nothing_recorded_together_is_sent_if_the_transaction_rolls_back(
    running_smtp, make_case, lead_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, suppress(RuntimeError), transaction.atomic():
        with sending_together():
            make_case(lead=lead_officer)
        raise RuntimeError("the job failed after recording")

    assert OutboundMessage.objects.count() == 0
    assert callbacks == []


def test_a_kept_connection_the_server_dropped_is_replaced_before_a_message_is_trusted_to_it(
    running_smtp, ten_due, monkeypatch
):
    first, second = ten_due[:2]
    assert deliver(first.pk) is True
    # The mail server restarts, dropping the connection the worker kept open ...
    running_smtp.stop()
    running_smtp.start()
    monkeypatch.setattr(MailConnection, "CHECK_AFTER", 0.0)  # ... and the worker has been idle a while.

    assert deliver(second.pk) is True

    assert running_smtp.message_ids() == [first.message_id, second.message_id]
    assert running_smtp.connection_count() == 2
    second.refresh_from_db()
    assert (second.status, second.attempt_count, second.last_error) == (MessageStatus.SENT, 1, "")


def test_a_burst_of_messages_shares_one_connection_and_a_pause_opens_a_new_one(running_smtp, ten_due, monkeypatch):
    assert send_due().sent == 10
    assert running_smtp.connection_count() == 1

    monkeypatch.setattr(MailConnection, "IDLE_LIMIT", 0.0)  # every message now comes after too long a pause
    OutboundMessage.objects.update(status=MessageStatus.QUEUED, next_attempt_at=None)
    assert send_due().sent == 10
    assert running_smtp.connection_count() == 11


def test_welsh_wording_long_lines_and_our_headers_arrive_exactly_as_written(running_smtp, ten_due):
    """The outbox builds its emails with Django's own builder (transports.email_for): what the server receives
    decodes back to exactly what was recorded, ended by a line break as the email package ends every body."""
    from email.header import decode_header, make_header

    message = ten_due[0]
    subject = "Rydym wedi cael eich cwyn: ŵyr, tŷ a\u2019r \u2018ffenestri\u2019 — PR-2026-00001"
    text = "Annwyl Ann,\n\n" + "Diolch am ysgrifennu atom ynglŷn â\u2019r gwaith atgyweirio. " * 40 + "\n\nCofion"
    html = "<p>" + "Diolch am ysgrifennu atom ynglŷn â\u2019r gwaith. " * 60 + "</p>"  # one very long line
    OutboundMessage.objects.filter(pk=message.pk).update(
        subject=subject,
        body_text=text,
        body_html=html,
        extra_headers={"Auto-Submitted": "auto-replied", "In-Reply-To": "<abc@example.org>"},
    )

    assert services.deliver(message.pk) is True

    [received] = running_smtp.received
    assert str(make_header(decode_header(received["Subject"]))) == subject
    assert received["Message-ID"] == message.message_id
    assert (received["Auto-Submitted"], received["In-Reply-To"]) == ("auto-replied", "<abc@example.org>")
    plain, rich = received.get_payload()
    # Lines end in CRLF on the wire, as they must in email.
    assert plain.get_payload(decode=True).decode(plain.get_content_charset()).replace("\r\n", "\n") == text + "\n"
    assert rich.get_payload(decode=True).decode(rich.get_content_charset()).replace("\r\n", "\n") == html + "\n"
    assert plain["Content-Transfer-Encoding"] == "quoted-printable"  # its lines are longer than SMTP allows
    assert all(len(line) <= 998 for line in received.as_bytes().split(b"\n"))


def test_a_line_break_in_a_header_fails_the_message_at_once(running_smtp, ten_due):
    message = ten_due[0]
    OutboundMessage.objects.filter(pk=message.pk).update(subject="Hello\r\nBcc: everyone@example.org")
    assert services.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "line break" in message.last_error
    assert running_smtp.received == []


def test_an_email_with_short_lines_reads_as_written_in_the_raw_message(running_smtp, ten_due):
    """Sign-in links and Welsh words stay whole in the raw message (and in `make run`'s console)."""
    message = ten_due[0]
    link = "https://complaints.example.gov.uk/account/sign-in/Qx3VbT9aLmN0pQrS1tUvW2xY3zA4bC5dE6fGhIjK/"
    text = f"Annwyl Ann,\n\nDefnyddiwch y ddolen hon i fewngofnodi ynglŷn â'ch cwyn:\n{link}\n"
    OutboundMessage.objects.filter(pk=message.pk).update(subject="Sign in", body_text=text, body_html="")

    assert services.deliver(message.pk) is True

    [received] = running_smtp.received
    assert received["Content-Transfer-Encoding"] == "8bit"
    raw = received.as_bytes()
    assert link.encode() in raw and "ynglŷn â'ch".encode() in raw


def test_an_address_with_an_international_domain_is_written_in_punycode(running_smtp, ten_due):
    message = ten_due[0]
    OutboundMessage.objects.filter(pk=message.pk).update(to_address="ann@exämple.org")
    assert services.deliver(message.pk) is True
    [received] = running_smtp.received
    assert received["To"] == "ann@xn--exmple-cua.org"
