"""The public pages' template helpers: now the same as core's `govuk` ones, kept under their old names."""

from __future__ import annotations

from django import template

from putright.core.templatetags.govuk import govuk_widget, radio_options

register = template.Library()


# Kept for templates written before the field template moved to core (`govuk/field.html`).
register.filter("portal_widget", govuk_widget)
register.filter("radio_options", radio_options)
