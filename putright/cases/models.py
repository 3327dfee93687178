"""Contacts (what came in) and cases (what the council does about them), with stages and the timeline."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from putright.cases.choices import (
    ACTIVE_STATUSES,
    CHANNEL_CONTACT,
    CHANNEL_RECEIVED,
    OPEN_STATUSES,
    CallDirection,
    CallOutcome,
    CaseKind,
    CaseStatus,
    Channel,
    EventKind,
    LinkKind,
    Outcome,
    RemedyType,
    StageStatus,
    TimeLimitDecision,
)
from putright.core.choices import field_label
from putright.core.text import day_and_time
from putright.organisation.models import Category, ServiceArea, Team, User
from putright.people.models import Customer, Representative
from putright.procedures.models import ProcedureVersion, StageRule, stage_label

USER = settings.AUTH_USER_MODEL


class Contact(models.Model):
    """Something that came in (a call, letter, email, web form), kept exactly as it arrived.

    Triage turns a contact into one or more cases, or records why it needs none.
    """

    channel = models.CharField(_("how it came in"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    raw_text = models.TextField(_("what they said"))
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts")
    logged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    triage_note = models.TextField(_("triage note"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["triaged_at", "received_at"], name="contact_triage_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} contact of {self.received_at:%d %b %Y}"

    @property
    def received_how(self) -> str:
        """'by email', 'through a councillor or MP': how it came in, as the end of a sentence."""
        return CHANNEL_RECEIVED[Channel(self.channel)]

    @property
    def logged_from(self) -> str:
        """'an email', 'a councillor or MP': what it came as, after "logged from"."""
        return CHANNEL_CONTACT[Channel(self.channel)]


class ReferenceSequence(models.Model):
    """The last case number issued in a year; incremented under a row lock so numbers are never reused."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


# A case the queues show by default: open, or with something still due (a customer waiting on an answered case).
# The lifecycle keeps `next_due_date` empty on a case that is not open unless a customer is waiting.
OPEN = models.Q(status__in=sorted(OPEN_STATUSES))  # written the same way wherever a partial index is to be used
OPEN_OR_OWED = OPEN | models.Q(next_due_date__isnull=False)


# The status and kind as the queues show them on every row (read as values, not cases): what get_status_display()
# and get_kind_display() say, from the labels putright/core/choices.py keeps for each language.
def status_label(status: str) -> str:
    return str(field_label(Case._meta.get_field("status"), status))


def kind_label(kind: str) -> str:
    return str(field_label(Case._meta.get_field("kind"), kind))


