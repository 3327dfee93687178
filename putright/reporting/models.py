"""Report settings (how the figures treat points the regulators leave open) and the annual Code self-assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from putright.core.periods import financial_year, month_or_quarter, quarter
from putright.core.text import long_date
from putright.organisation.models import Organisation, ServiceArea
from putright.people.choices import Tenure
from putright.reporting.choices import AssessmentReason, ReturnKind, StatutoryReport

USER = settings.AUTH_USER_MODEL


class ReportSettings(models.Model):
    """The organisation's choices for its complaint figures (at most one row).

    Each field is a point the regulators' texts leave open; the default is documented on the field and shown
    on the TSM page, so a committee can see what the figures assume.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="report_settings", verbose_name=_("organisation")
    )
    extensions_count_as_within_timescale = models.BooleanField(
        _("responses within an agreed extension count as within timescale"),
        default=True,
        help_text=_(
            "On (the default): a stage answered by its extended response date counts as on time in the headline "
            "figures and TSM CH02, as the Code allows extensions (Complaint Handling Code 2024, paragraph 6.4). The "
            "Regulator's texts do not say whether they count for CH02, so the figure within the original timescale "
            "is always shown too."
        ),
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return f"Report settings for {self.organisation}"


class SelfAssessment(models.Model):
    """One self-assessment against the Complaint Handling Code, in one financial year, with what goes alongside it in
    the annual complaints performance and service improvement report (Code 8.1): a summary of the ombudsman's
    annual letter and the governing body's response.

    Every year has its annual assessment; another is carried out after a significant restructure, merger or change
    in procedures (Code 8.3), so a year may have several, numbered 1, 2 ... in the order they were started. The
    governing body approves each; the year's annual report shows the latest one approved (`approved_on`), or the
    latest one started while none is. The rows are seeded from `reporting.code_provisions` when it is started.
    """

    year = models.PositiveSmallIntegerField(
        _("financial year"), help_text=_("The year the financial year starts in: 2025 for 2025-26.")
    )
    number = models.PositiveSmallIntegerField(_("number in the year"), default=1)
    reason = models.CharField(
        _("why it was carried out"), max_length=20, choices=AssessmentReason.choices, default=AssessmentReason.ANNUAL
    )
    change = models.TextField(
        _("the significant change"),
        blank=True,
        help_text=_("For an assessment after a significant change: the restructure, merger or change in procedures."),
    )
    assessed_on = models.DateField(_("date of the assessment"))
    approved_on = models.DateField(_("approved by the governing body on"), null=True, blank=True)
    ombudsman_letter_summary = models.TextField(
        _("the ombudsman's annual letter"),
        blank=True,
        help_text=_("What the ombudsman's annual review letter said about the council, in summary (Code 8.1)."),
    )
    other_ombudsman_reports = models.TextField(
        _("other relevant ombudsman reports"),
        blank=True,
        help_text=_(
            "Other ombudsman reports and publications relevant to the council in the year (for example special "
            "reports or spotlight reports), and what the council did about them (Code 8.1)."
        ),
    )
    governing_body_response = models.TextField(
        _("the governing body's response"),
        blank=True,
        help_text=_("Published alongside the report (Code 8.2)."),
    )
    governing_body_response_date = models.DateField(_("date of the governing body's response"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("Code self-assessment")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="self_assessment_number_in_year"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(reason="annual"), name="self_assessment_one_annual_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.year}-{(self.year + 1) % 100:02d} number {self.number} ({self.why})"

    @property
    def why(self) -> str:
        """ "annual", or "after a significant change: <the change>"."""
        if self.reason == AssessmentReason.SIGNIFICANT_CHANGE:
            return f"after a significant change: {self.change}" if self.change else "after a significant change"
        return "annual"

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class SelfAssessmentRow(models.Model):
    """One Code provision in a self-assessment: the requirement, whether the council complies, the evidence
    and the commentary (the columns of the Code's Appendix A form, docs/rules.md).

    `complies` is empty until someone has assessed the provision. Where the council does not comply, the
    commentary says what it will do and `comply_by` the date by which it will comply (the Code's Appendix A form asks
    for both).
    """

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="rows")
    section = models.PositiveSmallIntegerField(_("Code section"))
    position = models.PositiveSmallIntegerField(_("order in the section"))
    provision = models.CharField(_("Code provision"), max_length=20)
    requirement = models.TextField(_("Code requirement"))
    source = models.CharField(_("where the requirement is taken from"), max_length=300, blank=True)
    complies = models.BooleanField(_("complies"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    commentary = models.TextField(_("commentary or explanation"), blank=True)
    comply_by = models.DateField(_("date by which the council will comply"), null=True, blank=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["assessment", "section", "position"]
        verbose_name = _("self-assessment row")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "provision"], name="self_assessment_unique_provision"),
        ]

    def __str__(self) -> str:
        return f"{self.provision}: {self.requirement[:40]}"


class ContactVolume(models.Model):
    """How many contacts (calls, emails, visits, online requests ...) one service dealt with in one calendar month or
    quarter, as the service counts them, entered or imported by staff. Complaints per 1,000 contacts divides by it
    (docs/rules.md: complaints by service are "sometimes normalised by service volume").

    A service has at most one figure for any day: a month and the quarter holding it cannot both be entered, so no
    contact is counted twice (the service refuses overlaps; the constraint stops two rows for the same start).
    `entered_by` is whoever last entered or imported the figure.
    """

    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="contact_volumes", verbose_name=_("service")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    contacts_count = models.PositiveIntegerField(_("number of contacts"))
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        ordering = ["start_date", "service_area__name"]
        verbose_name = _("contact volume")
        indexes = [models.Index(fields=["start_date", "end_date"], name="contact_volume_period_idx")]
        constraints = [
            models.UniqueConstraint(fields=["service_area", "start_date"], name="contact_volume_one_per_start"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="contact_volume_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.service_area}: {self.contacts_count} contacts from {self.start_date:%d %b %Y}"

    @property
    def period_kind(self) -> str:
        """ "month", "quarter", or "" for a row made outside PutRight's forms."""
        return month_or_quarter(self.start_date, self.end_date) or ""


class StatutoryReportCommentary(models.Model):
    """What the council says about one year's statutory social care complaints, alongside the figures PutRight
    counts: the matters of general importance arising from them or from how they were handled, and the action
    taken or to be taken to improve services (SI 2009/309 reg 18; the children's annual report
    under SI 2006/1738). Written by a manager who may see social care cases; it must not identify anyone.
    """

    report = models.CharField(_("report"), max_length=20, choices=StatutoryReport.choices)
    year = models.PositiveSmallIntegerField(
        _("financial year"), help_text=_("The year the financial year starts in: 2025 for 2025-26.")
    )
    general_importance = models.TextField(_("matters of general importance"), blank=True)
    improvements = models.TextField(_("action taken or to be taken to improve services"), blank=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-year", "report"]
        verbose_name = _("statutory report commentary")
        verbose_name_plural = _("statutory report commentaries")
        constraints = [
            models.UniqueConstraint(fields=["report", "year"], name="statutory_commentary_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_report_display()} {self.year}"


class RecentReportRead(models.Model):
    """Report figures someone read recently, so the scheduler can work them out again before they go stale
    (reporting/snapshots.py). What was asked for and when, never the figures: those are kept in Django's cache.

    `key` names the figures in the cache; `scope` names whose view of the cases they are for, and `read_by` is the
    last reader, whose view the figures are worked out again for.
    """

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20)  # which figures: the committee figures or the Code evidence
    scope = models.CharField(max_length=100)
    read_by = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=50, blank=True)
    service = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(
        "procedures.Procedure", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    directorate = models.CharField(max_length=100, blank=True)
    last_read_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("recently read report")

    def __str__(self) -> str:
        return f"{self.period_label or self.period_start} for {self.scope} read at {self.last_read_at:%Y-%m-%d %H:%M}"


class Publication(models.Model):
    """The annual complaints report (with its self-assessment and "you said, we did"), as published on the public
    site (Code 8.1-8.5: published on the website). Kept as published: later changes to the figures do not alter a
    report once it is out; publishing again replaces it."""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("Annual complaints report")

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("financial year starting"))
    title = models.CharField(_("title"), max_length=200)
    body_html = models.TextField(_("the report as published"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_publication_a_year")]

    def __str__(self) -> str:
        return self.title


class PublishedPdf(models.Model):
    """A publication as a PDF, rendered on its first request in one language and kept: a published report does not
    change, so it is not rendered again (publishing again or withdrawing removes it)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(_("language"), max_length=8)
    pdf = models.BinaryField(_("PDF"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["publication", "language"], name="one_pdf_a_language")]

    def __str__(self) -> str:
        return f"{self.publication} ({self.language})"


class HousingStock(models.Model):
    """The landlord's homes of one tenure at the end of one financial year: the denominator of TSM CH01 for that
    year and tenure (docs/rules.md, "TSM by tenure"). Entered by a manager once the year-end stock is known."""

    year = models.PositiveSmallIntegerField(
        _("financial year"), help_text=_("The year the financial year starts in: 2025 for 2025-26.")
    )
    tenure = models.CharField(_("tenure"), max_length=12, choices=Tenure.choices)
    homes = models.PositiveIntegerField(_("homes at the year end"))
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        ordering = ["-year", "tenure"]
        verbose_name = _("housing stock figure")
        constraints = [
            models.UniqueConstraint(fields=["year", "tenure"], name="housing_stock_one_per_year_and_tenure"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tenure_display()} {self.year}: {self.homes} homes"


class ReturnDate(models.Model):
    """When one submission or publication is due and when it was done (docs/rules.md, "Return dates"). Entered
    by a manager, as the dates are set by the ombudsmen and the Regulator and change between years; flagged from
    30 days before the date until it is marked done."""

    kind = models.CharField(_("what"), max_length=20, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField(
        _("financial year"), help_text=_("The year the financial year starts in: 2025 for 2025-26.")
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    due_date = models.DateField(_("due by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("return date")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="return_date_one_per_period"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4), name="return_date_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label}: {long_date(self.due_date)}"

    @property
    def period_label(self) -> str:
        """What the return is for, as people write it: "2025-26", or "2025-26 quarter 2" for quarterly figures."""
        if self.quarter:
            return quarter(self.year, self.quarter).label
        return financial_year(self.year).label


class StageFact(models.Model):
    """What the committee figures need to know of one complaint stage, kept by `reporting.facts` as the case
    changes (in the same transaction) so the figures are one grouped read of the period's rows.

    One row per stage, never shared between cases: a change to a case rewrites only its own rows. A case with no
    stages (a comment or a compliment) has one row numbered 0, for its received-case totals only: it is no
    complaint, so no stage figure counts it.
    `manage.py rebuild_case_facts` works them all out again from the cases (`--check` compares only).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="stage_facts")
    number = models.PositiveSmallIntegerField()
    # A complaint under a complaint procedure (reporting.queries.complaints): the only stages the figures count.
    is_complaint = models.BooleanField()
    service_area = models.ForeignKey(
        "organisation.ServiceArea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    received_date = models.DateField()
    # The day it was acknowledged; whether by the date the acknowledgement was due (None when none was due: the
    # timeliness figures count only acknowledgements that were due).
    acknowledged_date = models.DateField(null=True, blank=True)
    acknowledged_on_time = models.BooleanField(null=True)
    # Answered (a withdrawal is not an answer but has an outcome); within the current and the original date.
    responded_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    responded_within = models.BooleanField(default=False)
    responded_within_original = models.BooleanField(default=False)
    # Extended beyond the procedure's own limit, with a good reason recorded.
    extended_beyond_local_limit = models.BooleanField(default=False)
    excludes_boxing_day = models.BooleanField(default=False)
    # The case's, for the stage totals (reporting/totals.py): who may see it, and the procedure filter.
    is_restricted = models.BooleanField(default=False)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The case's, the same on each of its rows, for the received-case totals (reporting/totals.py): its kind, how
    # it came in, its ward, its categories (ids, comma-separated) and the local day it was received.
    kind = models.CharField(max_length=20, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    categories = models.TextField(blank=True)
    case_received_date = models.DateField(null=True, blank=True)
    # The stage's remedies, for the remedy totals: each as "type|due date|date carried out" (dates as YYYY-MM-DD,
    # empty when none), comma-separated; and the financial ones' amount in pence.
    remedies = models.TextField(blank=True)
    remedy_pence = models.BigIntegerField(default=0)
    # For the Code self-assessment's evidence (reporting/annual.py): the local day the case was declined (not
    # accepted as a complaint; the case's, the same on each of its rows); whether the stage's complaint definition
    # was recorded (Code 5.6); its deadline extensions, and those beyond the stage rule's cap (6.4, 6.15); whether its
    # handler handled an earlier stage of the case (6.13).
    declined_date = models.DateField(null=True, blank=True)
    has_definition = models.BooleanField(default=False)
    extension_count = models.PositiveSmallIntegerField(default=0)
    extensions_beyond_cap_count = models.PositiveSmallIntegerField(default=0)
    has_earlier_handler = models.BooleanField(default=False)
    # Escalated to: the stage followed an earlier stage of the case (reporting.queries.escalated), for the
    # escalation rate. A case that started at stage 2 (a complex complaint under the SPSO or NIPSO model procedure)
    # was never escalated.
    is_escalated = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="stage_fact_one_per_stage")]
        indexes = [
            models.Index(fields=["received_date"], name="stage_fact_received_idx"),
            models.Index(fields=["responded_date"], name="stage_fact_responded_idx"),
            models.Index(fields=["acknowledged_date"], name="stage_fact_acknowledged_idx"),
        ]

    def __str__(self) -> str:
        return f"Stage {self.number} of case {self.case_id}"


class StageTotal(models.Model):
    """Running totals of the complaint stages, by day, stage, service, procedure, whether restricted and (for
    answers) outcome: the committee's stage figures are sums over the period's rows (reporting/totals.py).

    Append-only: each change to a case adds rows of differences (+1 here, -1 there) in the change's own transaction
    and never updates a row, so officers changing cases never wait for each other; a scheduler job adds each key's
    rows up into one. The figures are sums, so they are the same before and after. `measure` says which date `day`
    is: the stage's received date (`count`, and whether it was `escalated` to, for the escalation rate; and, for
    the Code self-assessment's evidence, its deadline `extensions`, those `extensions_beyond_cap` and whether
    `same_handler` handled an earlier stage), its acknowledged date
    (`count`, `on_time`: of acknowledgements that were due) or its answered date (`count` by `outcome`, with
    `received_date` for the working days, `on_time` within the current date, `within_original` and `beyond` the
    local limit, and the answers' `weekdays` from received to answered); `defined` counts every acknowledged stage by
    its acknowledged date (`count`), and those with a complaint definition recorded (`defined`); `spans` counts the
    answers (not withdrawals) by the day answered whose clock ran over `spanned_date`, a weekday some calendar may
    not count as a working day (a bank holiday in one of the nations, or Boxing Day): with the weekdays, the average
    working days for whichever calendar the organisation has (reporting/totals.py).
    """

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    RESPONDED = "responded"
    DEFINED = "defined"
    SPANS = "spans"

    measure = models.CharField(max_length=12)
    # Counted by month (`day` the month's first day, without the received date and calendar), as well as by day, so
    # a period's whole months are a few rows each (reporting/totals.py).
    by_month = models.BooleanField(default=False)
    day = models.DateField()
    number = models.PositiveSmallIntegerField()
    service_area = models.ForeignKey(
        "organisation.ServiceArea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    is_restricted = models.BooleanField()
    outcome = models.CharField(max_length=20, blank=True)
    received_date = models.DateField(null=True, blank=True)
    excludes_boxing_day = models.BooleanField(default=False)
    spanned_date = models.DateField(null=True, blank=True)
    count = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    within_original = models.IntegerField(default=0)
    beyond = models.IntegerField(default=0)
    defined = models.IntegerField(default=0)
    extensions = models.IntegerField(default=0)
    extensions_beyond_cap = models.IntegerField(default=0)
    same_handler = models.IntegerField(default=0)
    weekdays = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)
    # Added up by `compact_totals` (or a rebuild): one row per key for its day. Differences are not, until then.
    compacted = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["by_month", "day", "measure"], name="stage_total_month_day_idx"),
            models.Index(fields=["compacted", "day"], name="stage_total_compacted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.day} stage {self.number}: {self.count}"


class CaseTotal(models.Model):
    """Running totals of the cases received, kept like `StageTotal` (append-only rows of differences, added up by
    a scheduler job): the dashboard's received-case breakdowns and hotspots are sums over the period's rows
    (reporting/totals.py).

    Each case counts once by its kind and once by its channel, and each complaint once by its ward and once in each
    of its categories (`value`: the kind, channel, ward or category id; "" for none), by the service, procedure,
    whether restricted and whether a complaint. Each is kept twice: by the day the case was received, and by its
    month (`by_month`, `day` the month's first day), so a period of whole months is a sum over a few rows a month.

    The remedies are counted here too (`count`), each under a measure and `value` saying which day `day` is, so
    that every remedy figure is a sum of rows up to a day (reporting/totals.py, `_add_remedies`): those offered in a
    complaint stage's answer, by type, with the financial ones' amount (`pence`); every remedy, and those carried
    out and carried out late (by month only: the dashboard's remedies as they stand today count them all); and the
    days from which a remedy was due, owed and overdue, and no longer owed.

    And the complaints declined (not accepted, Code section 2), by the day declined: each once (`declined`, `value`
    ""), and once in each of its categories (`declined in`, `value` the category id; "" for none).
    """

    KIND = "kind"
    CHANNEL = "channel"
    WARD = "ward"
    CATEGORY = "category"
    REMEDY_OFFERED = "offered"
    REMEDY = "remedy"
    REMEDY_DUE = "due"
    REMEDY_OWED = "owed"
    DECLINED = "declined"
    DECLINED_CATEGORY = "declined in"

    measure = models.CharField(max_length=12)
    by_month = models.BooleanField()
    day = models.DateField()
    # No index of their own: read by day ranges (case_total_day_idx), a service's or procedure's rows of every day
    # are many more than a period's rows, and SQLite without statistics would take them first.
    service_area = models.ForeignKey(
        "organisation.ServiceArea", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    is_restricted = models.BooleanField()
    is_complaint = models.BooleanField()
    value = models.CharField(max_length=100, blank=True)
    count = models.IntegerField(default=0)
    pence = models.BigIntegerField(default=0)
    compacted = models.BooleanField(default=False)  # as StageTotal's

    class Meta:
        indexes = [
            models.Index(fields=["measure", "by_month", "day"], name="case_total_day_idx"),
            models.Index(fields=["compacted", "day"], name="case_total_compacted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.value!r} {self.day}: {self.count}"
