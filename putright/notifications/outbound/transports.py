"""The slow part: handing one claimed message to the mail server or Notify, or rendering its letter.

No database access here. A worker keeps its SMTP connection open between messages that follow each other closely
(a queue being drained), so a burst costs one connection, not one per message; see `MailConnection`.
"""

from __future__ import annotations

import atexit
import contextlib
import smtplib
import threading
import time
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import compat32
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.utils.encoding import punycode

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


# A body goes as it is (7bit or 8bit) when every line fits SMTP's 998 characters, so the raw message (and `make
# run`'s console) reads as written, links included; otherwise as quoted-printable, which wraps long lines.
_UTF8_AS_IS = Charset("utf-8")
_UTF8_AS_IS.body_encoding = None  # type: ignore[assignment]  # None: 7bit or 8bit, as documented
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP
SMTP_LINE_LIMIT = 998
# Lines end in CRLF, as SMTP requires: backends serialise with the message's own policy.
_SMTP_COMPAT32 = compat32.clone(linesep="\r\n")


def _one_line(value: str, what: str) -> str:
    """Every header passes here: a line break would start a header of its own (header injection), so it is refused,
    as Django's builder refuses it."""
    if "\n" in value or "\r" in value:
        raise PermanentError(f"{what} may not contain a line break: {value[:80]!r}")
    return value


def _set_header(email: Message, name: str, value: str) -> None:
    """Set a header; words outside ASCII are encoded (RFC 2047) and folded by the message itself."""
    _one_line(value, "A header value")
    # A compat32 message takes a Header object as a value; typeshed only knows about str.
    email[name] = value if value.isascii() else Header(value, "utf-8")  # type: ignore[assignment]


def _address(value: str) -> str:
    """The address for a header: the domain in punycode (as Django writes it), a display name encoded if needed."""
    name, address = parseaddr(_one_line(value, "An address"))
    local, _at, domain = address.rpartition("@")
    if not local or not domain or not local.isascii():
        raise PermanentError(f"{value!r} is not an email address this service can send to.")
    address = f"{local}@{punycode(domain)}"
    return formataddr((name, address), charset="utf-8") if name else address


def _text_part(text: str, subtype: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype, policy=_SMTP_COMPAT32)
    fits = all(len(line.encode()) <= SMTP_LINE_LIMIT for line in text.splitlines())
    part.set_payload(text, charset=_UTF8_AS_IS if fits else _UTF8_QP)
    return part


class OutboxEmail(EmailMultiAlternatives):
    """An outbox email built with the standard library's compat32 MIME classes.

    Django 6's builder goes through the email package's header registry, which parses every header it sets: about
    2 ms of CPU per email against 0.5 ms here, which takes one worker under 200 messages a second (`make bench`
    measures both and says when Django's would do; README, "Sending figures"). An outbox email is simple (plain
    text, an optional HTML alternative, a few headers PutRight writes itself). Line breaks in a header are refused
    (`_one_line`), as Django's builder refuses them.
    """

    # The SMTP backend passes its policy; a compat32 message serialises the same bytes for it without one.
    def message(self, *, policy: Any = None) -> Message:  # type: ignore[override]  # any Message serialises
        if self.cc or self.bcc or self.reply_to or self.attachments:
            raise PermanentError("An outbox email has no copies, reply-to or attachments; this builder drops them.")
        plain = _text_part(str(self.body), "plain")
        email: Message = plain
        if self.alternatives:
            email = MIMEMultipart("alternative", policy=_SMTP_COMPAT32)
            email.attach(plain)
            for content, mimetype in self.alternatives:
                email.attach(_text_part(str(content), mimetype.split("/", 1)[1]))
        _set_header(email, "Subject", str(self.subject))
        email["From"] = _address(str(self.from_email))
        email["To"] = ", ".join(_address(str(address)) for address in self.to)
        email["Date"] = formatdate(localtime=True)
        for name, value in self.extra_headers.items():
            _set_header(email, name, str(value))
        return email


def send_email(message: OutboundMessage) -> str:
    """Send through the MAILERS setting with the row's own Message-ID, so a resend is recognisably the same mail."""
    if not message.to_address.strip():
        raise PermanentError("There is no email address to send to.")
    reply_to = reply_to_address()
    email = OutboxEmail(
        subject=message.subject,
        body=message.body_text,
        from_email=sending_address(),
        to=[message.to_address.strip()],
        headers={
            **({"Reply-To": reply_to} if reply_to else {}),
            **message.extra_headers,
            "Message-ID": message.message_id,
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    _connection.send(email, getattr(settings, "PUTRIGHT_MAILER", "default"))
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
