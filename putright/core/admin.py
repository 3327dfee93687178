"""The scheduler's runs, to read in the Django admin (each periodic job's last runs and outcomes)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from putright.core.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["period_start", "job_name", "status", "attempt_count", "claimed_by", "finished_at", "outcome"]
    list_filter = ["job_name", "status"]
    readonly_fields = [field.name for field in ScheduledRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
