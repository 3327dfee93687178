"""Receiving email: one service for the IMAP fetch and the provider's HTTP endpoint. Nothing that arrives is dropped.

- A new email becomes a `Contact` (channel email) for triage, with its attachments stored.
- A reply quoting a case reference, from that case's customer or representative, goes on the case's timeline, and
  the handler (or lead officer) is told. From anyone else it is a new contact: a stranger who quotes a reference
  must not write into someone's case, and triage can link it if it belongs there.
- The sender gets an automatic reply with their reference, unless the email is itself automated (RFC 3834).
- A malformed, oversized, undecodable or empty message is kept in `QuarantinedEmail` with the reason.
- The same email received twice (same Message-ID) is handled once: the unique Message-ID decides, inside the
  transaction that records everything else, so a fetch and a POST racing cannot both log it.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import Channel, EventKind
from putright.cases.models import Case, Contact
from putright.cases.services import log_contact
from putright.notifications.choices import InboundOutcome, MessageChannel, MessageLanguage, QuarantineReason
from putright.notifications.inbound.mailparse import ParsedEmail, Unreadable, headline, parse_email
from putright.notifications.models import InboundAttachment, InboundEmail, OutboundMessage, QuarantinedEmail
from putright.notifications.outbound.addresses import is_our_own
from putright.notifications.outbound.services import Destination, queue_message_once
from putright.notifications.outbound.staff import mailbox_recipient, person_recipient, queue_staff_email_once
from putright.organisation.selectors import current_organisation
from putright.people.models import Customer

logger = logging.getLogger(__name__)

# An auto-responder that ignores RFC 3834 would loop with ours: at most this many replies to one address a day.
AUTO_REPLIES_PER_DAY = 3
TIMELINE_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class InboundResult:
    outcome: InboundOutcome
    email: InboundEmail | None = None
    quarantined: QuarantinedEmail | None = None
    contact: Contact | None = None
    case: Case | None = None

    @property
    def reference(self) -> str:
        if self.case is not None:
            return self.case.reference
        return self.email.reference if self.email is not None else ""


def receive_email(raw: bytes, *, now: datetime | None = None) -> InboundResult:
    """Handle one RFC 822 message, whichever way it came in."""
    now = now or timezone.now()
    if len(raw) > settings.INBOUND_EMAIL_MAX_BYTES:
        detail = f"{len(raw):,} bytes; the limit is {settings.INBOUND_EMAIL_MAX_BYTES:,} (INBOUND_EMAIL_MAX_BYTES)."
        return quarantine(ContentFile(raw), QuarantineReason.TOO_LARGE, detail, now=now)
    try:
        parsed = parse_email(raw)
    except Unreadable as problem:
        return quarantine(ContentFile(raw), problem.reason, problem.detail, now=now)
    existing = _already_received(parsed.message_id)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _accept(parsed, raw, now)
    except IntegrityError:
        # Another fetch or POST recorded this Message-ID between our check and our insert.
        existing = _already_received(parsed.message_id)
        if existing is None:
            raise
        return existing


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def receive_email_stream(stream: Readable, *, chunk_size: int = 1 << 20) -> InboundResult:
    """Like receive_email, for a request body: an oversized message is spooled to disk, never held whole in memory."""
    limit = settings.INBOUND_EMAIL_MAX_BYTES
    head = stream.read(limit + 1)
    if len(head) <= limit:
        return receive_email(head)
    with tempfile.TemporaryFile() as spool:
        spool.write(head)
        while chunk := stream.read(chunk_size):
            spool.write(chunk)
        size = spool.tell()
        spool.seek(0)
        detail = f"{size:,} bytes; the limit is {limit:,} (INBOUND_EMAIL_MAX_BYTES)."
        return quarantine(File(spool), QuarantineReason.TOO_LARGE, detail, now=timezone.now())


def _already_received(message_id: str) -> InboundResult | None:
    email = InboundEmail.objects.select_related("contact", "case").filter(message_id=message_id).first()
    if email is None:
        return None
    return InboundResult(InboundOutcome.DUPLICATE, email=email, contact=email.contact, case=email.case)


def quarantine(content: File, reason: QuarantineReason, detail: str, *, now: datetime) -> InboundResult:
    """Keep a message that cannot be handled, with why; the same bytes twice make one row."""
    digest, size = hashlib.sha256(), 0
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    existing = QuarantinedEmail.objects.filter(sha256=digest.hexdigest()).first()
    if existing is None:
        head = headline(content.read(65536))
        content.seek(0)
        try:
            with transaction.atomic():
                existing = QuarantinedEmail.objects.create(
                    sha256=digest.hexdigest(),
                    reason=reason,
                    detail=detail,
                    message_id=head.message_id,
                    from_address=head.from_address,
                    subject=head.subject,
                    raw=File(content, name="message.eml"),
                    size_bytes=size,
                    received_at=now,
                )
        except IntegrityError:
            existing = QuarantinedEmail.objects.get(sha256=digest.hexdigest())
        logger.warning("Quarantined an inbound email (%s): %s", reason, detail)
    return InboundResult(InboundOutcome.QUARANTINED, quarantined=existing)


# --- accepting a readable email -----------------------------------------------------------------------------------


def _accept(parsed: ParsedEmail, raw: bytes, now: datetime) -> InboundResult:
    email = InboundEmail.objects.create(
        message_id=parsed.message_id,
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        received_at=now,
        body_text=parsed.text,
        raw=ContentFile(raw, name="message.eml"),
        size_bytes=len(raw),
        defects=parsed.defects,
    )
    for attachment in parsed.attachments:
        InboundAttachment.objects.create(
            email=email,
            file=ContentFile(attachment.content, name=attachment.filename),
            filename=attachment.filename,
            content_type=attachment.content_type[:100],
            size_bytes=len(attachment.content),
        )
    case = _case_replied_to(parsed)
    if case is not None:
        return _add_to_case(email, parsed, case, now)
    return _log_as_contact(email, parsed, now)


def _case_replied_to(parsed: ParsedEmail) -> Case | None:
    """The case the email quotes, if it comes from that case's customer or representative."""
    reference = parsed.case_reference()
    if reference is None:
        return None
    case = Case.objects.select_related("customer", "representative", "lead_officer", "current_stage__handler")
    found = case.filter(reference=reference).first()
    if found is None:
        return None
    sender = parsed.from_address.lower()
    known = {found.customer.email if found.customer else "", found.representative.email if found.representative else ""}
    return found if sender in {address.lower() for address in known if address} else None


