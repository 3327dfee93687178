"""The organisation that runs PutRight: its profile, services, teams, staff and closure days."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.core.postcodes import postcode_for_storage
from putright.core.text import long_date
from putright.organisation.choices import MANAGER_ROLES, STAFF_ROLES, WHOLE_QUEUE_ROLES, Nation, Role

# Awaab's Law names damp and mould first; a gas smell and exposed wiring are the usual emergencies.
DEFAULT_HAZARD_WORDS = "\n".join(
    (
        "damp",
        "mould",
        "mold",
        "condensation",
        "black spots",
        "gas",
        "carbon monoxide",
        "electric",
        "wiring",
        "sparking",
        "leak",
        "flood",
        "ceiling",
        "no heating",
        "no hot water",
    )
)


class Organisation(models.Model):
    """The council or landlord running this deployment (there is exactly one row).

    Points the Codes leave open are settings here, each with a documented default (docs/rules.md, "Points a
    council decides").
    """

    name = models.CharField(_("name"), max_length=200)
    nation = models.CharField(
        _("nation"),
        max_length=3,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text=_("Whose bank holidays count as non-working days."),
    )
    escalation_window_days = models.PositiveIntegerField(
        _("escalation window (calendar days)"),
        null=True,
        blank=True,
        help_text=_(
            "How long after a stage response the customer may ask for the next stage. Empty means no limit: "
            "the Complaint Handling Code sets none. A procedure stage may set its own window."
        ),
    )
    exclude_closure_days = models.BooleanField(
        _("closure days stop the clock"),
        default=False,
        help_text=_(
            "Whether the closure days below are skipped like bank holidays. Off by default: the Complaint Handling "
            "Code does not say they may be excluded from its timescales."
        ),
    )
    hazard_words = models.TextField(
        _("words that suggest a hazard"),
        default=DEFAULT_HAZARD_WORDS,
        blank=True,
        help_text=_(
            "One a line. A housing complaint from a social tenant in England whose words include one of these (or a "
            "word starting with it: 'mould' finds 'mouldy') asks the officer whether it is an emergency or "
            "significant hazard under Awaab's Law."
        ),
    )
    responsible_person = models.CharField(
        _("responsible person for adult social care complaints"),
        max_length=200,
        blank=True,
        help_text=_(
            "Name and job title of the person designated to sign adult social care complaint responses "
            "(SI 2009/309 regulations 4 and 14). Offered when a response is recorded; it can be changed there."
        ),
    )
    homes_count = models.PositiveIntegerField(_("homes owned"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population served"), null=True, blank=True)
    complaints_email = models.EmailField(_("complaints email"), blank=True)
    complaints_phone = models.CharField(_("complaints phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class ClosureDay(models.Model):
    """A day the organisation is closed that is not a bank holiday (e.g. between Christmas and New Year)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="closure_day_unique_per_date"),
        ]

    def __str__(self) -> str:
        return f"{long_date(self.date)} ({self.name})"


class ServiceArea(models.Model):
    """A service the public knows (waste, housing repairs, council tax ...), grouped under a directorate.

    Cases in a restricted service (social care) are seen only by that service's teams and named handlers.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    directorate = models.CharField(_("directorate"), max_length=120, blank=True)
    is_restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Only this service's teams and the people handling a case may see its cases."),
    )
    is_housing = models.BooleanField(_("landlord (housing) service"), default=False)
    default_procedure_slug = models.SlugField(_("default procedure"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service area")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team within a service area; a team leader sees the team's queue."""

    name = models.CharField(_("name"), max_length=120)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service_area", "name"], name="team_unique_name_per_service"),
        ]

    def __str__(self) -> str:
        return self.name


