from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    TEXT = "text", _("Text message")


class Tenure(models.TextChoices):
    """How the customer holds their home, for the Tenant Satisfaction Measures (docs/rules.md, "TSM by tenure").

    Only the landlord's own low-cost rental tenants and shared owners are counted in CH01 and CH02, each tenure
    separately; leaseholders, private residents and unknown tenures are left out of those figures.
    """

    LOW_COST_RENTAL = "lcra", _("Low-cost rental (social rent or affordable rent tenant)")
    LOW_COST_HOME_OWNERSHIP = "lcho", _("Low-cost home ownership (shared owner)")
    LEASEHOLDER = "leaseholder", _("Leaseholder")
    PRIVATE_OR_OTHER = "other", _("Private or other")
    UNKNOWN = "unknown", _("Not known")


# The tenures the TSM complaint measures are reported for, in the return's order.
TSM_TENURES = (Tenure.LOW_COST_RENTAL, Tenure.LOW_COST_HOME_OWNERSHIP)
