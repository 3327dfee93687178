from django.db import models
from django.utils.translation import gettext_lazy as _


class Ombudsman(models.TextChoices):
    LGSCO = "lgsco", _("Local Government and Social Care Ombudsman")
    HOUSING = "housing", _("Housing Ombudsman")
    SPSO = "spso", _("Scottish Public Services Ombudsman")
    NIPSO = "nipso", _("Northern Ireland Public Services Ombudsman")
    PSOW = "psow", _("Public Services Ombudsman for Wales")
    NONE = "none", _("None")


class ClockStart(models.TextChoices):
    """The event a stage's response clock counts from."""

    RECEIPT = "receipt", _("the day the complaint (or escalation request) was received")
    ACKNOWLEDGEMENT = "acknowledgement", _("the day it was acknowledged")


class DurationUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")
