"""Welsh: Django's own, stated here so that a date reads "18 Rhagfyr 2026" whatever Django ships next."""

from django.conf.locale.cy.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 18 Rhagfyr 2026
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
