"""Administrators edit message wording here, with a preview; the outbox is shown read-only for support."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template import TemplateSyntaxError
from django.utils.html import format_html
from django.utils.safestring import SafeString

from putright.core.views import signed_in_user
from putright.notifications.models import (
    InboundEmail,
    MessageTemplate,
    OutboundMessage,
    QuarantinedEmail,
)
from putright.notifications.outbound.contexts import MESSAGE_KINDS, sample_context
from putright.notifications.outbound.redaction import redacted
from putright.notifications.outbound.rendering import render_parts
from putright.notifications.selectors import inbound_visible_to, messages_visible_to


class MessageTemplateForm(forms.ModelForm):
    name = forms.ChoiceField(choices=[(name, kind.title) for name, kind in MESSAGE_KINDS.items()])

    class Meta:
        model = MessageTemplate
        fields = ["name", "language", "subject", "body_text", "body_html", "is_active"]
        help_texts = {
            "body_html": "Leave empty to use the text, as paragraphs. Only text markup is kept (paragraphs, headings, "
            "bold, lists, tables, https and mailto links): images, styles, scripts and links to files are removed."
        }


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["name", "language", "subject", "is_active", "updated_at", "updated_by"]
    list_filter = ["name", "language", "is_active"]
    readonly_fields = ["placeholders", "preview", "updated_at", "updated_by"]

    @admin.display(description="Placeholders you can use")
    def placeholders(self, obj: MessageTemplate) -> str:
        kind = MESSAGE_KINDS.get(obj.name) if obj.pk else None
        if kind is None:
            return "Save once to see the placeholders for the chosen message."
        return ", ".join("{{ " + name + " }}" for name in sorted(kind.placeholders))

    @admin.display(description="Preview with made-up details")
    def preview(self, obj: MessageTemplate) -> SafeString | str:
        if not obj.pk or obj.name not in MESSAGE_KINDS:
            return "Save to see a preview."
        try:
            parts = render_parts(obj.name, obj.language, sample_context(obj.name), template=obj)
        except TemplateSyntaxError as error:
            return f"The wording cannot be shown: {error}"
        return format_html(
            '<p><strong>{}</strong></p><pre style="white-space: pre-wrap">{}</pre><hr>'
            '<iframe sandbox srcdoc="{}" style="width: 100%; height: 30em; border: 1px solid #b1b4b6"></iframe>',
            parts.subject,
            parts.body_text,
            parts.body_html,
        )

    def save_model(self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool) -> None:
        obj.updated_by = signed_in_user(request)
        super().save_model(request, obj, form, change)


MESSAGE_BODIES = ("body_text", "body_html")


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    """Messages on the cases the administrator may see (restricted cases follow the access rule, as on the staff
    pages), with any secret an app registered (a sign-in link) removed from the bodies, even before sending."""

    list_display = ["created_at", "case", "template_name", "channel", "status", "attempt_count", "sent_at"]
    list_filter = ["status", "channel", "template_name"]
    search_fields = ["case__reference", "to_address", "message_id"]
    readonly_fields = [
        *(f.name for f in OutboundMessage._meta.fields if f.name not in MESSAGE_BODIES),
        "text",
        "html",
    ]
    exclude = list(MESSAGE_BODIES)

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboundMessage]:
        return messages_visible_to(signed_in_user(request))

    @admin.display(description="Text")
    def text(self, obj: OutboundMessage) -> str:
        return redacted(obj.template_name, obj.body_text)

    @admin.display(description="HTML")
    def html(self, obj: OutboundMessage) -> str:
        return redacted(obj.template_name, obj.body_html)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QuarantinedEmail)
class QuarantinedEmailAdmin(admin.ModelAdmin):
    """Emails that could not be handled: download the original, deal with it, and note what was done."""

    list_display = ["received_at", "reason", "from_address", "subject", "size_bytes", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["from_address", "subject", "message_id"]
    readonly_fields = [
        "received_at",
        "reason",
        "detail",
        "message_id",
        "from_address",
        "subject",
        "raw",
        "size_bytes",
        "sha256",
    ]
    fields = [*readonly_fields, "resolved_at", "resolved_note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ["received_at", "from_address", "subject", "contact", "case"]
    search_fields = ["from_address", "subject", "message_id", "case__reference"]
    readonly_fields = [field.name for field in InboundEmail._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundEmail]:
        return inbound_visible_to(signed_in_user(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
