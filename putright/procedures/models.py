"""Complaint procedures as versioned data: stages, what starts each clock, limits and extension caps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.rules import StageRuleData


def stage_label(number: int, name: str) -> str:
    """How a stage is named to people: never "Stage 2: Stage 2 (final response)" or "Stage 2 (Stage 2 ...)"."""
    plain = f"Stage {number}"
    name = name.strip()
    if not name or name.lower() == plain.lower() or name.lower().startswith(plain.lower() + " "):
        return name or plain
    return f"{plain}: {name}"


class Procedure(models.Model):
    """A named way of handling a kind of case (the Joint Code, adult social care ...).

    Which ombudsman a case can go to is not set here: it follows from the case's service and nation and the
    procedure's kind (putright/procedures/ombudsman.py).

    Its rules live in versions; a case keeps the version it started under, so changing a procedure never
    moves the deadlines of cases already running.
    """

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_preset = models.BooleanField(_("preset"), default=False)
    is_complaint_procedure = models.BooleanField(
        _("complaint procedure"),
        default=True,
        help_text=_("False for member enquiries and service requests, which are not counted as complaints."),
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies", verbose_name=_("copied from")
    )
    is_active = models.BooleanField(_("available for new cases"), default=True)
    is_statutory = models.BooleanField(
        _("statutory procedure"),
        default=False,
        help_text=_(
            "On for procedures set by regulations (adult and children's social care), whose regulations define "
            "working days: the organisation's closure days never stop their clock. Off for procedures the "
            "organisation controls, which follow its closure days setting."
        ),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep personal data for (years after closure)"),
        default=6,
        help_text=_(
            "Your retention schedule: this many years after a case closes, its personal data is erased and the "
            "case is kept as figures only (unless a legal hold stops it). Six years is the usual local-government "
            "period for complaint records; social care presets keep them longer."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcedureVersion(models.Model):
    """One fixed set of rules for a procedure. Versions in use by a case are never edited."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    excludes_boxing_day = models.BooleanField(
        _("Boxing Day is never a working day"),
        default=False,
        help_text=_("The children's regulations (SI 2006/1738) name Boxing Day in their definition of a working day."),
    )
    receipt_day_is_day_zero = models.BooleanField(
        _("the day of receipt is day 0"),
        default=True,
        help_text=_(
            "On: '5 working days' means the 5th working day after the day of receipt, as legislation phrases it. "
            "Off: the day of receipt, if a working day, counts as day 1 (the Complaint Handling Code does not say)."
        ),
    )
    late_acknowledgement_delays_response = models.BooleanField(
        _("a late acknowledgement moves the response date later"),
        default=False,
        help_text=_(
            "Off (the default, protecting the resident): a response counted from the acknowledgement is counted "
            "from the day the acknowledgement was due when it was sent late. On: always from the day it was sent."
        ),
    )
    complaint_time_limit_months = models.PositiveSmallIntegerField(
        _("complain within (months of the matter or of the customer becoming aware of it)"),
        null=True,
        blank=True,
        help_text=_("Empty: no time limit. Complaints made later are flagged for a decision to accept or refuse."),
    )
    early_resolution_hours = models.PositiveSmallIntegerField(
        _("early resolution within (hours of receipt)"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: no early resolution. Set, a complaint resolved to the customer's satisfaction within this many "
            "hours, before it is acknowledged, is closed as an early resolution and counted apart. Never for a "
            "Complaint Handling Code procedure (Code 5.2: no informal stage)."
        ),
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.name} (version {self.number})"

    @property
    def stage_count(self) -> int:
        return len(self.stages.all())


