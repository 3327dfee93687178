"""The statutory social care reports (docs/rules.md). Stored values are lowercase; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutoryReport(models.TextChoices):
    # SI 2009/309 reg 18 (docs/rules.md).
    ADULT = "adult", _("Adult social care complaints")
    # SI 2006/1738 (docs/rules.md).
    CHILDREN = "children", _("Children's social care representations")
