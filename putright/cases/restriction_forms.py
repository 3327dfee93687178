"""The forms for restricting contact after unacceptable behaviour, reviewing a restriction, and recording the
customer's tenure (cases/restrictions.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from putright.cases.forms import OfficerChoiceField
from putright.cases.models import Case
from putright.core.forms import GovukDateField, GovukForm
from putright.core.text import long_date
from putright.organisation.models import User
from putright.organisation.selectors import assignable_staff
from putright.people.choices import Tenure
from putright.people.models import ContactRestriction


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class RestrictionForm(GovukForm):
    restriction = forms.CharField(
        label="What is restricted",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: contact by email only, to one named officer; no visits to the office",
        error_messages=_required("Enter what is restricted"),
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The behaviour, why this restriction is proportionate, and how the customer can still complain",
        error_messages=_required("Enter why the restriction is needed"),
    )
    decided_by = OfficerChoiceField(
        label="Who decided",
        queryset=User.objects.none(),
        empty_label="Choose who decided",
        error_messages=_required("Choose who decided"),
    )
    decided_on = GovukDateField(label="Date decided", error_messages=_required("Enter the date it was decided"))
    customer_told_on = GovukDateField(
        label="Date the customer was told", error_messages=_required("Enter the date the customer was told")
    )
    how_told = forms.CharField(
        label="How the customer was told",
        max_length=200,
        help_text="For example: letter, explaining the restriction, the review date and how to ask for a review",
        error_messages=_required("Enter how the customer was told"),
    )
    review_on = GovukDateField(
        label="Review by",
        help_text="Within 12 months of the decision: a decision on 1 December 2026 is reviewed by 1 December 2027 at "
        "the latest. The restriction is flagged for review on this date.",
        error_messages=_required("Enter the date to review it by"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = assignable_staff()  # type: ignore[attr-defined]


class RestrictionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.restriction[:80]} (review by {long_date(obj.review_date)})"


class RestrictionReviewForm(GovukForm):
    KEEP, END = "keep", "end"

    restriction = RestrictionChoiceField(
        label="Restriction",
        queryset=ContactRestriction.objects.none(),
        empty_label="Choose the restriction",
        error_messages=_required("Choose the restriction reviewed"),
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(KEEP, "Keep it, and review it again"), (END, "End it today")],
        widget=forms.RadioSelect,
        error_messages=_required("Choose whether to keep or end the restriction"),
    )
    note = forms.CharField(
        label="What the review found",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what the review found"),
    )
    next_review_on = GovukDateField(label="Next review by", required=False, help_text="If you keep it")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_force = ContactRestriction.objects.filter(customer=case.customer, ended_on__isnull=True)
        self.fields["restriction"].queryset = in_force  # type: ignore[attr-defined]


class TenureForm(GovukForm):
    tenure = forms.ChoiceField(
        label="How does the customer hold their home?",
        choices=Tenure.choices,
        widget=forms.RadioSelect,
        help_text="Only the landlord's low-cost rental tenants and shared owners count in the Tenant Satisfaction "
        "Measures' complaint figures",
        error_messages=_required("Choose the customer's tenure"),
    )