class Case(models.Model):
    """One complaint, service request, enquiry, comment or compliment, as triaged from a contact.

    A case follows one procedure version from start to end; its stages carry the deadlines.
    `next_due_date` is kept by the lifecycle so queues sort by what is due next without joins.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    kind_reason = models.TextField(_("why this kind"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="cases")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    representative = models.ForeignKey(
        Representative, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    raised_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_cases",
        help_text=_("The councillor or MP office who raised it for the resident, if any."),
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases")
    categories = models.ManyToManyField(Category, blank=True, related_name="cases")
    title = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("what the customer told us"))
    desired_outcome = models.TextField(_("what the customer wants done"), blank=True)
    definition = models.TextField(
        _("complaint definition"),
        blank=True,
        help_text=_("The officer's understanding of what is complained about (Code 5.6)."),
    )
    lead_officer = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="led_cases")
    is_restricted = models.BooleanField(_("restricted"), default=False)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    ward = models.CharField(_("ward"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    current_stage = models.ForeignKey("Stage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The current stage's handler, kept beside it by the lifecycle (`lifecycle.set_current_stage`) in the same
    # transaction as every change of either, so "My cases" reads the officer's cases from one index in order. Not
    # indexed on its own: the open queues' partial index below starts with it. A person who handles a stage cannot be
    # deleted (`Stage.handler` protects them), so nothing is ever left pointing at nobody.
    current_handler = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    # The current stage's number, kept the same way: the queues' stage filter asks the case, not a join to its stage.
    current_stage_number = models.PositiveSmallIntegerField(_("stage"), null=True, blank=True)
    next_due_date = models.DateField(_("next due"), null=True, blank=True)
    next_due_label = models.CharField(_("what is due next"), max_length=60, blank=True)
    declined_reason = models.TextField(_("why it was declined"), blank=True)
    matter_date = models.DateField(
        _("when the matter happened"),
        null=True,
        blank=True,
        help_text=_("The day it happened, or the day it came to the customer's notice if that was later."),
    )
    imported_from = models.CharField(
        _("imported from"),
        max_length=100,
        blank=True,
        help_text=_("The old system the case was brought in from; empty for cases logged in PutRight."),
    )
    imported_reference = models.CharField(
        _("reference in the old system"),
        max_length=60,
        blank=True,
        help_text=_("Kept so the old reference still finds the case; re-importing the same record updates it."),
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["next_due_date", "received_at"]
        indexes = [
            # The queues' order (next due, then received, then id) after each equality they filter by, so a page is
            # read in order from the index and the database stops after it (it never sorts every closed case).
            models.Index(fields=["status", "next_due_date", "received_at", "id"], name="case_status_order_idx"),
            models.Index(
                fields=["lead_officer", "status", "next_due_date", "received_at", "id"], name="case_lead_order_idx"
            ),
            models.Index(fields=["team", "status", "next_due_date", "received_at", "id"], name="case_team_order_idx"),
            # "Any status" in my cases and the team's queue: every case one person leads, or one team has, in order.
            models.Index(fields=["lead_officer", "next_due_date", "received_at", "id"], name="case_lead_due_order_idx"),
            models.Index(fields=["team", "next_due_date", "received_at", "id"], name="case_team_due_order_idx"),
            models.Index(fields=["next_due_date", "received_at"], name="case_due_idx"),
            # The open queues (the default view of every queue) read only the few cases with something owed.
            models.Index(
                fields=["next_due_date", "received_at", "id"], condition=OPEN_OR_OWED, name="case_open_order_idx"
            ),
            models.Index(
                fields=["lead_officer", "next_due_date", "received_at", "id"],
                condition=OPEN_OR_OWED,
                name="case_open_lead_idx",
            ),
            models.Index(
                fields=["team", "next_due_date", "received_at", "id"], condition=OPEN_OR_OWED, name="case_open_team_idx"
            ),
            models.Index(fields=["current_stage"], condition=OPEN_OR_OWED, name="case_open_stage_idx"),
            # The reports' open complaints by stage (reporting.queries.open_and_overdue): the open cases alone, with
            # every column that count asks of them (whether a complaint, the reader's access, what is due), so
            # they are counted from the index without reading each case.
            models.Index(
                fields=[
                    "kind",
                    "procedure_version",
                    "current_stage_number",
                    "next_due_date",
                    "is_restricted",
                    "service_area",
                    "lead_officer",
                    "id",
                    "status",
                ],
                condition=OPEN,
                name="case_open_complaint_idx",
            ),
            # "My cases": the cases whose current stage the officer handles, open or with the customer owed something.
            models.Index(
                fields=["current_handler", "next_due_date", "received_at", "id"],
                condition=OPEN_OR_OWED,
                name="case_open_handler_idx",
            ),
            # ... and with one status ("closed", "responded"): the few of them still owed something, not every case.
            models.Index(
                fields=["current_handler", "status", "next_due_date", "received_at", "id"],
                condition=OPEN_OR_OWED,
                name="case_open_handler_status_idx",
            ),
            # ... and at one stage.
            models.Index(
                fields=["current_handler", "current_stage_number", "next_due_date", "received_at", "id"],
                condition=OPEN_OR_OWED,
                name="case_open_handler_stage_idx",
            ),
            models.Index(fields=["received_at"], name="case_received_idx"),
            # A postcode exactly, or its start (the search by part of one: `LIKE 'SW1A %'`): pattern ops on
            # PostgreSQL, whose default ones serve `LIKE` only in the "C" collation; a plain index elsewhere.
            models.Index(fields=["postcode"], name="case_postcode_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["imported_reference"], name="case_imported_reference_idx"),
            # The search box matches an old system's reference in any case: UPPER(imported_reference) = UPPER(query).
            # Of imported cases only: over every case, the many empty references make SQLite's statistics say a
            # look-up matches every row, and it read them all instead (cases/search.py asks for the same condition).
            models.Index(
                Upper("imported_reference"),
                condition=~models.Q(imported_reference=""),
                name="case_imported_ref_ci_idx",
            ),
        ]
        constraints = [
            # One case per record of an old system: what makes re-running an import change nothing.
            models.UniqueConstraint(
                fields=["imported_from", "imported_reference"],
                condition=~models.Q(imported_reference=""),
                name="case_unique_imported_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_active(self) -> bool:
        """Still being dealt with: open, or answered while the customer may still come back (`ACTIVE_STATUSES`)."""
        return self.status in ACTIVE_STATUSES

    @property
    def is_complaint(self) -> bool:
        return self.kind == CaseKind.COMPLAINT


class Stage(models.Model):
    """One stage of a case under its procedure, with the dates it must meet and how it ended."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(_("stage"))
    rule = models.ForeignKey(StageRule, on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="handled_stages")
    status = models.CharField(_("status"), max_length=20, choices=StageStatus.choices, default=StageStatus.OPEN)
    received_date = models.DateField(_("clock starts"))
    acknowledge_due_date = models.DateField(_("acknowledge by"), null=True, blank=True)
    acknowledged_date = models.DateField(_("acknowledged"), null=True, blank=True)
    original_response_due_date = models.DateField(_("original response date"))
    statement_agreed_date = models.DateField(
        _("written statement of the complaint agreed"),
        null=True,
        blank=True,
        help_text=_("Children's social care stage 2: the clock counts from this day instead of the request."),
    )
    independent_person = models.CharField(
        _("independent person"),
        max_length=200,
        blank=True,
        help_text=_("Children's social care stage 2: neither a member nor an officer of the council (SI 2006/1738)."),
    )
    panel_meeting_due_date = models.DateField(_("review panel to meet by"), null=True, blank=True)
    panel_met_on = models.DateField(_("review panel met"), null=True, blank=True)
    panel_members = models.TextField(_("review panel members"), blank=True, help_text=_("One name a line."))
    agreed_response_date = models.DateField(
        _("response date agreed at acknowledgement"),
        null=True,
        blank=True,
        help_text=_("Adult social care: agreed with the customer when acknowledging (SI 2009/309 reg 13)."),
    )
    response_due_date = models.DateField(_("respond by"))
    expected_reply_date = models.DateField(
        _("new date we expect to reply"),
        null=True,
        blank=True,
        help_text=_(
            "Given to the customer once the response is late. The response date stays as it was, so reports still "
            "count the response as late."
        ),
    )
    responsible_person = models.CharField(
        _("signed by the responsible person"),
        max_length=200,
        blank=True,
        help_text=_("Adult social care: the responsible person who signed the response (SI 2009/309 reg 14)."),
    )
    due_explanation = models.JSONField(_("why these dates"), default=list)
    definition = models.TextField(_("complaint definition at this stage"), blank=True)
    responded_date = models.DateField(_("responded"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(_("reasons"), blank=True)
    outstanding_actions = models.TextField(_("outstanding actions"), blank=True)
    escalation_closes_date = models.DateField(_("may escalate until"), null=True, blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="stage_unique_number_per_case"),
        ]
        # Reports count stages by the day they were received and answered.
        indexes = [
            models.Index(fields=["received_date"], name="stage_received_idx"),
            models.Index(fields=["responded_date"], name="stage_responded_idx"),
            models.Index(fields=["handler", "status"], name="stage_handler_status_idx"),
            # Who may read a case (cases/access.py) asks whether the reader handled one of its stages: answered from
            # this index alone, whether the database asks it case by case or of all the reader's stages at once.
            models.Index(fields=["handler", "case"], name="stage_handler_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} stage {self.number}"

    @property
    def title(self) -> str:
        """'Stage 2: Investigation', or the rule's own name when it already says its stage."""
        return stage_label(self.number, self.rule.name)

    def is_reply_late(self, today: date) -> bool:
        """Still open and unanswered after its response date (an extension moves that date; a new expected date
        given to the customer does not)."""
        return self.status == StageStatus.OPEN and self.responded_date is None and self.response_due_date < today

    def late_step(self, today: date) -> str:
        """What the open, unanswered stage owes the customer that is already late: "acknowledgement" (its
        acknowledgement date has passed unacknowledged), "response" (`is_reply_late`), or "". The one rule of
        lateness the customer's account, the case page and the new-date action follow."""
        if self.status != StageStatus.OPEN or self.responded_date is not None:
            return ""
        if (
            self.acknowledged_date is None
            and self.acknowledge_due_date is not None
            and self.acknowledge_due_date < today
        ):
            return "acknowledgement"
        return "response" if self.response_due_date < today else ""

    def expected_reply_on(self, today: date) -> date | None:
        """The new date given to the customer for a late acknowledgement or reply, while it is still ahead (today
        counts)."""
        if self.expected_reply_date is None or self.expected_reply_date < today:
            return None
        return self.expected_reply_date


class Extension(models.Model):
    """A new response date for a stage, with the reason and whether the customer agreed (Code 6.4)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="extensions")
    previous_due_date = models.DateField(_("previous date"))
    new_due_date = models.DateField(_("new date"))
    working_days_beyond_original = models.PositiveSmallIntegerField(_("working days beyond the original date"))
    reason = models.TextField(_("reason"))
    agreed_with_customer = models.BooleanField(_("agreed with the customer"))
    customer_agreed_on = models.DateField(_("the customer agreed on"), null=True, blank=True)
    good_reason = models.TextField(
        _("good reason for going beyond the procedure's cap"),
        blank=True,
    )
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted"))

    class Meta:
        ordering = ["granted_at"]

    def __str__(self) -> str:
        return f"{self.stage} extended to {self.new_due_date:%d %b %Y}"


class LateComplaintDecision(models.Model):
    """Whether a complaint made after the procedure's time limit is accepted, why, and who decided."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="late_complaint_decision")
    decision = models.CharField(_("decision"), max_length=10, choices=TimeLimitDecision.choices)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"))

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_decision_display()}"


class Remedy(models.Model):
    """Something the council will do to put things right (Code section 7), tracked to completion.

    A stage's response may offer several. Each has an owner who carries it out by its due date; it is done when
    `completed_date` is set, with the evidence that it was (a payment reference, the corrected record).
    With no owner named, the case's lead officer answers for it.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="remedies")
    remedy_type = models.CharField(_("type"), max_length=30, choices=RemedyType.choices)
    description = models.TextField(_("what will be done"))
    amount = models.DecimalField(_("amount (£)"), max_digits=10, decimal_places=2, null=True, blank=True)
    owner = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_remedies")
    due_date = models.DateField(_("due by"), null=True, blank=True)
    completed_date = models.DateField(_("completed"), null=True, blank=True)
    evidence = models.TextField(_("evidence it was done"), blank=True)
    completed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["stage", "id"]
        verbose_name_plural = _("remedies")
        indexes = [models.Index(fields=["completed_date", "due_date"], name="remedy_outstanding_idx")]

    def __str__(self) -> str:
        return f"{self.get_remedy_type_display()}: {self.description[:40]}"

    @property
    def is_done(self) -> bool:
        return self.completed_date is not None

    def is_overdue_on(self, today: date) -> bool:
        """Not yet done and past its due date (never, without a due date): `outstanding.overdue_on` asked of one."""
        return self.completed_date is None and self.due_date is not None and self.due_date < today


class Contribution(models.Model):
    """A contributing service's part of the response, with its own due date (the lead officer collates)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contributions")
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="contributions")
    requested_from = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="contribution_requests"
    )
    request_note = models.TextField(_("what is needed"))
    due_date = models.DateField(_("due by"))
    contribution = models.TextField(_("contribution"), blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"))

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["requested_from", "received_at", "due_date"], name="contribution_asked_idx")]

    def __str__(self) -> str:
        return f"{self.service_area} for {self.case_id}"

    @property
    def is_outstanding(self) -> bool:
        return self.received_at is None

    def is_overdue_on(self, today: date) -> bool:
        """Not yet received and past its due date: the one rule the case page's tags and "What is due" follow."""
        return self.is_outstanding and self.due_date < today