def _attachment_lines(parsed: ParsedEmail) -> str:
    if not parsed.attachments:
        return ""
    listed = ", ".join(f"{item.filename} ({max(len(item.content) // 1024, 1)} KB)" for item in parsed.attachments)
    return f"\n\nAttachments: {listed}"


def _add_to_case(email: InboundEmail, parsed: ParsedEmail, case: Case, now: datetime) -> InboundResult:
    text = parsed.text
    if len(text) > TIMELINE_TEXT_LIMIT:
        text = text[:TIMELINE_TEXT_LIMIT] + "\n\n(The rest is in the original email.)"
    event = events.record(
        case,
        EventKind.EMAIL_RECEIVED,
        f"Email from {parsed.from_name or parsed.from_address}: {parsed.subject}\n\n{text}{_attachment_lines(parsed)}",
        actor=None,
        data={
            "inbound": str(email.token),
            "from": parsed.from_address,
            "subject": parsed.subject,
            "attachments": [item.filename for item in parsed.attachments],
        },
        visible_to_customer=True,  # the customer's own words, from their own address
        occurred_at=now,
    )
    InboundEmail.objects.filter(pk=email.pk).update(case=case, contact=case.contact, event=event)
    email.case, email.contact, email.event = case, case.contact, event
    _tell_handler(email, parsed, case)
    _auto_reply(email, parsed, "auto_reply_case", case=case, reference=case.reference, now=now)
    return InboundResult(InboundOutcome.CASE_REPLY, email=email, contact=case.contact, case=case)


