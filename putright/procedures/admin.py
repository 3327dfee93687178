"""Admin for procedures. A version a case has started under is shown read-only: publish a new version instead."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from putright.organisation.models import User
from putright.procedures.models import Procedure, ProcedureVersion, StageRule
from putright.procedures.services import ProcedureError, copy_procedure


def _staff(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _in_use(version: ProcedureVersion | None) -> bool:
    # A case keeps the version it started under, so changing that version would move its deadlines.
    return version is not None and version.pk is not None and version.cases.exists()


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "change_note", "created_at", "created_by"]
    readonly_fields = ["number", "change_note", "created_at", "created_by"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description=gettext_lazy("Copy this procedure"))
def copy_selected(modeladmin: ProcedureAdmin, request: HttpRequest, queryset: QuerySet[Procedure]) -> None:
    for procedure in queryset:
        slug = f"{procedure.slug}-copy"
        suffix = 2
        while Procedure.objects.filter(slug=slug).exists():
            slug = f"{procedure.slug}-copy-{suffix}"
            suffix += 1
        try:
            copy = copy_procedure(
                source=procedure, slug=slug, name=_("Copy of {name}").format(name=procedure.name), actor=_staff(request)
            )
        except ProcedureError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            modeladmin.message_user(request, _("Copied {name} as {slug}.").format(name=procedure.name, slug=copy.slug))


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_complaint_procedure", "is_preset", "is_active"]
    list_filter = ["is_preset", "is_active", "is_complaint_procedure"]
    search_fields = ["name", "slug"]
    readonly_fields = ["is_preset", "based_on"]
    inlines = [VersionInline]
    actions = [copy_selected]


class StageRuleInline(admin.StackedInline):
    model = StageRule
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "change_note", "created_at", "created_by"]
    list_filter = ["procedure"]
    list_select_related = ["procedure", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [StageRuleInline]

    def has_change_permission(self, request: HttpRequest, obj: ProcedureVersion | None = None) -> bool:
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: ProcedureVersion | None = None) -> bool:
        return not _in_use(obj) and super().has_delete_permission(request, obj)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        version = self.get_object(request, object_id)
        if _in_use(version):
            self.message_user(
                request,
                _(
                    "Cases have started under this version, so it cannot be changed: their deadlines depend on it. "
                    "To change the rules for new cases, publish a new version."
                ),
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)
