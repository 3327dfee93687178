"""Administrators make and revoke API keys, subscribe webhooks, and see (and resend) webhook deliveries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from putright.api.choices import DeliveryStatus, WebhookEvent
from putright.api.keys import issue_secret, revoke_api_key
from putright.api.models import APIKey, Open311Request, WebhookDelivery, WebhookSubscription
from putright.api.webhooks import WebhookError, send_again
from putright.core.views import signed_in_user


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "scope", "may_see_restricted", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", "may_see_restricted"]
    search_fields = ["name", "prefix"]
    fields = [
        "name",
        "scope",
        "services",
        "may_see_restricted",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    filter_horizontal = ["services"]
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the access log names the key

    def save_model(self, request: HttpRequest, obj: APIKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = signed_in_user(request)
        token = issue_secret(obj)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            f"The key for {obj.name} is {token} — copy it now and give it to the system's owner: "
            "it is not stored and will not be shown again.",
        )

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[APIKey]) -> None:
        for key in queryset.filter(revoked_at__isnull=True):
            revoke_api_key(key=key)
        messages.success(request, "The keys are revoked: calls made with them are refused from now on.")


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "services", "may_see_restricted", "is_active"]


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("created_at", "event", "case", "status", "attempt_count", "last_status_code", "last_error")
    readonly_fields = fields
    extra = 0
    max_num = 0
    show_change_link = True
    ordering = ["-created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        return super().get_queryset(request).select_related("case")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["name", "url", "is_active", "may_see_restricted", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["secret", "created_by", "created_at"]
    filter_horizontal = ["services"]

    inlines = [DeliveryInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["name", "url", "events", "services", "may_see_restricted", "is_active"]
        return [*fields, "secret", "created_by", "created_at"] if obj else fields

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = signed_in_user(request)
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every event sent to each subscription, each attempt's answer, and "send again"."""

    list_display = ["created_at", "subscription", "event", "case", "status", "attempt_count", "last_status_code"]
    list_filter = ["status", "event", "subscription"]
    search_fields = ["case__reference"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    actions = ["send_again_action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Send again")
    def send_again_action(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        sent = 0
        for delivery in queryset.exclude(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]):
            try:
                send_again(delivery=delivery)
            except WebhookError as error:
                messages.error(request, str(error))
            else:
                sent += 1
        messages.success(request, f"{sent} deliveries queued to be sent again.")


@admin.register(Open311Request)
class Open311RequestAdmin(admin.ModelAdmin):
    """What "report it" sites sent, read-only: the contact to triage holds the words."""

    list_display = ["created_at", "api_key", "service", "contact", "address", "latitude", "longitude"]
    list_filter = ["service", "api_key"]
    readonly_fields = [field.name for field in Open311Request._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
