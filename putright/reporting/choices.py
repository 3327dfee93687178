"""The statutory social care reports (DOMAIN.md §2). Stored values are lowercase; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutoryReport(models.TextChoices):
    # SI 2009/309 reg 18 (DOMAIN.md §2.1).
    ADULT = "adult", _("Adult social care complaints")
    # SI 2006/1738 (DOMAIN.md §2.2).
    CHILDREN = "children", _("Children's social care representations")
