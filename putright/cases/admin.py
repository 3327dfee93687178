"""Configuration lists that belong to cases (cases themselves are never edited here)."""

from django.contrib import admin

from putright.cases.models import RootCause


@admin.register(RootCause)
class RootCauseAdmin(admin.ModelAdmin):
    list_display = ["name", "is_staff_conduct", "is_active", "order"]
    list_editable = ["is_active", "order"]