class CaseLink(models.Model):
    """A relation between two cases: split from, merged into, duplicate of, related to."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    # A split part answered in one response from the case it was split from (chosen when splitting).
    answered_together = models.BooleanField(_("answered together"), default=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case", "kind"], name="case_link_unique"),
            models.CheckConstraint(condition=~models.Q(from_case=models.F("to_case")), name="case_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} {self.kind} {self.to_case_id}"


class CallLog(models.Model):
    """A phone call with the customer about a case (the councils in the seeds call the customer first)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="calls")
    direction = models.CharField(_("direction"), max_length=10, choices=CallDirection.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices)
    occurred_at = models.DateTimeField(_("when"))
    notes = models.TextField(_("what was said"), blank=True)
    logged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Call on {self.occurred_at:%d %b %Y}"


class TimelineEvent(models.Model):
    """Something that happened to a case, written in the same transaction as the change it records.

    `actor` is empty for the system; `data` holds the event's details for letters and reports.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    summary = models.TextField(_("summary"))
    data = models.JSONField(default=dict, blank=True)
    is_visible_to_customer = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "occurred_at"], name="timeline_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"

    @cached_property
    def local_time(self) -> datetime:
        """When it happened, in the site's time zone, as the timeline shows it (`date` filters cost more)."""
        return timezone.localtime(self.occurred_at)

    @property
    def shown_time(self) -> str:
        return day_and_time(self.local_time)


