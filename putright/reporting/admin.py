"""Administrators choose how the figures treat the UNCONFIRMED points (DOMAIN.md §3)."""

from django.contrib import admin
from django.http import HttpRequest

from putright.reporting.models import ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "extensions_count_as_within_timescale"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row per deployment, like the organisation itself.
        return not ReportSettings.objects.exists()
