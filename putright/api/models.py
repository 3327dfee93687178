"""API keys for the systems around PutRight, and the webhooks it sends them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.api.choices import DeliveryStatus, Scope, WebhookEvent
from putright.cases.models import Case, Contact, TimelineEvent
from putright.organisation.models import ServiceArea

USER = settings.AUTH_USER_MODEL


class APIKey(models.Model):
    """One system's key (a CRM, a housing system, a "report it" site). Only the SHA-256 of the secret is kept.

    The key is `<prefix>.<secret>`; the prefix finds the row, the hash checks the secret. It is shown once, when made.
    """

    name = models.CharField(_("system"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    services = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="+",
        verbose_name=_("services"),
        help_text=_("The services whose cases the key may read and log. None chosen: every service."),
    )
    may_see_restricted = models.BooleanField(
        _("may see restricted cases"),
        default=False,
        help_text=_("Restricted (social care) cases of its services go to this system too."),
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def service_ids(self) -> list[int]:
        return [service.pk for service in self.services.all()]

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """A URL told about case events. The signing secret is kept in clear: PutRight must sign with it."""

    name = models.CharField(_("system"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list, help_text=_("Which events to send."))
    secret = models.CharField(_("signing secret"), max_length=100, default=new_webhook_secret)
    services = models.ManyToManyField(
        ServiceArea,
        blank=True,
        related_name="+",
        verbose_name=_("services"),
        help_text=_("Only cases of these services. None chosen: every service."),
    )
    may_see_restricted = models.BooleanField(
        _("may receive restricted cases"),
        default=False,
        help_text=_("Restricted (social care) cases are sent only to subscriptions allowed them."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook subscription")

    def __str__(self) -> str:
        return f"{self.name}: {self.url}"

    def follows(self, event: str) -> bool:
        return event in self.events

    def service_ids(self) -> list[int]:
        return [service.pk for service in self.services.all()]


class WebhookDelivery(models.Model):
    """One event for one subscription: written in the event's transaction, sent and retried by the worker."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=30, choices=WebhookEvent.choices)
    # CASCADE: the payload holds case details and goes when a retention run deletes the case.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    timeline_event = models.ForeignKey(
        TimelineEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed by a worker"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    attempts = models.JSONField(_("attempts made"), default=list, blank=True)
    dedupe_key = models.CharField(_("once-only key"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]
        constraints = [
            # The same event for the same subscription is recorded once, however often a job tries.
            models.UniqueConstraint(fields=["subscription", "dedupe_key"], name="webhook_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription.name}"


class Open311Request(models.Model):
    """A service request or complaint sent by a "report it" site over Open311 GeoReport v2, with where it is.

    What the resident wrote becomes a contact for staff to triage; this row keeps the Open311 details beside it.
    """

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="open311_request")
    api_key = models.ForeignKey(APIKey, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    media_url = models.URLField(_("photo"), max_length=500, blank=True)
    attributes = models.JSONField(_("other details"), default=dict, blank=True)
    account_id = models.CharField(_("account"), max_length=100, blank=True)
    device_id = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Open311 request")

    def __str__(self) -> str:
        return f"Open311 request {self.pk} ({self.service})"
