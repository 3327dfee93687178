"""Forms for learning actions: input shape and messages only."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.core.forms import GovukDateField, GovukForm, required_message
from putright.organisation.models import ServiceArea, User
from putright.organisation.selectors import assignable_staff


class LearningActionForm(GovukForm):
    case_references = forms.CharField(
        label="Case references",
        help_text="One or more, separated by commas or spaces, for example PR-2025-00012",
        error_messages=required_message("Enter the case or cases the learning comes from"),
    )
    title = forms.CharField(
        label="What will change", max_length=200, error_messages=required_message("Enter what will change")
    )
    finding = forms.CharField(
        label="What went wrong",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In the customers' words where you can: this is the 'you said' of 'you said, we did'",
        error_messages=required_message("Enter what went wrong"),
    )
    service_area = forms.ModelChoiceField(
        label="Service", queryset=ServiceArea.objects.none(), required=False, empty_label="Choose a service"
    )
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), error_messages=required_message("Select who owns the action")
    )
    due_date = GovukDateField(label="Due by", error_messages=required_message("Enter the date it is due by"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = ServiceArea.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["owner"].queryset = assignable_staff()  # type: ignore[attr-defined]

    def references(self) -> list[str]:
        raw = self.cleaned_data.get("case_references", "")
        return [part.strip().upper() for part in raw.replace(",", " ").split() if part.strip()]


class CompleteActionForm(GovukForm):
    improvement = forms.CharField(
        label="What was changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The 'we did' of 'you said, we did'",
        error_messages=required_message("Enter what was changed"),
    )
    evidence = forms.CharField(
        label="Evidence it is done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_message("Enter the evidence that it is done"),
    )
    completed_date = GovukDateField(
        label="Date it was done", error_messages=required_message("Enter the date it was done")
    )
    publish = forms.BooleanField(label="Show it in 'you said, we did'", required=False)