class StageRule(models.Model):
    """The timescales of one stage of a procedure version, each traceable to its source."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("stage"))
    name = models.CharField(_("name"), max_length=120)
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days of receipt)"),
        null=True,
        blank=True,
        help_text=_("Empty when the stage has no acknowledgement milestone."),
    )
    respond_amount = models.PositiveSmallIntegerField(_("respond within"))
    respond_unit = models.CharField(
        _("unit"), max_length=20, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAYS
    )
    respond_from = models.CharField(
        _("counted from"), max_length=20, choices=ClockStart.choices, default=ClockStart.RECEIPT
    )
    max_extension_working_days = models.PositiveSmallIntegerField(
        _("longest extension without a recorded good reason (working days)"),
        null=True,
        blank=True,
        help_text=_("Empty: extensions are by agreement with no fixed cap."),
    )
    extension_cap_fixed_by = models.CharField(
        _("the cap is fixed by"),
        max_length=300,
        blank=True,
        help_text=_(
            "The regulation or model procedure that makes the cap a maximum, e.g. 'The Children Act 1989 "
            "Representations Procedure (England) Regulations 2006 (SI 2006/1738) reg 17'. Named: no extension "
            "beyond the cap. Empty: the cap is local, and may be passed with a recorded good reason."
        ),
    )
    extension_needs_agreement = models.BooleanField(
        _("an extension needs the customer's agreement"),
        default=False,
        help_text=_("On where the rules allow a longer period only when agreed with the customer before it ends."),
    )
    response_date_agreed_at_acknowledgement = models.BooleanField(
        _("the response date may be agreed with the customer at acknowledgement"),
        default=False,
        help_text=_(
            "Adult social care: the acknowledgement offers to discuss when the response will be sent; a date agreed "
            "then is the response date, and the period above is the backstop."
        ),
    )
    clock_may_start_at_agreed_statement = models.BooleanField(
        _("the clock may start when the written statement of the complaint is agreed"),
        default=False,
        help_text=_(
            "Children's social care stage 2: counted from the request, or from the day the written record of the "
            "complaint is agreed with the complainant when that is later (recorded on each case)."
        ),
    )
    panel_meets_within_working_days = models.PositiveSmallIntegerField(
        _("a review panel meets within (working days of the request)"),
        null=True,
        blank=True,
        help_text=_("Children's social care stage 3: 30 working days (SI 2006/1738 reg 19). Empty: no panel."),
    )
    escalation_window_amount = models.PositiveSmallIntegerField(
        _("ask for the next stage within"),
        null=True,
        blank=True,
        help_text=_("Empty: the organisation's escalation window applies (none by default)."),
    )
    escalation_window_unit = models.CharField(
        _("unit"), max_length=20, choices=DurationUnit.choices, default=DurationUnit.CALENDAR_DAYS
    )
    escalation_window_from_matter_months = models.PositiveSmallIntegerField(
        _("or within (months of the matter or of the customer becoming aware), if later"),
        null=True,
        blank=True,
        help_text=_(
            "The SPSO and NIPSO model procedures: six months from the event or awareness, or the window above "
            "from this stage's reply, whichever ends later. Empty: only the window above."
        ),
    )
    may_start_here = models.BooleanField(
        _("a complex complaint may start at this stage"),
        default=False,
        help_text=_("The SPSO and NIPSO model procedures let a clearly complex complaint go straight to stage 2."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where the rule comes from."))
    acknowledgement_is_local_practice = models.BooleanField(
        _("the acknowledgement time is local practice"),
        default=False,
        help_text=_(
            "On when no regulation or Code sets the acknowledgement time (children's social care stage 1): "
            "'Why these dates' then says it is the organisation's own practice."
        ),
    )
    timing_not_confirmed = models.CharField(
        _("what is not yet confirmed about these times"),
        max_length=300,
        blank=True,
        help_text=_("Shown with the dates until the timescale is checked against the published text."),
    )

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="stage_rule_unique_number"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """'Stage 2: Investigation'; a name that already says its stage ('Stage 2 (final response)') as it is."""
        return stage_label(self.number, self.name)

    def as_rule(self) -> StageRuleData:
        return StageRuleData(
            procedure_name=self.version.procedure.name,
            stage_number=self.number,
            stage_name=self.name,
            acknowledge_working_days=self.acknowledge_working_days,
            respond_amount=self.respond_amount,
            respond_unit=DurationUnit(self.respond_unit),
            respond_from=ClockStart(self.respond_from),
            max_extension_working_days=self.max_extension_working_days,
            extension_cap_fixed_by=self.extension_cap_fixed_by,
            response_date_agreed_at_acknowledgement=self.response_date_agreed_at_acknowledgement,
            panel_meets_within_working_days=self.panel_meets_within_working_days,
            late_acknowledgement_delays_response=self.version.late_acknowledgement_delays_response,
            escalation_window_amount=self.escalation_window_amount,
            escalation_window_unit=DurationUnit(self.escalation_window_unit),
            receipt_day_is_day_zero=self.version.receipt_day_is_day_zero,
            excludes_boxing_day=self.version.excludes_boxing_day,
            source=self.source,
            acknowledgement_is_local_practice=self.acknowledgement_is_local_practice,
            timing_not_confirmed=self.timing_not_confirmed,
        )
