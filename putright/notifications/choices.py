"""How a message goes out and where it stands. Stored values are lowercase; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Letter")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # waiting to be sent; `next_attempt_at` says when it may be tried
    SENDING = "sending", _("Sending")  # claimed by one worker; `claimed_at` says when (stale claims are retried)
    SENT = "sent", _("Sent")  # handed to the mail server or Notify, or the letter PDF is ready to post
    FAILED = "failed", _("Failed")  # gave up after the maximum attempts; staff see it and may retry


class MessageLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class QuarantineReason(models.TextChoices):
    MALFORMED = "malformed", _("Malformed")  # the MIME structure is broken, or it is not an email at all
    TOO_LARGE = "too_large", _("Too large")  # bigger than INBOUND_EMAIL_MAX_BYTES
    UNDECODABLE = "undecodable", _("Undecodable")  # its text is not in the character set it claims
    NO_SENDER = "no_sender", _("No sender")  # no From address to log or reply to
    EMPTY = "empty", _("Empty")  # no subject, no text and no attachments


class InboundOutcome(models.TextChoices):
    CONTACT = "contact", _("Logged as a contact for triage")
    CASE_REPLY = "case_reply", _("Added to a case")
    DUPLICATE = "duplicate", _("Already received")
    QUARANTINED = "quarantined", _("Quarantined")
