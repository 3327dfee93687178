"""The access log page's filters."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.core.forms import GovukDateField, GovukForm


class AccessLogForm(GovukForm):
    case = forms.CharField(label="Case reference", required=False, max_length=30, help_text="For example PR-2026-00042")
    person = forms.CharField(
        label="Person (name, email address, phone number or postcode)",
        required=False,
        max_length=200,
        help_text="Whose case or contact was looked at",
    )
    username = forms.CharField(label="Member of staff (username)", required=False, max_length=150)
    since = GovukDateField(label="From", required=False)
    until = GovukDateField(label="To", required=False)
    refused = forms.BooleanField(label="Only refused attempts", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The 'to' date must be the same as or after the 'from' date")
        return data
