"""The case page's Awaab's Law forms. Rules live in services.py; these only shape the input."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from putright.cases.forms import CaseActionForm
from putright.cases.hazards.models import AccommodationResponse, HazardKind, HazardSeverity, InvestigationFinding
from putright.cases.models import Case
from putright.core.forms import GovukDateField
from putright.organisation.models import Team


def moment(day: date | None, at: time | None, default: datetime) -> datetime:
    """The moment typed as a date and an optional time; nothing typed means `default`, a date alone its start
    of day... except today, which means now."""
    if day is None:
        return default
    if at is not None:
        return timezone.make_aware(datetime.combine(day, at))
    now = timezone.localtime()
    if day == now.date():
        return now
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="24-hour clock, for example 14:30",
        error_messages={"invalid": f"Enter {label.lower()} as hours and minutes, for example 14:30"},
    )


class HazardForm(CaseActionForm):
    kind = forms.ChoiceField(
        label="What kind of hazard", choices=HazardKind.choices, error_messages=_required("Select the kind of hazard")
    )
    severity = forms.ChoiceField(
        label="Is it a potential emergency or significant hazard?",
        choices=HazardSeverity.choices,
        widget=forms.RadioSelect,
        help_text="Emergency: a risk of harm that needs action within 24 hours. Significant: a risk of harm that "
        "needs investigating within 10 working days. Think about who lives there: children, health conditions.",
        error_messages=_required("Select whether it is an emergency hazard, a significant hazard or neither"),
    )
    description = forms.CharField(
        label="What the hazard is and where in the home",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what the hazard is and where it is in the home"),
    )
    aware_on = GovukDateField(
        label="The day the landlord became aware",
        required=False,
        help_text="Leave empty if it was when this complaint came in. An earlier repair report about the same hazard "
        "starts the clock earlier",
    )
    aware_time = _time_field("Time you became aware")
    owner_team = forms.ModelChoiceField(
        label="Team that carries out the steps",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
        help_text="Usually repairs. Its members are warned before each step is due",
    )
    reason = forms.CharField(
        label="Why it is neither (only if it is neither)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_team"].queryset = Team.objects.select_related("service_area")  # type: ignore[attr-defined]


class HazardStepForm(CaseActionForm):
    step = forms.ChoiceField(label="Which step", widget=forms.RadioSelect, error_messages=_required("Select the step"))
    done_on = GovukDateField(label="Date it was done", required=False, help_text="Leave empty for now")
    done_time = _time_field("Time it was done")
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what was done"),
    )
    finding = forms.ChoiceField(
        label="What the investigation found (significant hazard, investigation only)",
        choices=InvestigationFinding.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    further_works_reason = forms.CharField(
        label="If further work cannot begin within 5 working days of the investigation, why not",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only when it is not reasonably possible: the work must then begin within 12 weeks",
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        if case is not None:
            for hazard in case.hazards.prefetch_related("milestones"):
                for milestone in hazard.milestones.all():
                    if milestone.is_open:
                        choices.append((f"{hazard.pk}:{milestone.step}", f"{milestone.label} ({hazard})"))
        self.fields["step"].choices = choices  # type: ignore[attr-defined]


class AccommodationForm(CaseActionForm):
    hazard = forms.ChoiceField(label="For which hazard", error_messages=_required("Select the hazard"))
    offered_on = GovukDateField(label="Date it was offered", required=False, help_text="Leave empty for today")
    details = forms.CharField(
        label="What was offered",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where, for how long, and how the household's needs were met",
        error_messages=_required("Enter what accommodation was offered"),
    )
    response = forms.ChoiceField(
        label="The household's answer",
        choices=AccommodationResponse.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the household's answer"),
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hazards = [hazard for hazard in case.hazards.all() if hazard.is_timed] if case is not None else []
        self.fields["hazard"].choices = [(str(hazard.pk), str(hazard)) for hazard in hazards]  # type: ignore[attr-defined]
