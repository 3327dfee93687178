"""What the retention schedule and information rights requests keep of their own: legal holds and erasures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case


class LegalHold(models.Model):
    """A case whose personal data must not be erased (litigation, an ombudsman or police enquiry) until it is lifted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField(_("why it is held"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(lifted_at__isnull=True), name="one_live_hold")
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.case.reference}"


class Erasure(models.Model):
    """A case whose personal data was erased: by the retention schedule or on an erasure request. The case stays,
    as figures."""

    class Why(models.TextChoices):
        RETENTION = "retention", _("retention schedule")
        REQUEST = "request", _("erasure request")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="erasure")
    why = models.CharField(_("why"), max_length=12, choices=Why.choices)
    erased_at = models.DateTimeField(_("erased"))
    rule = models.CharField(_("rule applied"), max_length=200, blank=True)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.case.reference} erased {self.erased_at:%Y-%m-%d}"
