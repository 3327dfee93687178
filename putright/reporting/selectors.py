"""Reads for reporting: the organisation's report settings, with documented defaults until someone sets them."""

from __future__ import annotations

from putright.organisation.models import Organisation
from putright.reporting.models import ReportSettings


def report_settings_for(organisation: Organisation) -> ReportSettings:
    """The saved settings, or an unsaved row holding the defaults (documented on each field)."""
    if organisation.pk is not None:
        saved = ReportSettings.objects.filter(organisation=organisation).first()
        if saved is not None:
            return saved
    return ReportSettings(organisation=organisation)
