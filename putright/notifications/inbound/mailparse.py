"""Reading an inbound email: its sender, text, attachments and any case reference. Pure: bytes in, values out.

Uses the standard library's `email` package with the modern policy. A message that cannot be read safely raises
`Unreadable` with the reason, and the caller quarantines it rather than guess.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import errors, policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import parseaddr
from html.parser import HTMLParser

from putright.notifications.choices import QuarantineReason

# Case references as issued by cases.lifecycle (PR-2026-00042); more digits once a year passes 99,999 cases.
CASE_REFERENCE = re.compile(r"\bPR-(\d{4})-(\d{5,})\b", re.IGNORECASE)

# Structural problems after which the parser's view of the parts cannot be trusted.
FATAL_DEFECTS = (
    errors.NoBoundaryInMultipartDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
    errors.MissingHeaderBodySeparatorDefect,
)
# Mail clients label Windows-1252 text "iso-8859-1" or "us-ascii"; browsers decode those labels as Windows-1252
# (WHATWG Encoding Standard), and so do we, so curly quotes and pound signs typed in Outlook survive.
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "windows-1252": "cp1252",
}
AUTOMATED_SENDERS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply")


class Unreadable(Exception):
    """The message cannot be handled as it stands; `reason` is a QuarantineReason."""

    def __init__(self, reason: QuarantineReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ParsedEmail:
    message_id: str
    from_address: str
    from_name: str
    subject: str
    sent_at: datetime | None
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    is_automated: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.subject.strip() or self.text.strip() or self.attachments)

    def case_reference(self) -> str | None:
        """The first case reference in the subject, else in the text, in its canonical form."""
        for source in (self.subject, self.text):
            found = CASE_REFERENCE.search(source)
            if found:
                return f"PR-{found.group(1)}-{found.group(2)}"
        return None


@dataclass(frozen=True)
class Headline:
    """What can be read of a message's headers even when its body cannot be: for the quarantine list."""

    message_id: str = ""
    from_address: str = ""
    subject: str = ""


def headline(raw: bytes) -> Headline:
    try:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw[:65536])
    except Exception:
        return Headline()

    def get(name: str, limit: int) -> str:
        value = headers.get(name)
        return " ".join(str(value).split())[:limit] if value is not None else ""

    return Headline(get("Message-ID", 500), parseaddr(get("From", 1000))[1][:320], get("Subject", 500))


# --- HTML to text -------------------------------------------------------------------------------------------------

BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr", "pre"}
SKIPPED_TAGS = {"script", "style", "head", "title", "template", "noscript"}


class _TextExtractor(HTMLParser):
    """Keeps the words and line breaks of an HTML email; drops tags, scripts, styles and comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in BLOCK_TAGS and tag != "li":  # list items start on their own line already
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees in an HTML email, as plain paragraphs. Nothing of the markup survives."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- parsing ------------------------------------------------------------------------------------------------------


def decode_text(part: EmailMessage) -> str:
    """A text part's content in its declared character set, strictly: a wrong guess is quarantined, not garbled."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    declared = (part.get_content_charset() or "us-ascii").lower()
    if declared in ("us-ascii", "ascii"):
        # Declared ASCII, often carrying UTF-8 or Windows-1252 bytes.
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            declared = "cp1252"
    charset = CHARSET_ALIASES.get(declared, declared)
    try:
        return raw.decode(charset)
    except LookupError as error:
        raise Unreadable(QuarantineReason.UNDECODABLE, f"Unknown character set {declared!r}.") from error
    except UnicodeDecodeError as error:
        raise Unreadable(QuarantineReason.UNDECODABLE, f"The text is not valid {declared}: {error}.") from error


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = decode_text(body)  # type: ignore[arg-type]
    return html_to_text(text) if body.get_content_type() == "text/html" else text.replace("\r\n", "\n").strip()


def _attachment_name(part: EmailMessage, number: int) -> str:
    name = part.get_filename() or ""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()  # never a path, whatever the sender wrote
    return name[:200] or f"attachment-{number}"


def _collect(message: EmailMessage, into: ParsedEmail, depth: int = 0) -> str:
    """The message's text, with forwarded messages' text appended; attachments are added to `into`."""
    text = _body_text(message)
    for part in message.iter_attachments():
        if part.get_content_type() == "message/rfc822" and depth < 5:
            inner = part.get_content()
            if isinstance(inner, EmailMessage):
                header = "\n".join(
                    f"{name}: {inner[name]}" for name in ("From", "Date", "Subject", "To") if inner[name] is not None
                )
                text += f"\n\n---------- Forwarded message ----------\n{header}\n\n" + _collect(inner, into, depth + 1)
                continue
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):
            continue
        number = len(into.attachments) + 1
        into.attachments.append(Attachment(_attachment_name(part, number), part.get_content_type(), content))
    return text.strip()


def _defects(message: EmailMessage) -> list[errors.MessageDefect]:
    found: list[errors.MessageDefect] = []
    for part in message.walk():
        found.extend(part.defects)
        for _name, value in part.items():
            found.extend(getattr(value, "defects", ()))
    return found


def _is_automated(message: EmailMessage, address: str) -> bool:
    """Auto-replies, bounces and mailing lists (RFC 3834): we must not answer them, or two robots loop."""
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto_submitted != "no"
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or message.get("List-Id") is not None
        or message.get("X-Autoreply") is not None
        or str(message.get("Return-Path", "")).strip() == "<>"
        or address.split("@", 1)[0].lower() in AUTOMATED_SENDERS
    )


def parse_email(raw: bytes) -> ParsedEmail:
    """Read one RFC 822 message. Raises Unreadable with the reason when it must be quarantined."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as error:  # the modern parser records defects; anything it raises is a broken message
        raise Unreadable(QuarantineReason.MALFORMED, f"The message cannot be parsed: {error}") from error
    assert isinstance(message, EmailMessage)
    defects = _defects(message)
    fatal = [defect for defect in defects if isinstance(defect, FATAL_DEFECTS)]
    if fatal:
        names = ", ".join(sorted({type(defect).__name__ for defect in fatal}))
        raise Unreadable(QuarantineReason.MALFORMED, f"The message's structure is broken ({names}).")
    try:
        name, address = parseaddr(str(message.get("From", "")))
    except Exception:
        name, address = "", ""
    if "@" not in address:
        raise Unreadable(QuarantineReason.NO_SENDER, "There is no sender's address to log or reply to.")
    message_id = " ".join(str(message.get("Message-ID", "")).split())
    if not message_id:
        # Without one, the same bytes received twice must still be recognised: name the message by its content.
        message_id = f"<sha256.{hashlib.sha256(raw).hexdigest()}@putright.invalid>"
    sent_at = None
    try:
        date_header = message.get("Date")
        sent_at = getattr(date_header, "datetime", None)
    except Exception:
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = None  # "-0000" dates are in no known zone: keep none rather than a wrong one
    parsed = ParsedEmail(
        message_id=message_id[:500],
        from_address=address[:320],
        from_name=name[:200],
        subject=" ".join(str(message.get("Subject", "")).split())[:500],
        sent_at=sent_at,
        text="",
        defects=sorted({type(defect).__name__ for defect in defects}),
        is_automated=_is_automated(message, address),
    )
    parsed.text = _collect(message, parsed)
    if parsed.is_empty:
        raise Unreadable(QuarantineReason.EMPTY, "The message has no subject, no text and no attachments.")
    return parsed