def _tell_handler(email: InboundEmail, parsed: ParsedEmail, case: Case) -> None:
    stage = case.current_stage
    officer = (stage.handler if stage else None) or case.lead_officer
    organisation = current_organisation()
    recipient = person_recipient(officer, "You handle this case.") or mailbox_recipient(
        organisation, "The case's handler has no email address."
    )
    if recipient is None:
        logger.warning("Nobody to tell about the email on %s: no handler email and no complaints mailbox", case.pk)
        return
    queue_staff_email_once(
        key=f"email_received:{email.pk}",
        template="staff_email_received",
        recipient=recipient,
        case=case,
        context={
            "reference": case.reference,
            "case_title": case.title,
            "sender": f"{parsed.from_name} <{parsed.from_address}>" if parsed.from_name else parsed.from_address,
            "subject": parsed.subject,
            "excerpt": parsed.text[:1000],
            "attachment_count": len(parsed.attachments),
            "case_url": settings.PUTRIGHT_SITE_URL + reverse("cases:detail", args=[case.reference]),
        },
        organisation=organisation,
    )


def _customer_for(parsed: ParsedEmail) -> Customer:
    """The customer with this address, or a new one named as the email names them (triage can correct it)."""
    existing = (
        Customer.objects.filter(email__iexact=parsed.from_address, anonymised_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None:
        return existing
    first, _, last = parsed.from_name.strip().rpartition(" ")
    return Customer.objects.create(
        first_name=first[:100],
        last_name=(last or parsed.from_address.split("@", 1)[0])[:100],
        email=parsed.from_address if len(parsed.from_address) <= 254 else "",
    )


def _log_as_contact(email: InboundEmail, parsed: ParsedEmail, now: datetime) -> InboundResult:
    sender = f"{parsed.from_name} <{parsed.from_address}>" if parsed.from_name else parsed.from_address
    quoted = parsed.case_reference()
    note = f"\n\n(Quotes {quoted}, but was not sent from that case's customer's address.)" if quoted else ""
    contact = log_contact(
        channel=Channel.EMAIL,
        received_at=now,
        raw_text=f"From: {sender}\n\n{parsed.text}{_attachment_lines(parsed)}{note}",
        subject=(parsed.subject or "(no subject)")[:200],
        customer=_customer_for(parsed),
        actor=None,
    )
    InboundEmail.objects.filter(pk=email.pk).update(contact=contact)
    email.contact = contact
    _auto_reply(email, parsed, "auto_reply_new", case=None, reference=email.reference, now=now)
    return InboundResult(InboundOutcome.CONTACT, email=email, contact=contact)


def _auto_reply(
    email: InboundEmail, parsed: ParsedEmail, template: str, *, case: Case | None, reference: str, now: datetime
) -> None:
    if parsed.is_automated or is_our_own(parsed.from_address):
        return
    recent = OutboundMessage.objects.filter(
        template_name__startswith="auto_reply_", to_address__iexact=parsed.from_address
    ).filter(created_at__gte=now - timedelta(days=1))
    if recent.count() >= AUTO_REPLIES_PER_DAY:
        return
    organisation = current_organisation()
    queue_message_once(
        dedupe_key=f"auto_reply:{email.pk}",
        case=case,
        template_name=template,
        destination=Destination(MessageChannel.EMAIL, parsed.from_name, parsed.from_address),
        language=MessageLanguage.ENGLISH,
        context={
            "organisation_name": organisation.name,
            "organisation_email": organisation.complaints_email,
            "organisation_phone": organisation.complaints_phone,
            "recipient_name": parsed.from_name,
            "reference": reference,
            "subject": parsed.subject,
            "received_at": timezone.localtime(now),
        },
        extra_headers={
            "Auto-Submitted": "auto-replied",  # RFC 3834: other robots must not answer this
            "In-Reply-To": parsed.message_id,
            "References": parsed.message_id,
        },
    )
