"""GOV.UK Design System forms: widgets, a date field in three parts, and plain-English messages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from putright.core.periods import (
    Period,
    financial_year,
    financial_year_of,
    not_a_quarter,
    quarter,
    quarter_asked_for,
    quarter_name,
    year_asked_for,
    years_offered,
)
from putright.core.prepared import PreparedRead

NOT_ONE_OF_THE_OPTIONS = _("Select one of the options given")
_DJANGO_INVALID_CHOICE = (
    forms.ChoiceField.default_error_messages["invalid_choice"],
    forms.ModelChoiceField.default_error_messages["invalid_choice"],
    forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"],
)


# A length limit, named by the field's label ("Summary must be 200 characters or fewer. You have 600."): for fields
# with no message of their own, in place of Django's "Ensure this value has at most 200 characters (it has 600).".
TOO_LONG = _("%(label)s must be %(limit)s characters or fewer. You have %(count)s.")
# A label that is a question ("What happened?") cannot begin the sentence.
ANSWER_TOO_LONG = _("Your answer must be %(limit)s characters or fewer. You have %(count)s.")


class TooLong:
    """The words for a length limit exceeded, in the language of the moment when shown.

    Django formats a field's message with the validator's numbers (`message % params`); this does so with the
    field's label (read when shown, so a label a form changes is the one named) and the numbers written as people
    write them (6,000).
    """

    def __init__(self, field: forms.Field, name: str) -> None:
        self.field, self.name = field, name

    def __mod__(self, params: dict[str, Any]) -> str:
        # "Officer asked (optional)" is named "Officer asked".
        label = re.sub(r"\s*\([^)]*\)$", "", str(self.field.label or pretty_name(self.name))).strip()
        numbers = {"limit": f"{params['limit_value']:,}", "count": f"{params['show_value']:,}"}
        if not label or label.endswith("?"):
            return str(ANSWER_TOO_LONG) % numbers
        return str(TOO_LONG) % {"label": capfirst(label), **numbers}

    def __str__(self) -> str:
        max_length = getattr(self.field, "max_length", None) or 0
        return self % {"limit_value": max_length, "show_value": max_length}


class GovukFormMixin:
    """Renders a form with GOV.UK markup (error summary, inline errors with `id_<field>-error`)."""

    template_name = "govuk/form.html"
    use_required_attribute = False  # GOV.UK pattern: the server checks, the browser does not block

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's "Select a valid choice. X is not one of the available choices." only appears when a form has
        # been tampered with or has gone stale; say it plainly. A field's own message is kept.
        # Compared by identity: a field copies Django's lazy message object, and comparing lazy text by value
        # translates both sides, for every field of every form built.
        for name, field in self.fields.items():
            message = field.error_messages.get("invalid_choice")
            if message is not None and any(message is django_message for django_message in _DJANGO_INVALID_CHOICE):
                field.error_messages["invalid_choice"] = NOT_ONE_OF_THE_OPTIONS
            if getattr(field, "max_length", None) is not None and "max_length" not in field.error_messages:
                field.error_messages["max_length"] = TooLong(field, name)

    def full_clean(self: Any) -> None:
        super().full_clean()  # type: ignore[misc]  # a mixin before forms.Form
        # GOV.UK: one message per field. Django runs every validator, so an email address too long is also told
        # its format is wrong: the length message alone, and never the same words twice.
        for errors in (self._errors or {}).values():
            found = errors.as_data()
            if len(found) < 2:
                continue
            too_long = [error for error in found if error.code == "max_length"]
            kept = too_long[:1] or found
            errors.data[:] = [
                error
                for index, error in enumerate(kept)
                if error.messages not in [earlier.messages for earlier in kept[:index]]
            ]

    def first_error_anchor(self: Any, name: str) -> str:
        field = self.fields[name]
        if isinstance(field.widget, DateWidget):
            return f"id_{self.add_prefix(name)}_0"
        if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"id_{self.add_prefix(name)}_0"
        return f"id_{self.add_prefix(name)}"

    def error_summary(self: Any) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary, in field order."""
        items: list[tuple[str, str]] = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append((self.first_error_anchor(name), str(message)))
        return items


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _part in range(3)]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


