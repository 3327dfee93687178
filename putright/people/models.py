"""People the council deals with. Personal data lives here only, so retention and access requests have one place."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.core.postcodes import postcode_for_storage
from putright.core.text import salutation_name
from putright.people.choices import ContactMethod, Tenure


def name_in_full(title: str, first_name: str, last_name: str) -> str:
    """A customer's name as pages show it (`Customer.full_name`): title, first and last names, those recorded."""
    return " ".join(part for part in (title, first_name, last_name) if part)


class Customer(models.Model):
    """A resident or other member of the public who has contacted the council."""

    title = models.CharField(_("title"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_contact_method = models.CharField(
        _("preferred contact method"), max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    # The language letters and emails are written in: Welsh when the customer wrote to us in Welsh.
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("en", _("English")), ("cy", _("Welsh"))], default="en"
    )
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    ward = models.CharField(_("ward"), max_length=100, blank=True)
    tenure = models.CharField(
        _("tenure"),
        max_length=12,
        choices=Tenure.choices,
        default=Tenure.UNKNOWN,
        help_text=_("How they hold their home: only low-cost rental tenants and shared owners count in TSM CH01/CH02."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="customer_name_idx"),
            # A postcode exactly, or its start (`LIKE 'SW1A %'`): see the same index on cases.
            models.Index(fields=["postcode"], name="customer_postcode_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["email"], name="customer_email_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    # `save()` is `before_save()` and then Django's own: `core.inserts` may write a new customer itself.
    save_is_before_save = True

    def save(self, *args: object, **kwargs: object) -> None:
        self.before_save()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def before_save(self) -> None:
        # Postcodes are stored in the canonical form ("SW1A 1AA") so search by postcode is an index lookup.
        self.postcode = postcode_for_storage(self.postcode)

    @property
    def full_name(self) -> str:
        return name_in_full(self.title, self.first_name, self.last_name)

    @property
    def salutation_name(self) -> str:
        """Who a letter is addressed to after "Dear": one rule, `core.text.salutation_name`."""
        return salutation_name(self.title, self.first_name, self.last_name)


class Representative(models.Model):
    """Someone acting for a customer (family member, advocate, councillor), with the consent recorded."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship to the customer"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    has_consent = models.BooleanField(_("customer has given consent"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_evidence = models.CharField(_("how consent was given"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class ReasonableAdjustment(models.Model):
    """An adjustment agreed with the customer (LGSCO Code 5.6: record it and keep it under review)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="adjustments")
    description = models.CharField(_("adjustment"), max_length=300)
    agreed_date = models.DateField(_("agreed on"))
    review_date = models.DateField(_("review by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["review_date"]

    def __str__(self) -> str:
        return self.description


class VulnerabilityNote(models.Model):
    """Something staff must know to handle the customer safely (safeguarding, health), reviewed regularly."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="vulnerabilities")
    note = models.TextField(_("note"))
    review_date = models.DateField(_("review by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["review_date"]

    def __str__(self) -> str:
        return self.note[:60]


class ContactRestriction(models.Model):
    """A restriction on how the council deals with a customer because of unacceptable behaviour (docs/rules.md,
    "Unacceptable behaviour"): what is restricted, why, who decided, when the customer was told, and the date
    it must be reviewed by, so no restriction runs on indefinitely by accident.

    A restriction is in force until `ended_on`; each review either ends it or sets the next review date.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="restrictions")
    restriction = models.TextField(
        _("what is restricted"), help_text=_("For example: contact by email only, to one named officer.")
    )
    reason = models.TextField(_("why"), help_text=_("The behaviour, and why this restriction is proportionate."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_on = models.DateField(_("decided on"))
    customer_told_on = models.DateField(_("customer told on"))
    how_told = models.CharField(_("how the customer was told"), max_length=200)
    review_date = models.DateField(_("review by"))
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["review_date", "pk"]
        verbose_name = _("contact restriction")
        indexes = [models.Index(fields=["ended_on", "review_date"], name="restriction_review_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_date__gt=models.F("decided_on")), name="restriction_reviewed_after_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"Restriction on {self.customer}: {self.restriction[:40]}"

    @property
    def in_force(self) -> bool:
        return self.ended_on is None


class AdjustmentRequest(models.Model):
    """An adjustment the customer asked for in their own words (on the public form), waiting for staff to confirm.

    Confirming it records the agreed `ReasonableAdjustment` (LGSCO Code 5.6) and links it here.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="adjustment_requests")
    words = models.TextField(_("what the customer asked for"))
    suggested = models.CharField(_("adjustment suggested"), max_length=300)
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    adjustment = models.OneToOneField(
        ReasonableAdjustment, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return self.suggested
