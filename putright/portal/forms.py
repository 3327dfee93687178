"""The questions on the public and councillor pages: their words, their checks and their error messages.

Each public step keeps its answers in the session as plain JSON (`serialise`, `initial_from`) and says how its
answers read back on "Check your answers" (`summary`). Forms check the shape of an answer; they decide nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putright.cases.choices import CaseKind
from putright.core.forms import EmailAddressField, GovukDateField, GovukForm
from putright.core.phones import PhoneField
from putright.core.postcodes import normalise_postcode
from putright.people.choices import ContactMethod
from putright.portal.evidence import MAX_FILES, CheckedFile, EvidenceError, check_file
from putright.portal.models import SatisfactionResponse
from putright.portal.topics import service_choices

TEXT_LIMIT = 6000
SHORT_LIMIT = 200


def _textarea(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _text(autocomplete: str = "", spellcheck: bool | None = None) -> forms.TextInput:
    attrs: dict[str, str] = {}
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if spellcheck is not None:
        attrs["spellcheck"] = "true" if spellcheck else "false"
    return forms.TextInput(attrs=attrs)


def clean_postcode(raw: str) -> str:
    """A UK postcode in its usual form ("CF10 1EP"), or a ValidationError; empty stays empty."""
    if not (raw or "").strip():
        return ""
    value = normalise_postcode(raw)
    if value is None:
        raise forms.ValidationError(_("Enter a real postcode, like CF10 1EP"))
    return value


def display(value: Any, choices: dict[str, Any] | None = None) -> str:
    """How one stored answer reads back to the person who gave it."""
    if value in (None, ""):
        return ""
    if choices is not None:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value)


class StepForm(GovukForm):
    """One page of a public journey."""

    # The page's one question is its heading (GOV.UK "one thing per page"); pages of several fields set a title.
    title: ClassVar[str | Promise] = ""

    def serialise(self) -> dict[str, Any]:
        return {
            name: value.isoformat() if isinstance(value, date) else value for name, value in self.cleaned_data.items()
        }

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial = dict(answers)
        for name, field in cls.base_fields.items():
            if isinstance(field, GovukDateField) and isinstance(initial.get(name), str):
                initial[name] = date.fromisoformat(initial[name])
        return initial

    @classmethod
    def summary(cls, answers: dict[str, Any]) -> list[tuple[str, str]]:
        """(question, answer) rows for "Check your answers"."""
        form = cls()
        rows = []
        for name, field in form.fields.items():
            value = answers.get(name)
            if isinstance(field, GovukDateField) and isinstance(value, str) and value:
                value = formats.date_format(date.fromisoformat(value), "j F Y")
            choices = dict(field.choices) if isinstance(field, forms.ChoiceField) else None  # type: ignore[arg-type]
            rows.append((str(field.label), display(value, choices) or str(_("Not given"))))
        return rows

    @property
    def heading_field(self) -> forms.BoundField | None:
        """The field whose label is the page heading, when the page asks one thing."""
        visible = self.visible_fields()
        return visible[0] if len(visible) == 1 and not self.title else None


# --- the complaint journey ------------------------------------------------------------------------------------


class WhoForm(StepForm):
    MYSELF = "myself"
    SOMEONE_ELSE = "someone_else"
    for_whom = forms.ChoiceField(
        label=_("Who is the complaint for?"),
        choices=[(MYSELF, _("Me")), (SOMEONE_ELSE, _("Someone else, who has agreed to me acting for them"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who the complaint is for")},
    )


class SomeoneElseForm(StepForm):
    title = _("The person you are acting for")
    their_name = forms.CharField(
        label=_("Their full name"),
        max_length=SHORT_LIMIT,
        widget=_text(spellcheck=False),
        error_messages={
            "required": _("Enter the full name of the person you are acting for"),
            "max_length": _("Their name must be 200 characters or fewer"),
        },
    )
    relationship = forms.CharField(
        label=_("How do you know them?"),
        help_text=_("For example, I am their daughter, their carer or their advocate"),
        max_length=100,
        error_messages={
            "required": _("Enter how you know the person you are acting for"),
            "max_length": _("How you know them must be 100 characters or fewer"),
        },
    )
    has_consent = forms.BooleanField(
        label=_("They have agreed to me making this complaint for them"),
        help_text=_("We may contact them to check. We cannot share their personal details with you without it."),
        error_messages={"required": _("Confirm that they have agreed to you making this complaint for them")},
    )


class ServiceForm(StepForm):
    question: ClassVar[str | Promise] = _("Which service is your complaint about?")
    service = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": _("Select which service it is about")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_hints = {}
        choices = []
        for choice in service_choices():
            choices.append((choice.key, choice.label))
            self.choice_hints[choice.key] = choice.hint
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.label = str(self.question)


class WhatHappenedForm(StepForm):
    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "Tell us what went wrong and how it has affected you or your household. Include any reference numbers "
            "you have. You can enter up to 6,000 characters."
        ),
        max_length=TEXT_LIMIT,
        widget=_textarea(8),
        error_messages={
            "required": _("Enter what happened"),
            "max_length": _("What happened must be 6,000 characters or fewer"),
        },
    )


class WhenForm(StepForm):
    happened_on = GovukDateField(
        label=_("When did it happen?"),
        help_text=_("If it has been going on for a while, tell us when it started. For example, 27 3 2026"),
        not_future=True,
        # Written out in full, so each translates as a whole sentence.
        error_messages={
            "required": _("Enter the date it happened"),
            "day": _("The date it happened must include a day"),
            "month": _("The date it happened must include a month"),
            "year": _("The date it happened must include a year"),
            "day-month": _("The date it happened must include a day and month"),
            "day-year": _("The date it happened must include a day and year"),
            "month-year": _("The date it happened must include a month and year"),
            "not_numbers": _("The date it happened must be a real date"),
            "invalid": _("The date it happened must be a real date"),
            "year_length": _("The year must include 4 numbers"),
            "future": _("The date it happened must be today or in the past"),
        },
    )


class WhereForm(StepForm):
    title = _("Where did it happen?")
    where_address = forms.CharField(
        label=_("Address or place"),
        help_text=_("Leave this blank if it did not happen at a particular place"),
        required=False,
        max_length=500,
        widget=_textarea(3),
        error_messages={"max_length": _("The address must be 500 characters or fewer")},
    )
    where_postcode = forms.CharField(
        label=_("Postcode (optional)"),
        required=False,
        max_length=10,
        widget=_text("postal-code", spellcheck=False),
        error_messages={"max_length": _("Enter a real postcode, like CF10 1EP")},
    )
    where_postcode.govuk_class = "govuk-input--width-10"  # type: ignore[attr-defined]

    def clean_where_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["where_postcode"])


class PutRightForm(StepForm):
    put_right = forms.CharField(
        label=_("What would you like us to do to put things right?"),
        help_text=_("For example, an apology, a repair done by a certain date, or a decision looked at again"),
        max_length=TEXT_LIMIT,
        widget=_textarea(5),
        error_messages={
            "required": _("Enter what you would like us to do to put things right"),
            "max_length": _("What you would like us to do must be 6,000 characters or fewer"),
        },
    )


class NameForm(StepForm):
    full_name = forms.CharField(
        label=_("What is your name?"),
        max_length=SHORT_LIMIT,
        widget=_text("name", spellcheck=False),
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Your name must be 200 characters or fewer"),
        },
    )


class ContactForm(StepForm):
    """How to reach the person: the way they prefer must have its details filled in."""

    title = _("How should we contact you?")
    contact_method = forms.ChoiceField(
        label=_("How would you like us to contact you?"),
        choices=[
            (ContactMethod.EMAIL, _("Email")),
            (ContactMethod.PHONE, _("Phone call")),
            (ContactMethod.TEXT, _("Text message")),
            (ContactMethod.LETTER, _("Letter")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you would like us to contact you")},
    )
    email = EmailAddressField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    phone = PhoneField(
        label=_("Phone number"),
        help_text=_("For international numbers include the country code"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    phone.govuk_class = "govuk-input--width-20"  # type: ignore[attr-defined]
    address = forms.CharField(
        label=_("Your postal address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"max_length": _("The address must be 500 characters or fewer")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=10,
        widget=_text("postal-code", spellcheck=False),
        error_messages={"max_length": _("Enter a real postcode, like CF10 1EP")},
    )
    postcode.govuk_class = "govuk-input--width-10"  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact_method")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter your email address, or choose another way for us to contact you"))
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter your phone number, or choose another way for us to contact you"))
        if method == ContactMethod.LETTER:
            if not data.get("address") and "address" not in self.errors:
                self.add_error("address", _("Enter your address, or choose another way for us to contact you"))
            if not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", _("Enter your postcode, or choose another way for us to contact you"))
        return data


class HelpForm(StepForm):
    help_needed = forms.CharField(
        label=_("Do you need any help or changes to the way we deal with you?"),
        help_text=_(
            "For example, large print, an interpreter, British Sign Language, phone calls instead of letters, "
            "someone to help you, or more time. Leave this blank if you do not need anything."
        ),
        required=False,
        max_length=2000,
        widget=_textarea(4),
        error_messages={"max_length": _("What you need must be 2,000 characters or fewer")},
    )


# --- comments and compliments ---------------------------------------------------------------------------------


class CommentServiceForm(ServiceForm):
    question = _("Which service is your comment about?")


class ComplimentServiceForm(ServiceForm):
    question = _("Which service is your compliment about?")


class CommentForm(StepForm):
    message = forms.CharField(
        label=_("What would you like to tell us?"),
        help_text=_(
            "If you want something done, such as a missed bin collected, report it instead. 6,000 characters at most."
        ),
        max_length=TEXT_LIMIT,
        widget=_textarea(6),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("Your comment must be 6,000 characters or fewer"),
        },
    )


class ComplimentForm(StepForm):
    message = forms.CharField(
        label=_("What would you like to tell us?"),
        help_text=_("If you can, tell us who helped you or which team it was, so we can pass on your thanks."),
        max_length=TEXT_LIMIT,
        widget=_textarea(6),
        error_messages={
            "required": _("Enter your compliment"),
            "max_length": _("Your compliment must be 6,000 characters or fewer"),
        },
    )


class ReplyForm(StepForm):
    """Optional: a comment or compliment may be anonymous."""

    title = _("Would you like a reply?")
    full_name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=SHORT_LIMIT,
        widget=_text("name", spellcheck=False),
        error_messages={"max_length": _("Your name must be 200 characters or fewer")},
    )
    email = EmailAddressField(
        label=_("Email address (optional)"),
        help_text=_("Leave this blank if you do not need a reply"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("email") and not data.get("full_name"):
            self.add_error("full_name", _("Enter your name, so we know who to reply to"))
        return data


class ConfirmForm(GovukForm):
    """The "Check your answers" submit: carries the token that makes a second click harmless."""

    token = forms.CharField(widget=forms.HiddenInput)


# --- councillors ----------------------------------------------------------------------------------------------


class CouncillorCaseForm(GovukForm):
    """A councillor raising an enquiry or complaint for a resident who has agreed to it."""

    kind = forms.ChoiceField(
        label=_("What are you raising?"),
        choices=[
            (CaseKind.ENQUIRY, _("An enquiry: the resident needs an answer or something done")),
            (CaseKind.COMPLAINT, _("A complaint: the resident is unhappy with how the council has acted")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether this is an enquiry or a complaint")},
    )
    service = forms.ChoiceField(
        label=_("Which service is it about?"),
        error_messages={"required": _("Select which service it is about")},
    )
    resident_name = forms.CharField(
        label=_("Resident's full name"),
        max_length=SHORT_LIMIT,
        widget=_text(spellcheck=False),
        error_messages={
            "required": _("Enter the resident's full name"),
            "max_length": _("The resident's name must be 200 characters or fewer"),
        },
    )
    resident_email = EmailAddressField(
        label=_("Resident's email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )
    resident_phone = PhoneField(
        label=_("Resident's phone number (optional)"), widget=forms.TextInput(attrs={"type": "tel"})
    )
    resident_phone.govuk_class = "govuk-input--width-20"  # type: ignore[attr-defined]
    resident_address = forms.CharField(
        label=_("Resident's address (optional)"),
        required=False,
        max_length=500,
        widget=_textarea(3),
        error_messages={"max_length": _("The address must be 500 characters or fewer")},
    )
    resident_postcode = forms.CharField(
        label=_("Postcode (optional)"),
        required=False,
        max_length=10,
        widget=_text(spellcheck=False),
        error_messages={"max_length": _("Enter a real postcode, like CF10 1EP")},
    )
    resident_postcode.govuk_class = "govuk-input--width-10"  # type: ignore[attr-defined]
    title = forms.CharField(
        label=_("Summary"),
        help_text=_("A few words you will recognise in your list, for example 'Damp in the bedroom, Elm Row'"),
        max_length=SHORT_LIMIT,
        error_messages={
            "required": _("Enter a summary"),
            "max_length": _("The summary must be 200 characters or fewer"),
        },
    )
    details = forms.CharField(
        label=_("What is it about?"),
        max_length=TEXT_LIMIT,
        widget=_textarea(6),
        error_messages={
            "required": _("Enter what it is about"),
            "max_length": _("What it is about must be 6,000 characters or fewer"),
        },
    )
    desired_outcome = forms.CharField(
        label=_("What does the resident want done? (optional)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=_textarea(3),
        error_messages={"max_length": _("What the resident wants must be 6,000 characters or fewer")},
    )
    has_consent = forms.BooleanField(
        label=_("The resident has agreed to me raising this for them"),
        help_text=_("You will see its progress and outcome, and nothing else about the resident."),
        error_messages={"required": _("Confirm that the resident has agreed to you raising this")},
    )
    consent_evidence = forms.CharField(
        label=_("How did they agree?"),
        help_text=_("For example, by email on 3 March, or in person at my surgery on 1 March"),
        max_length=300,
        error_messages={
            "required": _("Enter how the resident agreed"),
            "max_length": _("How they agreed must be 300 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a service")), *((c.key, c.label) for c in service_choices())]

    def clean_resident_postcode(self) -> str:
        return clean_postcode(self.cleaned_data["resident_postcode"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contact_fields = ("resident_email", "resident_phone", "resident_address")
        if not any(data.get(name) for name in contact_fields) and not any(
            name in self.errors for name in contact_fields
        ):
            self.add_error(
                "resident_email", _("Enter at least one way to contact the resident: email, phone or address")
            )
        return data


# --- evidence -------------------------------------------------------------------------------------------------


class FileInput(forms.FileInput):
    """`<input type="file" multiple>`. Named so its widget type is "file", which gets the GOV.UK file upload class."""

    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"multiple": True, "accept": ".pdf,.jpg,.jpeg,.png,.docx", **(attrs or {})})


class MultipleFileField(forms.FileField):
    """Several files from one `<input type="file" multiple>`, checked by type, size and number."""

    widget = FileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [file for file in files if file]


EVIDENCE_HELP = _(
    "You can send up to 5 files: photos (JPG or PNG), PDFs or Word documents (DOCX). Each must be smaller than 10MB."
)


def check_files(files: list[Any], already: int = 0) -> list[tuple[Any, CheckedFile]]:
    """(file, what it is and its scan) for each file, or a ValidationError listing every problem (GOV.UK words)."""
    if already + len(files) > MAX_FILES:
        if already:
            raise forms.ValidationError(
                _("You can send up to 5 files. You have already added %(count)s, so select %(left)s or fewer")
                % {"count": already, "left": max(MAX_FILES - already, 0)}
            )
        raise forms.ValidationError(_("Select up to 5 files"))
    checked, problems = [], []
    for upload in files:
        try:
            checked.append((upload, check_file(upload)))
        except EvidenceError as error:
            problems.append(str(error))
    if problems:
        raise forms.ValidationError(problems)
    return checked


class EvidenceForm(StepForm):
    """Optional files with a complaint. Files are saved as soon as they are sent, so they survive going back."""

    title = _("Do you have any evidence to send? (optional)")
    takes_files: ClassVar[bool] = True
    evidence = MultipleFileField(label=_("Upload files"), help_text=EVIDENCE_HELP)

    def __init__(self, *args: Any, already: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.already = already

    def clean_evidence(self) -> list[tuple[Any, CheckedFile]]:
        return check_files(self.cleaned_data["evidence"], self.already)

    def serialise(self) -> dict[str, Any]:
        return {}  # the files are rows, not answers; the view records their names

    @classmethod
    def summary(cls, answers: dict[str, Any]) -> list[tuple[str, str]]:
        names = answers.get("names") or []
        return [(str(_("Evidence")), ", ".join(names) if names else str(_("None sent")))]


# --- the customer's account -----------------------------------------------------------------------------------


class SignInForm(GovukForm):
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("Use the email address you gave us when you contacted us"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


class InformationForm(GovukForm):
    text = forms.CharField(
        label=_("What would you like to tell us?"),
        help_text=_(
            "For example, something that has happened since, or something we should know. 6,000 characters at most."
        ),
        max_length=TEXT_LIMIT,
        widget=_textarea(6),
        error_messages={
            "required": _("Enter what you would like to tell us"),
            "max_length": _("What you tell us must be 6,000 characters or fewer"),
        },
    )
    evidence = MultipleFileField(label=_("Upload files (optional)"), help_text=EVIDENCE_HELP)

    def clean_evidence(self) -> list[tuple[Any, CheckedFile]]:
        return check_files(self.cleaned_data["evidence"])


class CallbackForm(GovukForm):
    phone = PhoneField(
        label=_("Phone number"),
        help_text=_("For international numbers include the country code"),
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"required": _("Enter the phone number we should call")},
    )
    phone.govuk_class = "govuk-input--width-20"  # type: ignore[attr-defined]
    preferred_times = forms.CharField(
        label=_("When is best to call you?"),
        help_text=_("For example, weekday mornings, or after 3pm on Tuesdays"),
        max_length=500,
        widget=_textarea(3),
        error_messages={
            "required": _("Enter when is best to call you"),
            "max_length": _("When to call must be 500 characters or fewer"),
        },
    )


class ConfirmRequestForm(GovukForm):
    """A confirmation button only: the customer need not give a reason (Complaint Handling Code 6.12)."""


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are you withdrawing your complaint? (optional)"),
        help_text=_("You do not have to tell us"),
        required=False,
        max_length=2000,
        widget=_textarea(3),
        error_messages={"max_length": _("Your reason must be 2,000 characters or fewer")},
    )


class SurveyForm(GovukForm):
    handling_rating = forms.ChoiceField(
        label=_("How satisfied are you with how we handled your complaint?"),
        choices=SatisfactionResponse.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how satisfied you are with how we handled your complaint")},
    )
    kept_informed = forms.ChoiceField(
        label=_("Did we keep you informed while we looked into it?"),
        choices=SatisfactionResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether we kept you informed")},
    )
    comments = forms.CharField(
        label=_("Is there anything else you would like to tell us? (optional)"),
        help_text=_("Do not include personal details"),
        required=False,
        max_length=2000,
        widget=_textarea(4),
        error_messages={"max_length": _("Your comments must be 2,000 characters or fewer")},
    )
