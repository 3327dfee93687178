"""A customer who replies to one of our emails reaches the mailbox the inbound path reads, and their reply lands on
their case: emails come from the complaints address (the demo sets no sending address), or carry it as Reply-To."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest

from putright.cases.choices import EventKind
from putright.cases.models import TimelineEvent
from putright.notifications.choices import InboundOutcome
from putright.notifications.inbound.receive import receive_email
from putright.notifications.outbound.services import send_due
from putright.organisation.models import Organisation

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))
MAILBOX = "complaints@council.example"


@pytest.fixture
def mailbox(organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    return settings


def reply_to(sent, *, to: str) -> bytes:
    """What a customer's mail program sends when they press Reply on `sent`."""
    reply = EmailMessage()
    reply["From"] = "Ann Jones <ann@example.org>"
    reply["To"] = sent["Reply-To"] or sent["From"]
    reply["Subject"] = "Re: " + " ".join(sent["Subject"].split())
    reply["Message-ID"] = "<reply-from-ann@example.org>"
    reply["In-Reply-To"] = sent["Message-ID"]
    reply.set_content("The roof is still leaking.")
    assert parseaddr(reply["To"])[1] == to
    return reply.as_bytes()


def test_with_no_sending_address_set_emails_come_from_the_mailbox_and_a_reply_lands_on_the_case(
    mailbox, make_case, lead_officer, running_smtp
):
    mailbox.DEFAULT_FROM_EMAIL = ""  # as in the demo (`make run` sets none)
    case = make_case(received_at=MONDAY, lead=lead_officer)
    send_due()
    [sent] = [message for message in running_smtp.received if message["To"] == "ann@example.org"]
    assert parseaddr(sent["From"])[1] == MAILBOX and sent["Reply-To"] is None

    result = receive_email(reply_to(sent, to=MAILBOX))

    assert result.outcome == InboundOutcome.CASE_REPLY and result.case == case
    event = TimelineEvent.objects.get(case=case, kind=EventKind.EMAIL_RECEIVED)
    assert "The roof is still leaking." in event.summary


def test_a_council_sending_from_a_no_reply_address_gets_replies_in_the_mailbox(
    mailbox, make_case, lead_officer, running_smtp
):
    mailbox.DEFAULT_FROM_EMAIL = "no-reply@council.example"
    case = make_case(received_at=MONDAY, lead=lead_officer)
    send_due()
    [sent] = [message for message in running_smtp.received if message["To"] == "ann@example.org"]
    assert parseaddr(sent["From"])[1] == "no-reply@council.example" and sent["Reply-To"] == MAILBOX

    assert receive_email(reply_to(sent, to=MAILBOX)).case == case
