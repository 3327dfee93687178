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
