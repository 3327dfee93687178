from __future__ import annotations

from django import forms

from putright.core.forms import GovukForm, required_message


class HoldForm(GovukForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=30,
        help_text="For example PR-2026-00042",
        error_messages=required_message("Enter the reference of the case to hold"),
    )
    reason = forms.CharField(
        label="Why it must be kept",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example the claim, ombudsman investigation or police enquiry it is needed for",
        error_messages=required_message("Enter why the case must be kept"),
    )
