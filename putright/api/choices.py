"""What an API key may do and which events a webhook can follow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class WebhookEvent(models.TextChoices):
    CASE_CREATED = "case.created", _("Case created")
    CASE_ACKNOWLEDGED = "case.acknowledged", _("Case acknowledged")
    CASE_RESPONDED = "case.responded", _("Case responded to")
    CASE_ESCALATED = "case.escalated", _("Case escalated")
    CASE_CLOSED = "case.closed", _("Case closed")
    REMEDY_DUE = "remedy.due", _("Remedy due")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
