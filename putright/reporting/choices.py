"""The statutory social care reports (docs/rules.md). Stored values are lowercase; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutoryReport(models.TextChoices):
    # SI 2009/309 reg 18 (docs/rules.md).
    ADULT = "adult", _("Adult social care complaints")
    # SI 2006/1738 (docs/rules.md).
    CHILDREN = "children", _("Children's social care representations")


class ReturnKind(models.TextChoices):
    """The submissions and publications whose dates the organisation tracks (docs/rules.md, "Return dates")."""

    HO_SUBMISSION = "ho_submission", _("Housing Ombudsman annual submission")
    ANNUAL_REPORT_PUBLISHED = "annual_published", _("Annual complaints report and governing body's response published")
    TSM_RETURN = "tsm_return", _("Tenant Satisfaction Measures return to the Regulator of Social Housing")
    SPSO_QUARTERLY = "spso_quarterly", _("Quarterly complaints figures (SPSO)")
    PSOW_QUARTERLY = "psow_quarterly", _("Quarterly complaints figures (PSOW)")


class AssessmentReason(models.TextChoices):
    """Why a Code self-assessment was carried out: the yearly one, or another after a significant restructure,
    merger or change in procedures (Complaint Handling Code 2024, paragraph 8.3; docs/rules.md)."""

    ANNUAL = "annual", _("Annual")
    SIGNIFICANT_CHANGE = "significant_change", _("After a significant change")
