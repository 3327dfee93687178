"""Staff forms: the shape of the input and the messages. Rules live in lifecycle.py and services.py."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms import BoundField
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

from putright.cases.choices import (
    KINDS_WITHOUT_PROCEDURE,
    CallDirection,
    CallOutcome,
    CaseKind,
    Channel,
    LinkKind,
    Outcome,
    RemedyType,
    TimeLimitDecision,
)
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Contact, RootCause
from putright.cases.queue_filters import DUE_CHOICES, STAGE_CHOICES, STATUS_CHOICES, FilterOptions
from putright.cases.split_parts import joint_parts
from putright.cases.usual_procedure import usual_procedure, usual_procedures
from putright.core.forms import EmailAddressField, GovukDateField, GovukForm, PreparedChoiceField
from putright.core.phones import PhoneField
from putright.core.prepared import PreparedRead
from putright.organisation.models import Category, ServiceArea, User
from putright.organisation.selectors import active_services, assignable_staff, current_organisation, staff_members
from putright.people.choices import ContactMethod
from putright.procedures.models import Procedure
from putright.procedures.selectors import active_procedures, current_version


def moment_on(day: date | None, default: time) -> datetime:
    """Now, for today (or no date given); otherwise that day at a set time, when only the date was typed."""
    now = timezone.localtime()
    if day is None or day == now.date():
        return now
    return timezone.make_aware(datetime.combine(day, default))


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = f", {obj.job_title}" if obj.job_title else ""
        return f"{obj}{title}"


class CaseActionForm(GovukForm):
    """Every form that changes a case carries the version the officer saw, to catch a second officer's change."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    # Fields that apply only to adult social care (SI 2009/309): the action page leaves them out on other cases.
    adult_social_care_fields: tuple[str, ...] = ()


def without_adult_social_care_fields(form: forms.Form) -> None:
    """Leave out the fields a form names as adult social care only (on a case under another procedure)."""
    for name in getattr(form, "adult_social_care_fields", ()):
        form.fields.pop(name, None)


# Text worked out only when used (made once here: each `lazy()` call builds a new class).
_text_when_drawn = lazy(lambda make: make(), str)


class ServicesChoiceField(forms.ModelMultipleChoiceField):
    """None chosen is an empty list, rather than Django's empty queryset, which builds a query to find it is empty."""

    def clean(self, value: Any) -> Any:
        if not value and not self.required:
            return []
        return super().clean(value)


# The service and procedure chosen, found among the active ones (the fields' querysets) by id.
_active_service = PreparedRead(lambda pk: active_services().filter(pk=pk)[:1], int)
_active_procedure = PreparedRead(lambda pk: active_procedures().filter(pk=pk)[:1], int)


@functools.cache
def _choice_querysets() -> tuple[QuerySet[ServiceArea], QuerySet[Procedure], QuerySet[User]]:
    """The triage fields' querysets, built once per process and never run themselves: each form's field takes its
    own copy (`ModelChoiceField` copies what it is given), which reads the services, procedures and staff afresh
    when it is run. Building the filters took longer than copying them, on every form."""
    # With their team: a case given a lead officer goes to the officer's team (`case_details_from`).
    return active_services(), active_procedures(), assignable_staff().select_related("team")


