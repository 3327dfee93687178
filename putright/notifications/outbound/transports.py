"""The slow part: handing one claimed message to the mail server or Notify, or rendering its letter.

No database access here. A worker keeps its SMTP connection open between messages that follow each other closely
(a queue being drained), so a burst costs one connection, not one per message; see `MailConnection`.
"""

from __future__ import annotations

import atexit
import contextlib
import email.policy
import smtplib
import threading
import time
from email.message import EmailMessage
from email.policy import Policy
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives

from putright.core.pdf import html_to_pdf
from putright.notifications.choices import MessageChannel
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.addresses import reply_to_address, sending_address
from putright.notifications.outbound.errors import PermanentError


class MailConnection(threading.local):
    """This thread's open connection to the mail server, reused while messages keep coming.

    A connection is closed and a new one opened when it has been idle for IDLE_LIMIT seconds, when it has carried
    MESSAGES_PER_CONNECTION messages (servers limit that), or when MAILERS changes. One idle for more than a second is
    checked with NOOP first, so a connection the server has dropped is replaced before a message is trusted to it.
    Any failure while sending closes it, so the next message starts afresh (and the failed one is retried later).
    """

    IDLE_LIMIT = 30.0
    CHECK_AFTER = 1.0
    MESSAGES_PER_CONNECTION = 100

    def __init__(self) -> None:
        self.mailer: Any = None
        self.key: tuple[str, str] = ("", "")
        self.last_used = 0.0
        self.sent_count = 0

    def send(self, email: EmailMultiAlternatives, alias: str) -> None:
        mailer = self._open(alias)
        try:
            mailer.send_messages([email])
        except BaseException:
            self.close()
            raise
        self.last_used = time.monotonic()
        self.sent_count += 1

    def _open(self, alias: str) -> Any:
        key = (alias, repr(settings.MAILERS.get(alias)))
        idle = time.monotonic() - self.last_used
        if self.mailer is not None and (
            key != self.key
            or idle > self.IDLE_LIMIT
            or self.sent_count >= self.MESSAGES_PER_CONNECTION
            or (idle > self.CHECK_AFTER and not self._answers())
        ):
            self.close()
        if self.mailer is None:
            mailer = mail.mailers[alias]
            mailer.open()  # the SMTP backend keeps the connection open until close(); others ignore this
            self.mailer, self.key, self.sent_count = mailer, key, 0
        return self.mailer

    def _answers(self) -> bool:
        connection = getattr(self.mailer, "connection", None)
        if connection is None:
            return True  # not an SMTP backend (console, locmem): nothing to check
        try:
            return connection.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    def close(self) -> None:
        mailer, self.mailer = self.mailer, None
        # The server may have gone already: nothing is lost by not saying goodbye.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            if mailer is not None:
                mailer.close()


_connection = MailConnection()
atexit.register(_connection.close)


# SMTP's limit on a line (RFC 5321). A body whose lines all fit goes as it is (7bit or 8bit), so the raw message (and
# `make run`'s console) reads as written, links included; a longer line is sent as quoted-printable, which wraps it.
SMTP_LINE_LIMIT = 998


class WholeLinesEmail(EmailMultiAlternatives):
    """Django's own email, its bodies' encoding chosen against SMTP's line limit.

    The email package picks a body's encoding against the policy's `max_line_length`, 78 in the SMTP policy the
    backend passes: a sign-in link longer than that would be sent quoted-printable and cut by soft line breaks in the
    raw message. Here the bodies are measured against 998; headers are still folded at 78, as the policy given says.
    """

    def message(self, *, policy: Policy | None = None) -> EmailMessage:
        policy = policy or email.policy.default
        built = super().message(policy=policy.clone(max_line_length=SMTP_LINE_LIMIT))
        for part in built.walk():
            part.policy = policy  # headers are folded when the message is written out, by its policy
        return built


def check_headers(outgoing: EmailMultiAlternatives) -> None:
    """Every header of an outbox email is checked here, before Django builds it; a bad one fails the message for
    good (Django's builder would raise a ValueError, which is retried like a mail server being down):
    - no line break in any header: it would start a header of its own (header injection);
    - every address has a domain and a local part in ASCII (we do not send with SMTPUTF8); a domain outside ASCII is
      written in punycode by Django's builder."""
    addresses = [str(outgoing.from_email), *map(str, outgoing.to), *map(str, outgoing.reply_to)]
    for value in [str(outgoing.subject), *map(str, outgoing.extra_headers.values()), *addresses]:
        if "\n" in value or "\r" in value:
            raise PermanentError(f"A header may not contain a line break: {value[:80]!r}")
    for value in addresses:
        local, _at, domain = parseaddr(value)[1].rpartition("@")
        if not local or not domain or not local.isascii():
            raise PermanentError(f"{value!r} is not an email address this service can send to.")


def email_for(message: OutboundMessage) -> WholeLinesEmail:
    """The email for an outbox row, with the row's own Message-ID, so a resend is recognisably the same mail."""
    if not message.to_address.strip():
        raise PermanentError("There is no email address to send to.")
    reply_to = reply_to_address()
    outgoing = WholeLinesEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=sending_address(),
        to=[message.to_address.strip()],
        reply_to=[reply_to] if reply_to else [],
        headers={**message.extra_headers, "Message-ID": message.message_id},
    )
    if message.body_html:
        outgoing.attach_alternative(message.body_html, "text/html")
    check_headers(outgoing)
    return outgoing


def send_email(message: OutboundMessage) -> str:
    """Send through the MAILERS setting."""
    _connection.send(email_for(message), getattr(settings, "PUTRIGHT_MAILER", "default"))
    return ""


def render_letter(message: OutboundMessage) -> None:
    """Render the letter to PDF and keep it with the message: staff and the customer download it, and it is posted."""
    pdf = html_to_pdf(message.body_html)
    message.document.save(f"{message.token}.pdf", ContentFile(pdf), save=False)


def deliver_one(message: OutboundMessage) -> str:
    """Send the message through the configured provider; return the provider's reference, if any.

    A letter is rendered first, once: a later attempt posts the PDF an earlier one rendered (the outbox keeps it).
    """
    if message.is_letter and not message.document:
        render_letter(message)
    if settings.MESSAGE_PROVIDER == "notify":
        from putright.notifications.outbound import notify  # imported here: only Notify needs its client and requests

        return notify.send(message)
    if message.channel == MessageChannel.EMAIL:
        return send_email(message)
    if message.channel == MessageChannel.LETTER:
        return ""  # the PDF is ready for the council's print room
    raise PermanentError(
        f"Messages by {message.get_channel_display().lower()} are sent only through GOV.UK Notify "
        "(MESSAGE_PROVIDER=notify), which is not set up."
    )
