"""The outbox of letters, emails and texts, and the administrators' overrides of their wording."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case, TimelineEvent
from putright.notifications.choices import MessageChannel, MessageLanguage, MessageStatus


def new_message_id() -> str:
    """An RFC 5322 Message-ID, fixed when the row is written so every resend carries the same one."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "putright.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def letter_path(message: OutboundMessage, filename: str) -> str:
    reference = message.case.reference if message.case else "no-case"
    return f"letters/{reference}/{message.token}.pdf"


class OutboundMessage(models.Model):
    """One letter, email or text the council owes a customer, written in the transaction of the change it reports.

    The row is the record of what was said; sending is a separate, retried step (STYLE.md §3, §8). Workers claim a
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
    document = models.FileField(_("letter PDF"), upload_to=letter_path, blank=True)
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
        # Imported here: the placeholder list is built from the context functions, which import the models.
        from putright.notifications.rendering import check_placeholders

        check_placeholders(self)
