"""The outbox of letters, emails and texts, and the administrators' overrides of their wording."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case, Contact, TimelineEvent
from putright.notifications.choices import MessageChannel, MessageLanguage, MessageStatus, QuarantineReason
from putright.notifications.outbound.placeholders import check_placeholders


def new_message_id() -> str:
    """An RFC 5322 Message-ID, fixed when the row is written so every resend carries the same one."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "putright.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def letter_path(message: OutboundMessage, filename: str) -> str:
    reference = message.case.reference if message.case else "no-case"
    return f"letters/{reference}/{message.token}.pdf"


class OutboundMessage(models.Model):
    """One letter, email or text the council owes a customer, written in the transaction of the change it reports.

    The row is the record of what was said; sending is a separate, retried step. Workers claim a
    row by moving it from queued to sending with a conditional UPDATE, so two workers never send it twice; a claim
    older than the stale limit means the worker died, and the sweep sends it again with the same `message_id`.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # CASCADE: the message holds the customer's personal data and goes when a retention run deletes the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="messages")
    event = models.ForeignKey(
        TimelineEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        help_text=_("The timeline event that caused the message."),
    )
    template_name = models.CharField(_("template"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=MessageLanguage.choices, default=MessageLanguage.ENGLISH
    )
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    to_address = models.TextField(
        _("to"), blank=True, help_text=_("An email address, a phone number, or a postal address for a letter.")
    )
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed by a worker"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True, default=new_message_id)
    provider_reference = models.CharField(
        _("provider reference"), max_length=100, blank=True, help_text=_("GOV.UK Notify's id for the message.")
    )
    delivery_status = models.CharField(
        _("delivery receipt"),
        max_length=30,
        blank=True,
        help_text=_("What GOV.UK Notify last reported: delivered, or why it could not deliver the message."),
    )
    delivery_status_at = models.DateTimeField(_("receipt received"), null=True, blank=True)
    document = models.FileField(_("letter PDF"), upload_to=letter_path, blank=True)
    dedupe_key = models.CharField(
        _("once-only key"),
        max_length=200,
        blank=True,
        help_text=_("Set for messages a job may try to record twice (a daily alert): the second is refused."),
    )
    extra_headers = models.JSONField(
        _("extra email headers"), default=dict, blank=True, help_text=_("For example Auto-Submitted on auto-replies.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound message")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["case", "created_at"], name="message_case_idx"),
        ]
        constraints = [
            # One message of each kind per event: recording the same event's messages twice adds nothing.
            models.UniqueConstraint(
                fields=["event", "template_name"],
                condition=models.Q(event__isnull=False),
                name="message_unique_per_event",
            ),
            # A daily alert or an auto-reply is recorded once, however many schedulers or fetches try.
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~models.Q(dedupe_key=""), name="message_unique_dedupe_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_name} ({self.get_channel_display()}) to {self.recipient_name or self.to_address}"

    @property
    def is_letter(self) -> bool:
        return self.channel == MessageChannel.LETTER

    @property
    def has_failed(self) -> bool:
        return self.status == MessageStatus.FAILED


class MessageTemplate(models.Model):
    """An administrator's own wording for one message in one language, used instead of the built-in files.

    Subject and bodies use Django template syntax with the same placeholders as the built-in templates;
    saving refuses a placeholder the message does not provide.
    """

    name = models.CharField(_("message"), max_length=60)
    language = models.CharField(
        _("language"), max_length=2, choices=MessageLanguage.choices, default=MessageLanguage.ENGLISH
    )
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True, help_text=_("Leave empty to use the text, as paragraphs."))
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "language"]
        verbose_name = _("message template")
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="message_template_unique_name_language"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_language_display()})"

    def clean(self) -> None:
        check_placeholders(self)


def inbound_path(instance: InboundEmail | QuarantinedEmail, filename: str) -> str:
    day = timezone.now()
    return f"inbound/{day:%Y/%m}/{instance.token}/{get_valid_filename(filename) or 'message.eml'}"


def attachment_path(attachment: InboundAttachment, filename: str) -> str:
    day = timezone.now()
    return f"inbound/{day:%Y/%m}/{attachment.email.token}/{get_valid_filename(filename) or 'attachment'}"


class InboundEmail(models.Model):
    """An email the council received (by IMAP or from the mail provider), kept as it came, and what became of it.

    A new email becomes a contact for triage; a reply quoting a case reference from the case's customer is added
    to that case's timeline. `message_id` is unique, so the same email received twice is handled once.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=500, unique=True)
    from_address = models.CharField(_("from"), max_length=320)
    from_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("date in the email"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))
    body_text = models.TextField(_("text"), blank=True)
    raw = models.FileField(_("original message"), upload_to=inbound_path)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    defects = models.JSONField(_("problems found in the message"), default=list, blank=True)
    # PROTECT: the email is the evidence of what the customer sent; retention deletes it with the contact.
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_emails")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="inbound_emails")
    event = models.ForeignKey(TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound email")
        indexes = [models.Index(fields=["from_address", "received_at"], name="inbound_from_idx")]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"

    @property
    def reference(self) -> str:
        """What the automatic reply gives a new email's sender to quote, until triage gives it a case reference."""
        return f"EM-{self.received_at:%Y}-{self.pk:06d}"


class InboundAttachment(models.Model):
    """A file attached to an inbound email, stored as it came."""

    email = models.ForeignKey(InboundEmail, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ["email", "id"]
        verbose_name = _("inbound attachment")

    def __str__(self) -> str:
        return self.filename


class QuarantinedEmail(models.Model):
    """An inbound message that could not be handled (malformed, too large, undecodable, empty), kept for a person.

    Nothing that arrives is dropped: the original bytes are stored with the reason, and `sha256` stops the same
    bytes being quarantined twice when a mailbox is fetched again.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the message"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=QuarantineReason.choices)
    detail = models.TextField(_("details"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    raw = models.FileField(_("original message"), upload_to=inbound_path)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))
    received_at = models.DateTimeField(_("received"))
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)
    resolved_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("quarantined email")

    def __str__(self) -> str:
        return f"{self.reason}: {self.from_address or 'unknown sender'} {self.subject}"


class InboundText(models.Model):
    """A text message a customer sent to the council's GOV.UK Notify number, kept as it came, and where it went.

    `notify_id` is unique, so a callback Notify repeats is handled once.
    """

    notify_id = models.CharField(_("Notify's id"), max_length=100, unique=True)
    source_number = models.CharField(_("from"), max_length=40)
    destination_number = models.CharField(_("to"), max_length=40, blank=True)
    message = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received"))
    # PROTECT: the text is the evidence of what the customer sent; retention deletes it with the contact.
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="inbound_texts")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="inbound_texts")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound text message")

    def __str__(self) -> str:
        return f"Text from {self.source_number} at {self.received_at:%d %b %Y %H:%M}"