class TriageFieldsMixin(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=CaseKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether it is a complaint, service request, enquiry, comment or compliment"),
    )
    kind_reason = forms.CharField(
        label="Why you decided this",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: dissatisfied with the response to a missed-bin report",
        error_messages=_required("Enter why you decided what kind of contact this is"),
    )
    service_area = PreparedChoiceField(
        lookup=_active_service,
        label="Service",
        queryset=ServiceArea.objects.none(),
        empty_label="Choose a service",
        error_messages=_required("Select the service the case is about"),
    )
    procedure = PreparedChoiceField(
        lookup=_active_procedure,
        label="Procedure",
        queryset=Procedure.objects.none(),
        required=False,
        empty_label="The service's usual procedure",
        help_text="Filled in from the service and what it is (enquiries and service requests have their own); not "
        "needed for comments and compliments",
    )
    start_at_investigation = forms.BooleanField(
        label="Clearly complex: start at the investigation stage",
        required=False,
        help_text="Only where the procedure allows it (the SPSO and NIPSO model procedures: stage 2)",
    )
    title = forms.CharField(label="Summary", max_length=200, error_messages=_required("Enter a one-line summary"))
    desired_outcome = forms.CharField(
        label="What the customer wants done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    definition = forms.CharField(
        label="Complaint definition",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your understanding of what the complaint is about (you can also record it when acknowledging)",
    )
    lead_officer = OfficerChoiceField(
        label="Lead officer", queryset=User.objects.none(), required=False, empty_label="Not yet assigned"
    )
    contributing_services = ServicesChoiceField(
        label="Contributing services",
        queryset=ServiceArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Other services that must contribute to the response",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services, procedures, staff = _choice_querysets()
        self.fields["service_area"].queryset = services  # type: ignore[attr-defined]
        self.fields["contributing_services"].queryset = services  # type: ignore[attr-defined]
        self.fields["procedure"].queryset = procedures  # type: ignore[attr-defined]
        self.fields["lead_officer"].queryset = staff  # type: ignore[attr-defined]
        self.nation = current_organisation().nation
        # The page fills the procedure in when the service and kind are chosen (and the server does when it was left
        # empty). Worked out when the page is drawn: a form sent and accepted is never drawn.
        self.fields["service_area"].widget.attrs["data-default-procedures"] = _text_when_drawn(
            lambda: json.dumps(self.procedure_defaults)
        )
        service_id, kind = self.initial.get("service_area"), self.initial.get("kind")
        # Only for a page opened for a service and kind (`procedure_defaults` reads the database): the usual
        # procedure depends on both, so with the kind not yet decided it is left to the officer's choice of kind.
        if service_id is not None and kind and not self.initial.get("procedure"):
            usual = self.procedure_defaults.get(kind, {}).get(service_id)
            if usual is not None:
                self.initial["procedure"] = usual

    @cached_property
    def procedure_defaults(self) -> dict[str, dict[int, int]]:
        """{kind: {service id: the procedure a case of that kind about it starts under}} for the active services."""
        return usual_procedures(list(active_services()), self.nation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        service = data.get("service_area")
        if kind and kind not in KINDS_WITHOUT_PROCEDURE and not data.get("procedure"):
            data["procedure"] = usual_procedure(kind=kind, service=service, nation=self.nation) if service else None
            if not data["procedure"] and "service_area" not in self.errors:
                self.add_error("procedure", f"Select the procedure for this {CaseKind(kind).label.lower()}")
        return data


class LogCaseForm(TriageFieldsMixin, GovukForm):
    """Log a phone call, letter or email and triage it in one go."""

    channel = forms.ChoiceField(
        label="How did it come in?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select how the contact came in"),
    )
    received_on = GovukDateField(
        label="Date received",
        help_text="Today unless you change it. For example, 27 3 2026",
        error_messages=_required("Enter the date it was received"),
    )
    raw_text = forms.CharField(
        label="What the customer said",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="As close to their words as you can: this is the record of the complaint",
        error_messages=_required("Enter what the customer said"),
    )
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages=_required("Enter the customer's last name")
    )
    email = EmailAddressField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = PhoneField(label="Phone number")
    preferred_contact_method = forms.ChoiceField(
        label="Preferred way to contact them",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select how the customer prefers to be contacted"),
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)

    field_order = [
        "channel",
        "received_on",
        "raw_text",
        "first_name",
        "last_name",
        "email",
        "phone",
        "preferred_contact_method",
        "address",
        "postcode",
        "kind",
        "kind_reason",
        "service_area",
        "procedure",
        "title",
        "desired_outcome",
        "definition",
        "lead_officer",
        "contributing_services",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_received_on(self) -> Any:
        value = self.cleaned_data.get("received_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date received must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        method = data.get("preferred_contact_method")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter an email address, or choose another way to contact them")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number, or choose another way to contact them")
        if method == ContactMethod.LETTER and not data.get("address"):
            self.add_error("address", "Enter a postal address, or choose another way to contact them")
        return data

    def received_at(self) -> datetime:
        """Received at the start of the working day on the date given (only the date counts for the clock)."""
        return moment_on(self.cleaned_data["received_on"], time(9, 0))


class TriageForm(TriageFieldsMixin, GovukForm):
    pass


# What other apps know about a contact that triage should start from (the api app: the service an Open311 report
# was sent for). Each app adds its own in AppConfig.ready(), so cases imports none of them.
TriageHint = Callable[[Contact], dict[str, Any]]
_triage_hints: list[TriageHint] = []


def add_triage_hint(hint: TriageHint) -> None:
    if hint not in _triage_hints:
        _triage_hints.append(hint)


def triage_initial(contact: Contact) -> dict[str, Any]:
    """What the triage form starts with for a contact: what the systems that sent it said (staff can change it)."""
    initial: dict[str, Any] = {}
    for hint in _triage_hints:
        initial.update(hint(contact))
    return initial


class NoCaseForm(GovukForm):
    note = forms.CharField(
        label="Why no case is needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter why this contact needs no case"),
    )