class CustomerRequestQuerySet(models.QuerySet["CustomerRequest"]):
    def waiting(self) -> CustomerRequestQuerySet:
        """Requests staff have still to deal with."""
        return self.filter(done_at__isnull=True, due_date__isnull=False)


class CustomerRequest(models.Model):
    """Something a signed-in customer asked for or told us about a case through their account: work for staff.

    Each row has its timeline event (written in the same transaction), so staff see it on the case; the row keeps
    the customer's own words and, for escalation, the date of the request that staff enter when they escalate.
    A request with a `due_date` and no `done_at` is waiting: the customer is waiting for staff to act on it
    (putright/cases/requests.py sets the date, tells the handler and records who dealt with it). A withdrawal
    is acted on at once, so it is never waiting.
    """

    class Kind(models.TextChoices):
        INFORMATION = "information", _("More information")
        CALLBACK = "callback", _("Call back")
        ESCALATION = "escalation", _("Escalation")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="customer_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("what the customer wrote"), blank=True)
    phone = models.CharField(_("phone to call"), max_length=40, blank=True)
    preferred_times = models.CharField(_("preferred times"), max_length=500, blank=True)
    stage_number = models.PositiveSmallIntegerField(_("stage at the time"), null=True, blank=True)
    email = models.EmailField(_("signed in as"))
    event = models.ForeignKey("cases.TimelineEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    received_date = models.DateField(_("received"), default=timezone.localdate)
    due_date = models.DateField(_("deal with by"), null=True, blank=True)
    done_at = models.DateTimeField(_("dealt with"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(_("what was done"), blank=True)

    objects = CustomerRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("customer request")
        db_table = "portal_customerrequest"  # made by the portal app before the model moved here
        indexes = [
            models.Index(fields=["case", "kind", "created_at"], name="customer_request_case_idx"),
            # The requests queue and the case queues ask "which requests are still waiting, soonest due first".
            models.Index(fields=["done_at", "due_date"], name="customer_request_waiting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id}"

    @property
    def is_waiting(self) -> bool:
        return self.due_date is not None and self.done_at is None

    @property
    def due_label(self) -> str:
        """What the case's 'due next' says while this request is the most urgent thing on it."""
        return WAITING_LABELS.get(self.kind, "Customer request")


WAITING_LABELS: dict[str, str] = {
    CustomerRequest.Kind.INFORMATION: "Customer sent information",
    CustomerRequest.Kind.CALLBACK: "Customer asked for a call back",
    CustomerRequest.Kind.ESCALATION: "Customer asked for the next stage",
}


# Awaab's Law hazards live in their own module; imported here so Django finds the models of the cases app.
from putright.cases.hazards.models import Hazard, HazardMilestone  # noqa: E402, F401


class RootCause(models.Model):
    """One of the organisation's list of root causes, chosen at each response (docs/rules.md, "Root causes")."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_staff_conduct = models.BooleanField(
        _("about a member of staff's conduct"),
        default=False,
        help_text=_("Responses with this cause name the staff complained about; managers see repeated names."),
    )
    is_active = models.BooleanField(_("offered for new responses"), default=True)
    order = models.PositiveSmallIntegerField(_("order in the list"), default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class StageFinding(models.Model):
    """What a stage's response found: the root cause, and the member(s) of staff complained about, if any."""

    stage = models.OneToOneField(Stage, on_delete=models.CASCADE, related_name="finding")
    root_cause = models.ForeignKey(RootCause, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    staff_complained_about: models.ManyToManyField[User, models.Model] = models.ManyToManyField(
        USER, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.stage}: {self.root_cause or 'no root cause'}"


class EarlyResolution(models.Model):
    """A complaint resolved to the customer's satisfaction soon after it came in, before it became formal.

    Only where the case's procedure version allows it (docs/rules.md, "Early resolution"); reports count these
    apart from formal complaints.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="early_resolution")
    how_resolved = models.TextField(_("how it was resolved"))
    resolved_at = models.DateTimeField(_("resolved"))
    resolved_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["resolved_at"], name="early_resolution_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} resolved early"


class TriageModel(models.Model):
    """A model that suggests a new case's service or category from its words, learnt from past cases.

    Kept as numbers in the database (vocabulary, weights), never as a pickle: loading it runs no code.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service")
        CATEGORY = "category", _("Category")

    kind = models.CharField(_("suggests"), max_length=10, choices=Kind.choices)
    trained_at = models.DateTimeField(_("trained"))
    cases_used = models.PositiveIntegerField(_("cases learnt from"))
    cases_held_back = models.PositiveIntegerField(_("cases held back to measure it"))
    accuracy = models.FloatField(_("share of held-back cases it got right"))
    parameters = models.JSONField(_("parameters"))

    class Meta:
        indexes = [models.Index(fields=["kind", "-trained_at"], name="triage_model_latest_idx")]

    def __str__(self) -> str:
        return f"{self.kind} model of {self.trained_at:%Y-%m-%d}"
