"""The report filters (financial year and quarter, or a date range; a directorate, service or procedure) and the
self-assessment forms."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from putright.core.forms import GovukDateField, GovukForm, PeriodForm, required_message
from putright.core.periods import (
    FIRST_YEAR,
    Period,
    financial_year,
    financial_year_of,
    month_of_financial_year,
    month_or_quarter,
    quarter,
    quarter_months,
    quarter_name,
    quarter_of,
)
from putright.organisation.models import ServiceArea
from putright.procedures.models import Procedure
from putright.procedures.selectors import procedures_used_by
from putright.reporting.queries import Filters


class ReportFilterForm(PeriodForm):
    directorate = forms.ChoiceField(label="Directorate", required=False)
    service = forms.ModelChoiceField(
        label="Service", queryset=ServiceArea.objects.none(), required=False, to_field_name="slug", empty_label="All"
    )
    procedure = forms.ModelChoiceField(
        label="Procedure", queryset=Procedure.objects.none(), required=False, to_field_name="slug", empty_label="All"
    )

    def __init__(self, *args: Any, today: date, services: QuerySet[ServiceArea], **kwargs: Any) -> None:
        """`services`: those the reader may see (`selectors.services_reported_to`), the only ones offered, and the
        directorates they belong to. A service not among them, asked for in the address, gets the words of one that
        does not exist, so the name of a restricted service the reader may not see is never shown. The procedures
        offered are those cases about these services may be under (`procedures.selectors.procedures_used_by`), and
        one not offered is refused the same way."""
        super().__init__(*args, today=today, **kwargs)
        directorates = (
            services.exclude(directorate="").order_by("directorate").values_list("directorate", flat=True).distinct()
        )
        self.fields["directorate"].choices = [  # type: ignore[attr-defined]
            ("", "Whole organisation"),
            *[(name, name) for name in directorates],
        ]
        self.fields["service"].queryset = services.order_by("name")  # type: ignore[attr-defined]
        self.fields["procedure"].queryset = procedures_used_by(services).order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        """The filters chosen, each as far as it is valid (as `period`): the ones the form shows."""
        return Filters(
            service=self._chosen("service"),
            procedure=self._chosen("procedure"),
            directorate=self._chosen("directorate") or None,
        )

    def shown_query(self) -> dict[str, Any]:
        query = super().shown_query()
        filters = self.filters()
        if filters.directorate:
            query["directorate"] = filters.directorate
        for name, chosen in (("service", filters.service), ("procedure", filters.procedure)):
            if chosen is not None:
                query[name] = chosen.slug
        return query


class SelfAssessmentRowForm(GovukForm):
    complies = forms.ChoiceField(
        label="Does the council comply with this provision?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No"), ("not_assessed", "Not assessed yet")],
        error_messages={"required": "Choose whether the council complies, or Not assessed yet"},
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the evidence can be found: the policy section, a web page, training records. "
        "Figures PutRight holds are added to the report for you.",
    )
    commentary = forms.CharField(
        label="Commentary or explanation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the council does not comply, what it will do to comply.",
    )
    comply_by = GovukDateField(
        label="Date by which the council will comply",
        required=False,
        help_text="Where the council does not comply. For example, 31 3 2027",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("complies") == "no":
            # The Code's self-assessment form: non-compliance comes with the actions and the date it will comply by.
            if not (data.get("commentary") or "").strip():
                self.add_error("commentary", "Say what the council will do to comply")
            if data.get("comply_by") is None and "comply_by" not in self.errors:
                self.add_error("comply_by", "Enter the date by which the council will comply")
        return data

    def complies_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("complies") or "")


class GoverningBodyResponseForm(GovukForm):
    ombudsman_letter_summary = forms.CharField(
        label="The ombudsman's annual letter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A summary of what the ombudsman's annual review letter said about the council.",
    )
    other_ombudsman_reports = forms.CharField(
        label="Other relevant ombudsman reports",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Other ombudsman reports or publications relevant to the council in the year, and what it did.",
    )
    governing_body_response = forms.CharField(
        label="The governing body's response",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Published alongside the report.",
    )
    governing_body_response_date = GovukDateField(label="Date of the response", required=False)
    approved_on = GovukDateField(
        label="Date the governing body approved this self-assessment",
        required=False,
        help_text="The annual report shows the latest self-assessment of the year the governing body approved.",
    )

    def __init__(self, *args: Any, not_assessed: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not_assessed:
            provisions = f"{not_assessed} Code provision{'s' if not_assessed != 1 else ''}"
            self.fields["approved_with_provisions_not_assessed"] = forms.BooleanField(
                label=f"The governing body approved it with {provisions} not assessed",
                required=False,
                help_text=f"{provisions} {'are' if not_assessed != 1 else 'is'} not assessed yet. Tick to confirm "
                "the approval when giving its date; the report shows them as not assessed.",
            )


class StartSelfAssessmentForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is the assessment being carried out?",
        choices=[
            ("annual", "The annual self-assessment"),
            ("significant_change", "After a significant restructure, merger or change in procedures"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the assessment is being carried out"},
    )
    change = forms.CharField(
        label="The significant change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the merger of the housing and repairs teams in September.",
    )


# --- contact volumes ------------------------------------------------------------------------------------------


def volume_period_choices() -> list[tuple[str, str]]:
    """Each quarter of the financial year followed by its three months: "q3", then "m10", "m11", "m12"."""
    choices: list[tuple[str, str]] = []
    for number in (1, 2, 3, 4):
        choices.append((f"q{number}", quarter_name(number)))
        choices += [(f"m{month:02d}", calendar.month_name[month]) for month in quarter_months(number)]
    return choices


def volume_period_key(start: date, end: date) -> str:
    """The form's key for a saved period ("q3", "m10"), or "" for one the form cannot show."""
    kind = month_or_quarter(start, end)
    if kind == "quarter":
        return f"q{quarter_of(start)}"
    if kind == "month":
        return f"m{start.month:02d}"
    return ""