class AcknowledgeForm(CaseActionForm):
    definition = forms.CharField(
        label="Complaint definition",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What the complaint is about, as you understand it (Complaint Handling Code 5.6)",
    )
    desired_outcome = forms.CharField(
        label="What the customer wants done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    acknowledged_on = GovukDateField(label="Date acknowledged", required=False, help_text="Leave empty for today")
    agreed_response_date = GovukDateField(
        label="Response date agreed with the customer",
        required=False,
        help_text="Adult social care only: the date you agreed when offering to discuss the complaint. Leave empty "
        "if none was agreed: the six months then apply",
    )

    # Shown only on an adult social care case (procedures.selectors.is_adult_social_care).
    adult_social_care_fields = ("agreed_response_date",)


class EmptyActionForm(CaseActionForm):
    pass


class RespondForm(CaseActionForm):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the decision"),
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required("Enter the reasons for the decision"),
    )
    outstanding_actions = forms.CharField(
        label="Outstanding actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is still to be done, and by when",
    )
    responsible_person = forms.CharField(
        label="Signed by the responsible person",
        required=False,
        max_length=200,
        help_text="Adult social care only: the name and job title of the responsible person who signs the response "
        "(SI 2009/309 regulation 14). Leave empty to use the one set for the organisation",
    )
    responded_on = GovukDateField(label="Date of the response", required=False, help_text="Leave empty for today")
    remedy_type = forms.ChoiceField(label="Remedy", required=False, choices=[("", "No remedy"), *RemedyType.choices])
    remedy_description = forms.CharField(
        label="What will be done to put things right", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    remedy_amount = forms.DecimalField(
        label="Amount (£)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"invalid": "Enter the amount in pounds, like 75 or 75.50"},
    )
    remedy_due = GovukDateField(label="Remedy due by", required=False)
    remedy_owner = OfficerChoiceField(
        label="Who will carry out the remedy",
        queryset=User.objects.none(),
        required=False,
        empty_label="The lead officer",
        help_text="To offer more than one remedy, use 'Add a remedy' on the case after recording the response",
    )
    # Only on a case answering split parts together, while one of them has no decision yet.
    parts_waiting_confirmed = forms.BooleanField(
        label="I confirm this response goes without the decision on the parts listed above", required=False
    )
    parts_waiting_reason = forms.CharField(
        label="Why the response is going without them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Staff see this on the timeline; the customer does not",
    )

    adult_social_care_fields = ("responsible_person",)

    root_cause = forms.ModelChoiceField(
        label="Root cause",
        queryset=RootCause.objects.none(),
        required=False,
        empty_label="Choose the root cause",
        help_text="What caused the complaint, from the organisation's list (reports count them)",
    )
    staff_complained_about = forms.ModelMultipleChoiceField(
        label="Staff complained about",
        queryset=User.objects.none(),
        required=False,
        help_text="Only if the complaint is about a member of staff. Seen in reports by managers only",
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remedy_owner"].queryset = assignable_staff()  # type: ignore[attr-defined]
        self.fields["root_cause"].queryset = RootCause.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["staff_complained_about"].queryset = staff_members()  # type: ignore[attr-defined]
        stage = case.current_stage if case is not None else None
        if stage is None or not any(part.is_waiting for part in joint_parts(case, stage.number)):
            del self.fields["parts_waiting_confirmed"]
            del self.fields["parts_waiting_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remedy_type") and not data.get("remedy_description"):
            self.add_error("remedy_description", "Enter what will be done to put things right")
        if data.get("remedy_type") == RemedyType.FINANCIAL and data.get("remedy_amount") is None:
            self.add_error("remedy_amount", "Enter the amount of the financial remedy")
        return data


class RemedyForm(GovukForm):
    remedy_type = forms.ChoiceField(
        label="Remedy",
        choices=[("", "Choose a remedy"), *RemedyType.choices],
        error_messages=_required("Select the remedy"),
    )
    description = forms.CharField(
        label="What will be done to put things right",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("Enter what will be done"),
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={"invalid": "Enter the amount in pounds, like 75 or 75.50"},
    )
    owner = OfficerChoiceField(
        label="Who will carry it out", queryset=User.objects.none(), required=False, empty_label="The lead officer"
    )
    due_date = GovukDateField(label="Due by", error_messages=_required("Enter the date it is due by"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = assignable_staff()  # type: ignore[attr-defined]


class RemedyDoneForm(GovukForm):
    completed_on = GovukDateField(label="Date it was done", error_messages=_required("Enter the date it was done"))
    evidence = forms.CharField(
        label="Evidence it was done",
        help_text="For example: the payment reference, or where the corrected record is",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("Enter the evidence that it was done (for example, the payment reference)"),
    )


class ExtendForm(CaseActionForm):
    new_due_date = GovukDateField(label="New response date", error_messages=_required("Enter the new response date"))
    reason = forms.CharField(
        label="Reason for the extension",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter the reason for the extension"),
    )
    agreed_with_customer = forms.BooleanField(label="The customer agreed to the new date", required=False)
    customer_agreed_on = GovukDateField(
        label="Date the customer agreed",
        required=False,
        help_text="Needed when the customer agreed. The extension must be recorded before the response is due: once "
        "that date has passed, the response is late",
    )
    good_reason = forms.CharField(
        label="Good reason for going beyond the procedure's limit",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed when the extension is longer than a local limit allows; a limit set by regulation "
        "cannot be passed",
    )


class NewReplyDateForm(CaseActionForm):
    new_date = GovukDateField(
        label="New date",
        help_text="A working day you can keep",
        error_messages=_required("Enter the new date"),
    )
    tell_customer = forms.BooleanField(
        label="Send the customer a letter or email with an apology and the new date",
        required=False,
        initial=True,
    )


class EscalateForm(CaseActionForm):
    requested_on = GovukDateField(
        label="Date the customer asked for the next stage",
        error_messages=_required("Enter the date the customer asked for the next stage"),
    )
    handler = OfficerChoiceField(
        label="Who will handle the next stage",
        queryset=User.objects.none(),
        empty_label="Choose an officer",
        help_text="Must be someone other than the earlier stage's handler",
        error_messages=_required("Select who will handle the next stage"),
    )
    customer_reason = forms.CharField(
        label="Why the customer is still unhappy (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The customer does not have to give a reason",
    )
    late_acceptance_reason = forms.CharField(
        label="Why a late request is accepted", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = assignable_staff()  # type: ignore[attr-defined]


class CloseForm(CaseActionForm):
    note = forms.CharField(label="Closing note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseCaseForm(CloseForm):
    """Closing: when something is still outstanding, the officer confirms it and says why."""

    outstanding_confirmed = forms.BooleanField(
        label="I confirm the case is closing with the things listed above still outstanding", required=False
    )
    outstanding_reason = forms.CharField(
        label="Why it is closing with things outstanding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed when something is outstanding. Staff see this on the timeline; the customer does not",
    )


class DeclineForm(CaseActionForm):
    reason = forms.CharField(
        label="Why it is not being taken forward",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter why the complaint is not being taken forward"),
    )
    signposted_to_ombudsman = forms.BooleanField(
        label="I have told the customer they can ask the ombudsman to look at this decision", required=False
    )


class MatterDateForm(CaseActionForm):
    matter_date = GovukDateField(
        label="When the matter happened",
        help_text="Or the day it came to the customer's notice, if that was later",
        error_messages=_required("Enter when the matter happened"),
    )
    decision = forms.ChoiceField(
        label="If the complaint was made after the procedure's time limit",
        required=False,
        choices=[("", "Not needed: it was made in time"), *TimeLimitDecision.choices],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the complaint was made late, whether you accept it or not",
    )
    signposted_to_ombudsman = forms.BooleanField(
        label="I have told the customer they can ask the ombudsman to look at a refusal", required=False
    )


class StatementAgreedForm(CaseActionForm):
    agreed_on = GovukDateField(
        label="Date the written statement of the complaint was agreed",
        help_text="The stage's response date is then counted from this day instead of the request",
        error_messages=_required("Enter the date the statement was agreed"),
    )


class IndependentPersonForm(CaseActionForm):
    name = forms.CharField(
        label="Independent person",
        max_length=200,
        help_text="Neither a member nor an officer of the council",
        error_messages=_required("Enter the independent person's name"),
    )


class ReviewPanelForm(CaseActionForm):
    members = forms.CharField(
        label="Panel members",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The three independent people, one a line; the chair first",
        error_messages=_required("Enter the three members of the panel, one a line"),
    )
    met_on = GovukDateField(label="Date the panel met", required=False, help_text="Leave empty until it has met")


class ReopenForm(CaseActionForm):
    reason = forms.CharField(
        label="Why the case is being reopened",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter why the case is being reopened"),
    )
    respond_by = GovukDateField(label="New response date", required=False)


class ReferenceForm(CaseActionForm):
    other_reference = forms.CharField(
        label="Reference of the other case",
        max_length=20,
        help_text="For example, PR-2026-00042",
        error_messages=_required("Enter the reference of the other case"),
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(ReferenceForm):
    kind = forms.ChoiceField(
        label="How they are linked",
        widget=forms.RadioSelect,
        choices=[(LinkKind.RELATED, LinkKind.RELATED.label), (LinkKind.DUPLICATE_OF, LinkKind.DUPLICATE_OF.label)],
        error_messages=_required("Select how the cases are linked"),
    )


class SplitForm(TriageFieldsMixin, CaseActionForm):
    description = forms.CharField(
        label="The part of the complaint that becomes a new case",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Enter the part of the complaint for the new case"),
    )
    answer = forms.ChoiceField(
        label="How will the customer be answered?",
        choices=[
            ("together", "Together: this case's response gives the new case's decision too"),
            ("separately", "Separately: each case sends its own response"),
        ],
        widget=forms.RadioSelect,
        help_text="Answering together, the new case's handler records its decision as usual but nothing is sent "
        "for it: this case's response covers each part",
        error_messages=_required("Select whether the cases are answered together or separately"),
    )

    field_order = [
        "title",
        "description",
        "answer",
        "kind",
        "kind_reason",
        "service_area",
        "procedure",
        "lead_officer",
        "desired_outcome",
        "definition",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["contributing_services"]


class LeadOfficerForm(CaseActionForm):
    officer = OfficerChoiceField(
        label="Lead officer",
        queryset=User.objects.none(),
        empty_label="Choose an officer",
        error_messages=_required("Select the lead officer"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = assignable_staff()  # type: ignore[attr-defined]


class DefinitionForm(CaseActionForm):
    definition = forms.CharField(
        label="Complaint definition",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Enter the complaint definition"),
    )
    desired_outcome = forms.CharField(
        label="What the customer wants done", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContributionRequestForm(GovukForm):
    service_area = forms.ModelChoiceField(
        label="Contributing service",
        queryset=ServiceArea.objects.none(),
        empty_label="Choose a service",
        error_messages=_required("Select the contributing service"),
    )
    requested_from = OfficerChoiceField(
        label="Officer asked (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Anyone in the service",
    )
    request_note = forms.CharField(
        label="What is needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what the service needs to provide"),
    )
    due_date = GovukDateField(label="Needed by", error_messages=_required("Enter the date it is needed by"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = active_services()  # type: ignore[attr-defined]
        self.fields["requested_from"].queryset = assignable_staff()  # type: ignore[attr-defined]


class ContributionForm(GovukForm):
    contribution = forms.CharField(
        label="Contribution",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required("Enter the contribution"),
    )


class CallForm(GovukForm):
    direction = forms.ChoiceField(
        label="Who called",
        choices=CallDirection.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select who made the call"),
    )
    outcome = forms.ChoiceField(
        label="What happened",
        choices=CallOutcome.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select what happened on the call"),
    )
    occurred_on = GovukDateField(label="Date of the call", required=False, help_text="Leave empty for today")
    notes = forms.CharField(label="What was said", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def occurred_at(self) -> datetime:
        return moment_on(self.cleaned_data.get("occurred_on"), time(12, 0))


class NoteForm(GovukForm):
    text = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3}), error_messages=_required("Enter the note")
    )


class ProgressUpdateForm(GovukForm):
    update = forms.CharField(
        label="Update for the customer",
        help_text="Sent as a letter or email with the case reference, your name and the response date. Say what has "
        "happened since you last wrote and what happens next",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("Enter the update for the customer"),
    )


class RequestDoneForm(GovukForm):
    note = forms.CharField(
        label="What was done",
        help_text="For example: called the customer, agreed to visit on Tuesday",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what was done"),
    )

    def __init__(self, *args: Any, is_escalation: bool = False, stage_number: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_escalation:
            note = self.fields["note"]
            note.label = "Why it is not being escalated"
            answer = f"stage {stage_number} answer" if stage_number else "answer"
            note.help_text = f"For example: the customer phoned to say they are happy with the {answer}"
            note.error_messages["required"] = "Enter why the case is not being escalated"


class QueueFilterForm(forms.Form):
    """The queue's filters as shown (a GET form: never changes anything), each set to the value the queue applies
    (`queue_filters.filters_asked_for` decides which; a value it could not apply shows as no filter)."""

    service = forms.ChoiceField(required=False, label="Service")
    procedure = forms.ChoiceField(required=False, label="Procedure")
    stage = forms.ChoiceField(required=False, label="Stage", choices=STAGE_CHOICES)
    status = forms.ChoiceField(required=False, label="Status", choices=STATUS_CHOICES)
    due = forms.ChoiceField(required=False, label="Due", choices=DUE_CHOICES)

    def __init__(self, *, options: FilterOptions, shown: dict[str, str]) -> None:
        super().__init__(initial=shown)
        self.fields["service"].choices = [("", "All services"), *options.services]  # type: ignore[attr-defined]
        self.fields["procedure"].choices = [("", "All procedures"), *options.procedures]  # type: ignore[attr-defined]

    def selects(self) -> list[tuple[BoundField, SafeString]]:
        """The filters shown (not the scope, which is the page itself), each with its options' HTML, the chosen one
        selected: written here, each value escaped, rather than by the template option by option (a queue offers
        forty or so, on every visit)."""
        shown = []
        for field in self:
            chosen = str(field.value())
            choices: Sequence[tuple[Any, Any]] = field.field.choices  # type: ignore[attr-defined]
            options = "".join(
                f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>'
                for value, label in choices
            )
            shown.append((field, mark_safe(options)))  # noqa: S308 - each value and label is escaped
        return shown


class CategoriesForm(GovukForm):
    categories = forms.ModelMultipleChoiceField(
        label="What the case is about",
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.all()
        if case is not None:
            categories = categories.filter(Q(service_area=case.service_area_id) | Q(service_area__isnull=True))
        self.fields["categories"].queryset = categories  # type: ignore[attr-defined]


class AdjustmentForm(GovukForm):
    description = forms.CharField(
        label="Adjustment agreed",
        max_length=300,
        help_text="For example: letters in large print; calls after 2pm only",
        error_messages=_required("Enter the adjustment agreed"),
    )
    agreed_on = GovukDateField(label="Date agreed", error_messages=_required("Enter the date it was agreed"))
    review_on = GovukDateField(label="Review by", error_messages=_required("Enter the date to review it by"))
    # Set when confirming an adjustment the customer asked for on the public form.
    request_id = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VulnerabilityForm(GovukForm):
    note = forms.CharField(
        label="What staff need to know",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter what staff need to know"),
    )
    review_on = GovukDateField(label="Review by", error_messages=_required("Enter the date to review it by"))


class RepresentativeForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, error_messages=_required("Enter the representative's name"))
    relationship = forms.CharField(
        label="Relationship to the customer",
        max_length=100,
        help_text="For example: daughter, advocate, councillor",
        error_messages=_required("Enter their relationship to the customer"),
    )
    email = EmailAddressField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = PhoneField(label="Phone number")
    has_consent = forms.BooleanField(label="The customer has consented to them acting on their behalf", required=False)
    consent_evidence = forms.CharField(label="How consent was given", max_length=300, required=False)


def case_details_from(data: dict[str, Any], description: str) -> CaseDetails:
    """The triage decision from a validated form."""
    procedure = data.get("procedure")
    kind = CaseKind(data["kind"])
    lead = data.get("lead_officer")
    return CaseDetails(
        kind=kind,
        kind_reason=data["kind_reason"],
        service_area=data["service_area"],
        procedure_version=current_version(procedure) if procedure is not None else None,
        title=data["title"],
        description=description,
        desired_outcome=data.get("desired_outcome") or "",
        definition=data.get("definition") or "",
        lead_officer=lead,
        team=lead.team if lead is not None and lead.team is not None else None,
        postcode=data.get("postcode") or "",
        start_at_investigation=bool(data.get("start_at_investigation")),
    )


class SameMatterForm(GovukForm):
    """At triage: whether the new case is one of its likely duplicates, linked or merged as it is created."""

    same_as = forms.ChoiceField(label="Is it the same matter as a case already open?", required=False)

    def __init__(self, *args: Any, references: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "No, a new matter")]
        for reference in references:
            choices.append((f"link:{reference}", f"Create it and link it as a duplicate of {reference}"))
            choices.append((f"merge:{reference}", f"Create it and merge it into {reference}"))
        self.fields["same_as"].choices = choices  # type: ignore[attr-defined]
        self.fields["same_as"].widget = forms.RadioSelect(choices=choices)

    def decision(self) -> tuple[str, str] | None:
        """("link" or "merge", the other case's reference), or None for a new matter."""
        value = self.cleaned_data.get("same_as") or ""
        if not value:
            return None
        how, reference = value.split(":", 1)
        return how, reference


class EarlyResolutionForm(CaseActionForm):
    how_resolved = forms.CharField(
        label="How it was put right",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, and that the customer is satisfied with it. They are told it is resolved",
        error_messages=_required("Enter how it was put right, as agreed with the customer"),
    )
