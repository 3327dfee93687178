"""Administrators choose how the figures treat the points the regulators leave open (docs/rules.md) and edit the
Code self-assessment rows."""

from django.contrib import admin
from django.http import HttpRequest

from putright.core.views import signed_in_user
from putright.reporting.models import ReportSettings, SelfAssessment, SelfAssessmentRow


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "extensions_count_as_within_timescale"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row per deployment, like the organisation itself.
        return not ReportSettings.objects.exists()


class SelfAssessmentRowInline(admin.TabularInline):
    model = SelfAssessmentRow
    extra = 0
    fields = ["section", "position", "provision", "requirement", "source", "complies", "evidence", "commentary"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    """Where administrators reword a provision or add one the seeded list lacks (reporting/code_provisions.py)."""

    list_display = ["year", "number", "reason", "assessed_on", "approved_on", "updated_at"]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    inlines = [SelfAssessmentRowInline]

    def save_model(self, request: HttpRequest, obj: SelfAssessment, form: object, change: bool) -> None:
        obj.updated_by = signed_in_user(request)
        if not change:
            obj.created_by = signed_in_user(request)
        super().save_model(request, obj, form, change)