# The longest email address a record keeps: the models' EmailField (254, RFC 5321's path limit less its brackets).
# Django's form EmailField allows 320, so a longer address would pass the form and fail the save.
EMAIL_MAX_LENGTH = 254


class EmailAddressField(forms.EmailField):
    """An email address no longer than the records keep (`EMAIL_MAX_LENGTH`): too long gets the form's length
    message naming the field, not a failed save."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages.

    The messages name the field by its label ("Date agreed must include a month"); a public page whose wording
    reads better written out in full (and translated whole) passes its own `error_messages` for the same codes.
    With `not_future=True` a date after today is refused ("future").
    """

    widget = DateWidget
    default_error_messages = {
        "day": _("%(label)s must include a day"),
        "month": _("%(label)s must include a month"),
        "year": _("%(label)s must include a year"),
        "day-month": _("%(label)s must include a day and month"),
        "day-year": _("%(label)s must include a day and year"),
        "month-year": _("%(label)s must include a month and year"),
        "not_numbers": _("%(label)s must be a real date, in numbers"),
        "invalid": _("%(label)s must be a real date"),
        "year_length": _("The year must include 4 numbers"),
        "future": _("%(label)s must be today or in the past"),
    }

    def __init__(self, *args: Any, not_future: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_future = not_future

    def _error(self, code: str) -> forms.ValidationError:
        label = str(self.label or _("The date"))
        return forms.ValidationError(self.error_messages[code], code=code, params={"label": label})

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        parts = [str(part).strip() if part is not None else "" for part in (value or [])]
        day, month, year = ([*parts, "", "", ""])[:3]
        if not (day or month or year):
            return None
        missing = "-".join(name for name, part in (("day", day), ("month", month), ("year", year)) if not part)
        if missing:
            raise self._error(missing)
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise self._error("not_numbers")
        if len(year) != 4:
            raise self._error("year_length")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise self._error("invalid") from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.not_future and value is not None and value > timezone.localdate():
            raise self._error("future")

    def prepare_value(self, value: Any) -> Any:
        return value


class PreparedChoiceField(forms.ModelChoiceField):
    """A choice of a model by id, found by `lookup` (a `PreparedRead` of one id, over the same rows as the field's
    queryset) rather than by building the queryset's `get()` on every form sent: as Django's own field otherwise,
    and wholly so when the choice is given by another field (`to_field_name`, as the API gives a slug)."""

    def __init__(self, *args: Any, lookup: PreparedRead[Any, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def to_python(self, value: Any) -> Any:
        if self.to_field_name:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        model = getattr(self.queryset, "model", None)
        if model is not None and isinstance(value, model):
            value = value.pk
        try:
            found = self.lookup(int(value))
        except (ValueError, TypeError, OverflowError):
            found = []
        if not found:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return found[0]


def required_message(label: str) -> dict[str, str]:
    """GOV.UK style 'Enter …' / 'Select …' messages instead of Django's 'This field is required.'."""
    return {"required": label}


# The years a report's date range may reach (`PeriodForm`).
RANGE_FIRST_YEAR = 1990
RANGE_YEARS_AHEAD = 10


class PeriodForm(GovukForm):
    """A financial year and quarter, or a date range: the period a report or list covers."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        required=False,
        empty_value=None,
        # All four, whatever the year in the address, so a past year's quarter 4 can be chosen with its year in one
        # go; a quarter still to come is refused when sent (`quarters_offered`, in `clean`).
        choices=[("", "Whole year"), *((number, quarter_name(number)) for number in (1, 2, 3, 4))],
    )
    start = GovukDateField(label="From", required=False, help_text="A date range replaces the year and quarter")
    end = GovukDateField(label="To", required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (year, financial_year(year).label) for year in years_offered(today)
        ]
        self.fields["year"].initial = financial_year_of(today)

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and (self.has_error("year") or self.has_error("quarter")):
            # The form shows the period the page shows (`period`), not the one refused: the error says what was
            # asked.
            shown = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict: both copy
            shown[self.add_prefix("year")] = str(self._chosen("year") or financial_year_of(self.today))
            shown[self.add_prefix("quarter")] = ""
            self.data = shown

    def _chosen(self, name: str) -> Any:
        """A field's value when it has no error (the rest of the form may have some), else None."""
        if not self.is_bound or self.has_error(name):
            return None
        return getattr(self, "cleaned_data", {}).get(name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_error("year"):
            # A year the reports do not offer: said as the report pages say it (not "select one of the options").
            problem = year_asked_for(self.data.get(self.add_prefix("year")), self.today).problem
            if problem:
                self.errors["year"] = self.error_class([f"{problem}."])
        asked = (self.data.get(self.add_prefix("quarter")) or "").strip()
        if self.has_error("quarter") and (problem := not_a_quarter(asked)):
            self.errors["quarter"] = self.error_class([f"{problem}."])
        elif data.get("quarter") and not self.has_error("year"):
            # A quarter still to come of a year offered: said as the quarterly return says it (`quarters_offered`).
            year = data.get("year") or financial_year_of(self.today)
            if problem := quarter_asked_for(asked, year, self.today).problem:
                self.add_error("quarter", f"{problem}.")
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end) and not (self.has_error("start") or self.has_error("end")):
            # A date given but not a real one has its own error: it was given, so "enter both" would be untrue.
            self.add_error("end" if start else "start", "Enter both dates of the range, or neither")
        elif start and end and end < start:
            self.add_error("end", "The end of the range must be on or after its start")
        # A range is compared with the same length just before it, month by month: keep it to dates that mean
        # something for a council's records, so a mistyped year gets an error rather than a calendar overflow.
        earliest, latest = date(RANGE_FIRST_YEAR, 1, 1), date(self.today.year + RANGE_YEARS_AHEAD, 12, 31)
        for name in ("start", "end"):
            day = data.get(name)
            if day and not earliest <= day <= latest:
                self.add_error(name, f"Enter a date from {earliest.year} to {latest.year}")
        return data

    def period(self) -> Period:
        """The chosen period, as far as it is valid: a range when both its dates are; else the year (the current one
        when none is valid) or its quarter when one is chosen (a quarter refused, or a year refused: the whole
        year)."""
        if (range_ := self._range()) is not None:
            return Period(*range_)
        year, number = self._year_and_quarter()
        return quarter(year, number) if number else financial_year(year)

    def shown_query(self) -> dict[str, Any]:
        """The query of the period `period` shows (as the form then shows it), for links to the same figures (a
        download): never a value refused, which would bounce back to the page."""
        if (range_ := self._range()) is not None:
            start, end = range_
            query: dict[str, Any] = {"start_0": start.day, "start_1": start.month, "start_2": start.year}
            return query | {"end_0": end.day, "end_1": end.month, "end_2": end.year}
        year, number = self._year_and_quarter()
        return {"year": year, "quarter": number} if number else {"year": year}

    def shown_querystring(self) -> str:
        return urlencode({self.add_prefix(name): value for name, value in self.shown_query().items()})

    def _range(self) -> tuple[date, date] | None:
        start, end = self._chosen("start"), self._chosen("end")
        if start and end and not self.has_error("start") and not self.has_error("end"):
            return start, end
        return None

    def _year_and_quarter(self) -> tuple[int, int | None]:
        year = self._chosen("year")
        number = self._chosen("quarter") if not (self.is_bound and self.has_error("year")) else None
        return (year or financial_year_of(self.today)), number
