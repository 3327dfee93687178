"""Forms for the ombudsman stage: input shape and messages only; the rules are in services.py."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.core.forms import GovukDateField, GovukForm, required_message
from putright.ombudsman.choices import REFERRABLE, RemedyKind, decisions_for


class ReferralForm(GovukForm):
    ombudsman = forms.ChoiceField(
        label="Which ombudsman?",
        choices=REFERRABLE,
        widget=forms.RadioSelect,
        error_messages=required_message("Select the ombudsman"),
    )
    ombudsman_reference = forms.CharField(label="The ombudsman's reference", max_length=40, required=False)
    referred_date = GovukDateField(
        label="Date the ombudsman told us of the complaint",
        error_messages=required_message("Enter the date the ombudsman told us of the complaint"),
    )
    enquiry_received_date = GovukDateField(label="Date its enquiry letter arrived", required=False)
    response_due_date = GovukDateField(label="Date our reply is due", required=False)


class EnquiryForm(GovukForm):
    enquiry_received_date = GovukDateField(label="Date its enquiry letter arrived", required=False)
    response_due_date = GovukDateField(
        label="Date the ombudsman asked for our reply by",
        error_messages=required_message("Enter the date the ombudsman asked for our reply by"),
    )
    responded_date = GovukDateField(label="Date we replied", required=False, help_text="Leave empty until we reply")


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect, error_messages=required_message("Select the decision")
    )
    decision_date = GovukDateField(
        label="Date of the decision", error_messages=required_message("Enter the date of the decision")
    )
    summary = forms.CharField(
        label="What the ombudsman found", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, ombudsman: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the words this ombudsman uses (docs/rules.md).
        decision: forms.ChoiceField = self.fields["decision"]  # type: ignore[assignment]
        decision.choices = [(d.value, d.label) for d in decisions_for(ombudsman)]


class RemedyForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind",
        choices=RemedyKind.choices,
        widget=forms.RadioSelect,
        error_messages=required_message("Select whether it is an order, a recommendation or an agreed action"),
    )
    description = forms.CharField(
        label="What the council must do",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required_message("Enter what the council must do"),
    )
    amount = forms.DecimalField(
        label="Amount to pay (£)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"invalid": "Enter the amount in pounds, like 150 or 150.50"},
    )
    due_date = GovukDateField(label="Due by", error_messages=required_message("Enter the date it is due by"))


class ComplianceForm(GovukForm):
    evidence = forms.CharField(
        label="Evidence it is done",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: payment reference, a copy of the apology letter, the revised procedure",
        error_messages=required_message("Enter the evidence that it is done"),
    )
    completed_date = GovukDateField(
        label="Date it was done", error_messages=required_message("Enter the date it was done")
    )
