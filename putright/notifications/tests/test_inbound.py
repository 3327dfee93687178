# ruff: noqa: RUF001 - the curly quotes, dashes and pound signs are what the charset tests check
"""Inbound email from real .eml files (tests/eml/): contacts, replies on cases, auto-replies, quarantine, and the two
ways in (IMAP fetch and the provider's POST). Nothing that arrives may be lost or handled twice.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from putright.cases.choices import Channel, EventKind
from putright.cases.models import Contact, TimelineEvent
from putright.notifications.choices import InboundOutcome, QuarantineReason
from putright.notifications.inbound.imap import fetch_from_settings
from putright.notifications.inbound.mailparse import html_to_text
from putright.notifications.inbound.receive import receive_email
from putright.notifications.models import InboundEmail, OutboundMessage, QuarantinedEmail
from putright.notifications.outbound.services import send_due
from putright.notifications.tests.imap_server import FakeMailbox, ImapServer
from putright.organisation.models import Organisation, User
from putright.people.models import Customer

EML = Path(__file__).parent / "eml"
LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
SECRET = "s3cret-shared-with-the-provider"


def eml(name: str) -> bytes:
    return (EML / name).read_bytes()


@pytest.fixture
def inbox(db, organisation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email="complaints@council.example")
    return settings


def auto_replies(to: str) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(template_name__startswith="auto_reply_", to_address=to))


def test_a_new_email_becomes_a_contact_for_triage_and_the_sender_gets_their_reference(inbox):
    result = receive_email(eml("multipart_alternative.eml"))

    assert result.outcome == InboundOutcome.CONTACT
    contact = Contact.objects.get()
    assert contact.channel == Channel.EMAIL
    assert contact.triaged_at is None
    assert contact.subject == "Bins not collected for three weeks"
    assert contact.raw_text.startswith("From: Ann Jones <ann@example.org>\n\nHello,\n\nMy green bin at 4 Mill Lane")
    assert "<p>" not in contact.raw_text  # the plain part is preferred to the HTML one
    assert (contact.customer.first_name, contact.customer.last_name, contact.customer.email) == (
        "Ann",
        "Jones",
        "ann@example.org",
    )
    email = InboundEmail.objects.get()
    assert email.message_id == "<CAK7alt001@mail.example.org>"
    assert email.raw.read() == eml("multipart_alternative.eml")  # the original is kept, byte for byte
    [reply] = auto_replies("ann@example.org")
    assert result.reference == email.reference and email.reference.startswith("EM-")
    assert reply.subject == f"We have received your email ({email.reference})"
    assert reply.extra_headers["Auto-Submitted"] == "auto-replied"
    assert reply.extra_headers["In-Reply-To"] == "<CAK7alt001@mail.example.org>"


def test_the_same_email_received_twice_makes_one_contact_and_one_reply(inbox):
    first = receive_email(eml("multipart_alternative.eml"))
    second = receive_email(eml("multipart_alternative.eml"))

    assert (first.outcome, second.outcome) == (InboundOutcome.CONTACT, InboundOutcome.DUPLICATE)
    assert second.contact == first.contact
    assert Contact.objects.count() == InboundEmail.objects.count() == 1
    assert len(auto_replies("ann@example.org")) == 1


def test_an_existing_customer_is_matched_by_email_address(inbox):
    known = Customer.objects.create(first_name="Robert", last_name="Patel", email="Bob.Patel@example.net")

    receive_email(eml("pdf_attachment.eml"))

    assert Contact.objects.get().customer == known
    assert Customer.objects.count() == 1


def test_a_pdf_attachment_is_stored_with_the_email(inbox):
    receive_email(eml("pdf_attachment.eml"))

    email = InboundEmail.objects.get()
    [attachment] = email.attachments.all()
    assert (attachment.filename, attachment.content_type) == ("summons.pdf", "application/pdf")
    assert attachment.file.read().startswith(b"%PDF-1.4")
    assert attachment.size_bytes == 218
    assert "Attachments: summons.pdf (1 KB)" in email.contact.raw_text


@pytest.mark.parametrize(
    ("name", "expected_subject", "expected_text"),
    [
        (
            "iso_8859_1.eml",
            "Parking fine",
            "I was fined £35 for parking in a bay that wasn’t marked. The sign’s missing.\nCafé owners",
        ),
        (
            "windows_1252.eml",
            "Repairs – £120 for a lock I didn’t break",
            "You charged me £120 for a new lock. I didn’t break it – the contractor did.\n“Recharge” is not fair.",
        ),
    ],
)
def test_non_utf8_character_sets_keep_pound_signs_and_curly_apostrophes(inbox, name, expected_subject, expected_text):
    receive_email(eml(name))

    contact = Contact.objects.get()
    assert contact.subject == expected_subject
    assert expected_text in contact.raw_text


def test_the_sender_name_in_a_windows_1252_header_is_decoded(inbox):
    receive_email(eml("windows_1252.eml"))

    customer = Contact.objects.get().customer
    assert (customer.first_name, customer.last_name) == ("Désirée", "O’Brien")


def test_a_forwarded_chain_keeps_the_forwarded_text_and_its_attachments(inbox):
    receive_email(eml("forwarded.eml"))

    contact = Contact.objects.get()
    assert "My neighbour asked me to send this on" in contact.raw_text
    assert "---------- Forwarded message ----------\nFrom: Edna Smith <edna@example.org>" in contact.raw_text
    assert "I am 84 and cannot sleep." in contact.raw_text
    assert [a.filename for a in InboundEmail.objects.get().attachments.all()] == ["street.jpg"]
    assert contact.customer.email == "dan@example.org"  # the forwarder, who will get the replies


def test_an_html_only_email_is_reduced_to_its_text(inbox):
    receive_email(eml("html_only.eml"))

    text = Contact.objects.get().raw_text.partition("\n\n")[2]  # after the From line
    assert "The street light outside 12 Station Road has been out for a month." in text
    assert "- It is very dark\n- Someone fell & hurt themselves" in text
    assert "I paid £5 for a torch. Photo" in text
    for hidden in ("alert(", "color: red", "ignore me", "a comment nobody should see", "<"):
        assert hidden not in text


def test_html_to_text_drops_markup_even_when_it_is_unbalanced():
    assert html_to_text("<p>One<script>evil()<p>Two</p>") == "One"
    assert html_to_text("<div>a &lt;b&gt; c</div><br>d") == "a <b> c\n\nd"


def test_a_reply_quoting_a_case_reference_goes_on_the_case_and_the_handler_is_told(
    inbox, make_case, lead_officer, running_smtp
):
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    case = make_case(received_at=MONDAY, lead=lead_officer)
    assert case.reference == "PR-2026-00001"  # the reference reply_with_reference.eml quotes

    result = receive_email(eml("reply_with_reference.eml"))
    send_due()

    assert result.outcome == InboundOutcome.CASE_REPLY and result.case == case
    assert Contact.objects.count() == 1  # only the case's own contact: no new one for triage
    event = TimelineEvent.objects.get(case=case, kind=EventKind.EMAIL_RECEIVED)
    assert event.summary.startswith("Email from Ann Jones: Re: We have received your complaint (PR-2026-00001)")
    assert "Water is still coming in." in event.summary
    assert event.is_visible_to_customer and event.actor is None
    assert event.data["attachments"] == ["ceiling.png"]  # the "../../" the sender put in the name is gone
    received = {message["To"]: " ".join(message["Subject"].split()) for message in running_smtp.received}
    assert received["liam@council.example"] == (
        "New email on PR-2026-00001: Re: We have received your complaint (PR-2026-00001)"
    )
    assert received["Ann@Example.org"] == "We have received your email about PR-2026-00001"
    auto_reply = next(m for m in running_smtp.received if m["To"] == "Ann@Example.org")
    assert auto_reply["Auto-Submitted"] == "auto-replied"
    assert auto_reply["In-Reply-To"] == "<reply-0001@mail.example.org>"


def test_a_reference_quoted_by_a_stranger_makes_a_contact_not_a_timeline_entry(inbox, make_case, lead_officer):
    case = make_case(received_at=MONDAY, lead=lead_officer)
    raw = eml("reply_with_reference.eml").replace(b"Ann@Example.org", b"someone.else@example.com")

    result = receive_email(raw)

    assert result.outcome == InboundOutcome.CONTACT
    assert not TimelineEvent.objects.filter(case=case, kind=EventKind.EMAIL_RECEIVED).exists()
    assert "(Quotes PR-2026-00001, but was not sent from that case's customer's address.)" in result.contact.raw_text


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken.eml", QuarantineReason.MALFORMED),
        ("empty.eml", QuarantineReason.EMPTY),
        ("undecodable.eml", QuarantineReason.UNDECODABLE),
    ],
)
def test_unreadable_messages_are_quarantined_with_the_reason_and_never_dropped(inbox, name, reason):
    first = receive_email(eml(name))
    again = receive_email(eml(name))

    assert first.outcome == again.outcome == InboundOutcome.QUARANTINED
    kept = QuarantinedEmail.objects.get()
    assert kept.reason == reason
    assert kept.raw.read() == eml(name)
    assert kept.from_address.endswith("@example.org")
    assert not Contact.objects.exists() and not OutboundMessage.objects.exists()


def test_an_oversized_message_is_quarantined(inbox):
    inbox.INBOUND_EMAIL_MAX_BYTES = 500

    result = receive_email(eml("pdf_attachment.eml"))

    assert result.outcome == InboundOutcome.QUARANTINED
    kept = QuarantinedEmail.objects.get()
    assert (kept.reason, kept.size_bytes, kept.subject) == (
        QuarantineReason.TOO_LARGE,
        len(eml("pdf_attachment.eml")),
        "Council tax summons sent in error",
    )
    assert "the limit is 500" in kept.detail
    assert not Contact.objects.exists()


def test_automated_mail_is_logged_but_not_answered(inbox):
    raw = eml("multipart_alternative.eml").replace(b"MIME-Version", b"Auto-Submitted: auto-replied\r\nMIME-Version")

    assert receive_email(raw).outcome == InboundOutcome.CONTACT
    assert auto_replies("ann@example.org") == []


def test_no_more_than_three_auto_replies_a_day_go_to_one_address(inbox):
    original = eml("multipart_alternative.eml")
    for number in range(5):
        receive_email(original.replace(b"<CAK7alt001@", f"<loop{number}@".encode()))

    assert Contact.objects.count() == 5
    assert len(auto_replies("ann@example.org")) == 3


# --- the HTTP endpoint --------------------------------------------------------------------------------------------


def post(client, body: bytes, secret: str | None = SECRET):
    headers = {"X-PutRight-Inbound-Secret": secret} if secret is not None else {}
    return client.post(reverse("notifications:inbound"), data=body, content_type="message/rfc822", headers=headers)


def test_the_provider_posts_a_raw_message_with_the_shared_secret(inbox, client):
    inbox.INBOUND_EMAIL_SECRET = SECRET

    response = post(client, eml("pdf_attachment.eml"))
    repeat = post(client, eml("pdf_attachment.eml"))

    assert response.status_code == 202
    assert response.json() == {"outcome": "contact", "reference": InboundEmail.objects.get().reference}
    assert repeat.status_code == 200 and repeat.json()["outcome"] == "duplicate"
    assert Contact.objects.count() == 1


def test_the_endpoint_refuses_a_wrong_or_missing_secret_and_stores_nothing(inbox, client):
    inbox.INBOUND_EMAIL_SECRET = SECRET

    assert post(client, eml("pdf_attachment.eml"), secret="guess").status_code == 403
    assert post(client, eml("pdf_attachment.eml"), secret=None).status_code == 403
    assert (
        client.get(reverse("notifications:inbound"), headers={"X-PutRight-Inbound-Secret": SECRET}).status_code == 405
    )
    assert not InboundEmail.objects.exists() and not QuarantinedEmail.objects.exists()


def test_the_endpoint_is_off_without_a_secret(inbox, client):
    inbox.INBOUND_EMAIL_SECRET = ""

    assert post(client, eml("pdf_attachment.eml"), secret="").status_code == 404


def test_the_endpoint_quarantines_an_oversized_post_without_reading_it_whole_into_memory(inbox, client):
    inbox.INBOUND_EMAIL_SECRET = SECRET
    inbox.INBOUND_EMAIL_MAX_BYTES = 100
    inbox.DATA_UPLOAD_MAX_MEMORY_SIZE = 50  # the endpoint streams the body, so Django's form limit does not apply

    response = post(client, eml("pdf_attachment.eml"))

    assert response.status_code == 202 and response.json()["outcome"] == "quarantined"
    assert QuarantinedEmail.objects.get().raw.read() == eml("pdf_attachment.eml")


# --- IMAP ---------------------------------------------------------------------------------------------------------


def imap_settings(settings, server: ImapServer, processed: str = "") -> None:
    settings.IMAP_HOST = "127.0.0.1"
    settings.IMAP_PORT = server.port
    settings.IMAP_USE_SSL = False
    settings.IMAP_USER = "complaints"
    settings.IMAP_PASSWORD = "imap-password"
    settings.IMAP_PROCESSED_MAILBOX = processed


def test_fetch_mail_receives_every_message_and_moves_it_out_of_the_inbox(inbox):
    mailbox = FakeMailbox([eml("multipart_alternative.eml"), eml("broken.eml"), eml("html_only.eml")])
    with ImapServer(mailbox) as server:
        imap_settings(inbox, server, processed="PutRight/Processed")
        out = io.StringIO()
        call_command("fetch_mail", stdout=out)

    assert out.getvalue().strip() == "Fetched: 2 contact, 1 quarantined."
    assert mailbox.inbox() == []
    assert len(mailbox.folders["PutRight/Processed"]) == 3
    assert 'LOGIN complaints "imap-password"' in mailbox.commands
    assert Contact.objects.count() == 2 and QuarantinedEmail.objects.count() == 1


def test_without_a_processed_folder_messages_are_marked_read_and_not_fetched_again(inbox):
    mailbox = FakeMailbox([eml("pdf_attachment.eml")], with_move=False)
    with ImapServer(mailbox) as server:
        imap_settings(inbox, server)
        first = fetch_from_settings()
        second = fetch_from_settings()

    assert str(first) == "1 contact" and str(second) == "nothing new"
    assert mailbox.inbox()[0].flags == {"\\Seen"}
    assert Contact.objects.count() == 1


def test_a_message_that_fails_stays_in_the_mailbox_for_the_next_fetch(inbox, monkeypatch):
    mailbox = FakeMailbox([eml("pdf_attachment.eml")])

    def database_down(raw: bytes):
        raise ConnectionError("database went away")

    with ImapServer(mailbox) as server:
        imap_settings(inbox, server, processed="Done")
        monkeypatch.setattr("putright.notifications.inbound.imap.receive_email", database_down)
        failed = fetch_from_settings()
        monkeypatch.undo()
        imap_settings(inbox, server, processed="Done")
        retried = fetch_from_settings()

    assert str(failed) == "nothing new; 1 failed and will be fetched again"
    assert str(retried) == "1 contact"
    assert mailbox.inbox() == [] and len(mailbox.folders["Done"]) == 1
