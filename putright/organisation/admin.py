"""Configuration screens for administrators: the organisation, services, teams, staff and categories.

Cases are never edited here: every change to a case goes through the lifecycle on the staff pages.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from putright.core import signals
from putright.organisation.models import Category, ClosureDay, Organisation, PostcodeWard, ServiceArea, Team, User
from putright.organisation.signals import RESTRICTED_ACCESS_CHANGED, RestrictedAccessChange


class ClosureDayInline(admin.TabularInline):
    model = ClosureDay
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "nation", "escalation_window_days", "exclude_closure_days"]
    inlines = [ClosureDayInline]

    def has_add_permission(self, request):
        # One organisation per deployment.
        return not Organisation.objects.exists()


class TeamInline(admin.TabularInline):
    model = Team
    extra = 1


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 1


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "directorate", "is_restricted", "is_housing", "default_procedure_slug", "is_active"]
    list_filter = ["is_restricted", "is_housing", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamInline, CategoryInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area"]
    list_filter = ["service_area"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area"]
    list_filter = ["service_area"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "ward", "is_active"]
    list_filter = ["role", "team", "is_active", "can_see_restricted", "reads_access_log"]
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Role",
            {"fields": ("role", "team", "ward", "job_title", "phone", "can_see_restricted", "reads_access_log")},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Nobody gives themselves access to every restricted case, a restricted service's team, another role or
            # more admin power: another administrator must.
            fields += [
                "can_see_restricted",
                "reads_access_log",
                "role",
                "team",
                "is_superuser",
                "user_permissions",
                "groups",
            ]
        return fields

    def save_model(self, request, obj, form, change):
        granted = obj.can_see_restricted
        was = User.objects.filter(pk=obj.pk).values_list("can_see_restricted", flat=True).first() if change else False
        super().save_model(request, obj, form, change)
        if bool(was) != granted:
            # Notifications records it in the access log and tells the other administrators (subscribed in its
            # AppConfig.ready(): it sits above organisation).
            signals.publish(
                RESTRICTED_ACCESS_CHANGED,
                RestrictedAccessChange(user=obj, changed_by=request.user, granted=granted),
                to_any=False,
            )


@admin.register(PostcodeWard)
class PostcodeWardAdmin(admin.ModelAdmin):
    list_display = ["postcode", "ward"]
    search_fields = ["postcode", "ward"]
