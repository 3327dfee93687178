"""Hazards in a social tenant's home reported with a case, and the Awaab's Law steps timed for each.

A hazard hangs off the case it was reported with, and keeps its own clocks beside the case's: the Housing
Ombudsman looks at both, so neither is folded into the other (docs/rules-deadlines.md, "Hazards in social housing
(Awaab's Law)"). Written only through `putright.cases.hazards.services`, each change with its timeline event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.organisation.models import Team
from putright.procedures.hazard_clock import STEP_LABELS, Step

USER = settings.AUTH_USER_MODEL
STEP_CHOICES = [(step.value, label) for step, label in STEP_LABELS.items()]


class HazardKind(models.TextChoices):
    DAMP_MOULD = "damp_mould", _("Damp and mould")
    GAS = "gas", _("Gas (a smell of gas, a faulty appliance, carbon monoxide)")
    ELECTRICAL = "electrical", _("Electrics (exposed wiring, sparking, no power)")
    FIRE = "fire", _("Fire safety")
    WATER = "water", _("Water (a leak, flooding, no water)")
    HEATING = "heating", _("No heating or hot water")
    STRUCTURAL = "structural", _("Structure (a collapse, falling masonry)")
    SECURITY = "security", _("Security (a broken entrance door or window)")
    OTHER = "other", _("Something else")


class HazardSeverity(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency hazard")
    SIGNIFICANT = "significant", _("Significant hazard")
    NONE = "none", _("Neither: not an emergency or significant hazard")


class InvestigationFinding(models.TextChoices):
    WORK_NEEDED = "work_needed", _("A hazard that needs work")
    NO_WORK_NEEDED = "no_work_needed", _("No hazard that needs work")


class AccommodationResponse(models.TextChoices):
    WAITING = "waiting", _("Offered, no answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Hazard(models.Model):
    """The officer's decision about a possible hazard, and for an emergency or significant one, its steps."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="hazards")
    kind = models.CharField(_("what kind of hazard"), max_length=20, choices=HazardKind.choices)
    severity = models.CharField(_("severity"), max_length=20, choices=HazardSeverity.choices)
    description = models.TextField(_("what and where"))
    reason = models.TextField(_("why this decision"), blank=True)
    aware_at = models.DateTimeField(_("became aware"))
    confirmed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("decided"))
    owner_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="hazards", verbose_name=_("owner team")
    )
    finding = models.CharField(
        _("what the investigation found"), max_length=20, choices=InvestigationFinding.choices, blank=True
    )
    further_works_reason = models.TextField(
        _("why further work cannot begin within 5 working days"),
        blank=True,
        help_text=_("Recorded when it is not reasonably possible: the work must then begin within 12 weeks."),
    )
    accommodation_offered_at = models.DateTimeField(_("alternative accommodation offered"), null=True, blank=True)
    accommodation_details = models.TextField(_("alternative accommodation offered"), blank=True)
    accommodation_response = models.CharField(
        _("the household's answer"), max_length=20, choices=AccommodationResponse.choices, blank=True
    )

    class Meta:
        ordering = ["case", "aware_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.get_kind_display()}"

    @property
    def is_timed(self) -> bool:
        """Emergency and significant hazards have steps; a decision that it is neither has none."""
        return self.severity != HazardSeverity.NONE


class HazardMilestone(models.Model):
    """One timed step on a hazard: when it is due, why, and when it was done (or that it is not needed)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="milestones")
    step = models.CharField(
        _("step"), max_length=20, choices=[(step.value, label) for step, label in STEP_LABELS.items()]
    )
    due_at = models.DateTimeField(_("due by"))
    due_is_date = models.BooleanField(_("due by the end of the day"), default=True)
    provisional = models.BooleanField(_("counted from the investigation's due date"), default=False)
    explanation = models.JSONField(_("why this date"), default=list)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("what was done"), blank=True)
    not_needed = models.BooleanField(_("not needed"), default=False)

    class Meta:
        ordering = ["hazard", "due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["hazard", "step"], name="hazard_milestone_one_per_step")]
        # The alerts job asks "which steps are not done, soonest due first".
        indexes = [models.Index(fields=["done_at", "not_needed", "due_at"], name="hazard_milestone_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} by {self.due_at:%d %b %Y %H:%M}"

    @property
    def label(self) -> str:
        return STEP_LABELS[Step(self.step)]

    @property
    def is_open(self) -> bool:
        return self.done_at is None and not self.not_needed

    @property
    def was_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at
