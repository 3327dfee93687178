from __future__ import annotations

from typing import Any

from django import forms

from putright.core.forms import EmailAddressField, GovukDateField, GovukForm, required_message
from putright.core.phones import PhoneField
from putright.people.models import Customer
from putright.records.models import InformationRequest


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


class NewRequestForm(GovukForm):
    kind = forms.ChoiceField(
        label="What they ask for",
        choices=InformationRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=required_message("Select what they ask for"),
    )
    person = forms.CharField(
        label="Whose records (name, email address, phone number or postcode)",
        max_length=200,
        error_messages=required_message("Enter the name, email address, phone number or postcode of the person"),
    )
    customer = forms.TypedChoiceField(
        label="Which of these people", coerce=int, required=False, widget=forms.RadioSelect
    )
    received_on = GovukDateField(
        label="Date received",
        help_text="For example 27 3 2026",
        error_messages=required_message("Enter the date received"),
    )
    details = forms.CharField(
        label="What was asked (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, people: list[Customer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["customer"]
        assert isinstance(choice, forms.TypedChoiceField)
        choice.choices = [
            (person.pk, f"{person.full_name}, {person.postcode or 'no postcode'}, {person.email or 'no email'}")
            for person in people or []
        ]


class RedactionForm(GovukForm):
    redact_terms = forms.CharField(
        label="Words to black out",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Other people's names and details, one a line: each is shown as [redacted] everywhere",
    )


class OutcomeForm(GovukForm):
    outcome = forms.CharField(
        label="What was done, or why it is refused",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_message("Say what was done, or why the request is refused"),
    )


class RectifyForm(GovukForm):
    title = forms.CharField(label="Title", required=False, max_length=20)
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages=required_message("Enter the last name")
    )
    email = EmailAddressField(label="Email address", required=False)
    phone = PhoneField(label="Phone")
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
