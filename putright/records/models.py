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


class InformationRequest(models.Model):
    """A person's request under UK GDPR: a copy of everything held (subject access, art. 15), erasure (art. 17) or
    rectification (art. 16). Each must be answered within one month of receipt (art. 12(3))."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Subject access: a copy of everything held")
        ERASURE = "erasure", _("Erasure")
        RECTIFICATION = "rectification", _("Rectification: correct what is held")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    customer = models.ForeignKey("people.Customer", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received"))
    due_on = models.DateField(_("answer due"))
    details = models.TextField(_("what was asked"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("what was done"), blank=True)
    completed_on = models.DateField(_("answered"), null=True, blank=True)
    # Subject access: words blacked out (third parties' names) and timeline entries, messages or files withheld.
    redact_terms = models.TextField(_("words to black out"), blank=True, help_text=_("One a line."))
    withheld = models.JSONField(_("withheld items"), default=list, blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.customer_id}, due {self.due_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        """Not answered yet: it may still be worked on (redacted, answered, refused)."""
        return self.status == self.Status.OPEN