def staff_name(first_name: str, last_name: str, username: str) -> str:
    """A user as pages name them (`User.__str__`): their full name (`get_full_name`), else their username."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """Anyone who signs in: staff in one of the roles, or a councillor.

    `role` decides what they may do; `team` decides which restricted cases they may see.
    """

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, default=Role.INVESTIGATING_OFFICER)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("direct phone"), max_length=40, blank=True)
    can_see_restricted = models.BooleanField(
        _("may see all restricted cases"),
        default=False,
        help_text=_("For the statutory complaints manager, who handles social-care complaints for every team."),
    )
    reads_access_log = models.BooleanField(
        _("information governance: reads the access log"),
        default=False,
        help_text=_("For the information-governance lead: who looked at which case or person, and who was refused."),
    )
    ward = models.CharField(
        _("ward"),
        max_length=100,
        blank=True,
        help_text=_("For a councillor: the ward they represent, spelt as in the postcode-to-ward list."),
    )

    class Meta:
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return staff_name(self.first_name, self.last_name, self.username)

    @property
    def is_case_worker(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    # The role predicates: views (`core.views.signed_in_view` and `role_view`) and templates (`user.is_administrator`)
    # ask these.
    @property
    def sees_whole_queue(self) -> bool:
        """The complaints team, managers and administrators: every case, the reports, ombudsman and learning."""
        return self.role in WHOLE_QUEUE_ROLES

    @property
    def is_manager(self) -> bool:
        """Managers and administrators: the Code self-assessment and the statutory reports' commentary."""
        return self.role in MANAGER_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_member_responsible(self) -> bool:
        """The governing body's Member Responsible for Complaints (Code 9.5): the reports, the self-assessment and
        the annual report, read only; no case, customer or staff member's details (docs/rules.md)."""
        return self.is_active and self.role == Role.MEMBER_RESPONSIBLE

    @property
    def reads_reports(self) -> bool:
        """May open the report pages that hold figures only: the complaints team, managers, administrators and the
        Member Responsible for Complaints."""
        return self.is_member_responsible or (self.is_case_worker and self.sees_whole_queue)

    @property
    def reads_ombudsman_returns(self) -> bool:
        """May download the returns made to an ombudsman (the Public Services Ombudsman for Wales' quarterly return):
        managers and administrators, who send them, and the Member Responsible for Complaints, who answers for them
        to the governing body."""
        return self.is_manager or self.is_member_responsible

    @property
    def is_councillor(self) -> bool:
        """A councillor or MP's office: their own pages, never the staff side."""
        return self.is_active and self.role == Role.COUNCILLOR

    @property
    def needs_second_factor(self) -> bool:
        """Administrators (and superusers), anyone who may see restricted cases, and the information-governance lead
        (the access log, erasure) must use two-factor authentication: a code from an authenticator app after their
        password, or the council's own sign-in."""
        if self.is_administrator or self.is_superuser or self.can_see_restricted or self.reads_access_log:
            return True
        return bool(self.team_id and self.team and self.team.service_area.is_restricted)


class SingleSignOnIdentity(models.Model):
    """A staff account's identity at the council's identity provider (OpenID Connect): the issuer and the subject
    it gives the person, which never change, unlike their name or email."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=300)
    first_signed_in = models.DateTimeField(_("first signed in"), auto_now_add=True)
    last_signed_in = models.DateTimeField(_("last signed in"), auto_now=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique_subject_per_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"


class Category(models.Model):
    """A subject a case is about (missed collection, damp and mould ...), optionally tied to one service."""

    name = models.CharField(_("name"), max_length=120)
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.CASCADE, null=True, blank=True, related_name="categories"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["service_area", "name"], name="category_unique_name_per_service"),
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeWard(models.Model):
    """Which ward a postcode is in, loaded from the council's list (`manage.py load_wards`).

    Used to fill in a case's ward when neither the officer nor the customer's record gives one.
    """

    postcode = models.CharField(_("postcode"), max_length=10, unique=True)
    ward = models.CharField(_("ward"), max_length=100)

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode ward")

    def __str__(self) -> str:
        return f"{self.postcode}: {self.ward}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.postcode = postcode_for_storage(self.postcode)
        super().save(*args, **kwargs)