class ContactVolumeForm(GovukForm):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=ServiceArea.objects.none(),
        to_field_name="slug",
        empty_label="Choose a service",
        error_messages={**required_message("Select the service"), "invalid_choice": "Select a service from the list"},
    )
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={**required_message("Select the year"), "invalid_choice": "Select a year from the list"},
    )
    period = forms.ChoiceField(
        label="Month or quarter",
        choices=[("", "Choose a month or quarter"), *volume_period_choices()],
        help_text="Enter months or quarters for a service, not both",
        error_messages={
            **required_message("Select the month or quarter"),
            "invalid_choice": "Select a month or quarter from the list",
        },
    )
    contacts_count = forms.IntegerField(
        label="Number of contacts",
        min_value=0,
        help_text="Calls, emails, visits and online requests the service dealt with, as it counts them",
        error_messages={
            "required": "Enter the number of contacts",
            "invalid": "The number of contacts must be a whole number",
            "min_value": "The number of contacts cannot be negative",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = financial_year_of(today)
        self.fields["service"].queryset = ServiceArea.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (year, financial_year(year).label) for year in range(current, FIRST_YEAR - 1, -1)
        ]

    def chosen_period(self) -> Period:
        year, key = self.cleaned_data["year"], self.cleaned_data["period"]
        if key.startswith("q"):
            return quarter(year, int(key[1:]))
        return month_of_financial_year(year, int(key[1:]))


class ContactVolumeUploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns service,start,end,contacts with that header, one month or quarter a line, for example "
        "housing-repairs,2025-10-01,2025-10-31,1520",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The file is empty"},
    )


class StatutoryCommentaryForm(GovukForm):
    general_importance = forms.CharField(
        label="Matters of general importance",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the complaints, or the way they were handled, showed beyond the single case. The report is "
        "published: do not identify anyone.",
    )
    improvements = forms.CharField(
        label="Action taken or to be taken to improve services",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Shown with the learning actions raised from these complaints.",
    )
