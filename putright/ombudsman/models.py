"""The ombudsman stage: a complaint taken to an ombudsman, its decision, and what the council must then do."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case
from putright.ombudsman.choices import REFERRABLE, VOCABULARY, Decision, RemedyKind, decisions_for

USER = settings.AUTH_USER_MODEL


def _decision_matches_ombudsman() -> Q:
    """No decision yet, or one from the referral's own ombudsman's vocabulary."""
    allowed = Q(decision="")
    for ombudsman, decisions in VOCABULARY.items():
        allowed |= Q(ombudsman=ombudsman, decision__in=[str(d) for d in decisions])
    return allowed


class OmbudsmanReferral(models.Model):
    """A complaint the customer took to an ombudsman after (or instead of) the council's final response.

    Dates follow the ombudsman's process: when it told us of the complaint (`referred_date`), when its enquiry
    letter arrived and when our reply is due, then its decision. Reports count referrals by `referred_date`
    and decisions by `decision_date`.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ombudsman_referrals")
    ombudsman = models.CharField(_("ombudsman"), max_length=10, choices=REFERRABLE)
    ombudsman_reference = models.CharField(_("ombudsman's reference"), max_length=40, blank=True)
    referred_date = models.DateField(_("date the ombudsman told us of the complaint"))
    enquiry_received_date = models.DateField(_("enquiry received"), null=True, blank=True)
    response_due_date = models.DateField(_("our reply to the enquiry due"), null=True, blank=True)
    responded_date = models.DateField(_("we replied to the enquiry"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=40, choices=Decision.choices, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_summary = models.TextField(_("what the ombudsman found"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-referred_date", "-id"]
        verbose_name = _("ombudsman referral")
        indexes = [
            models.Index(fields=["referred_date"], name="ombudsman_referred_idx"),
            models.Index(fields=["decision_date"], name="ombudsman_decided_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=_decision_matches_ombudsman(), name="ombudsman_decision_in_vocabulary"),
            models.CheckConstraint(
                condition=Q(decision="", decision_date__isnull=True)
                | (~Q(decision="") & Q(decision_date__isnull=False)),
                name="ombudsman_decision_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_ombudsman_display()} {self.ombudsman_reference or self.case_id}"

    def clean(self) -> None:
        if self.decision and self.decision not in decisions_for(self.ombudsman):
            raise ValidationError(
                {
                    "decision": _("%(decision)s is not a decision the %(ombudsman)s makes")
                    % {"decision": Decision(self.decision).label, "ombudsman": self.get_ombudsman_display()}
                }
            )

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class OmbudsmanRemedy(models.Model):
    """Something the ombudsman ordered or recommended, with its due date and the evidence we complied."""

    referral = models.ForeignKey(OmbudsmanReferral, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices, default=RemedyKind.RECOMMENDATION)
    description = models.TextField(_("what we must do"))
    amount = models.DecimalField(_("amount (£)"), max_digits=10, decimal_places=2, null=True, blank=True)
    due_date = models.DateField(_("due by"))
    compliance_evidence = models.TextField(_("evidence of compliance"), blank=True)
    completed_date = models.DateField(_("completed"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("ombudsman remedy")
        verbose_name_plural = _("ombudsman remedies")
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_date__isnull=True) | ~Q(compliance_evidence=""),
                name="ombudsman_remedy_completed_with_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:40]}"

    @property
    def is_complete(self) -> bool:
        return self.completed_date is not None

    @property
    def complied_on_time(self) -> bool:
        return self.completed_date is not None and self.completed_date <= self.due_date
