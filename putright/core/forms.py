"""GOV.UK Design System forms: widgets, a date field in three parts, and plain-English messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

NOT_ONE_OF_THE_OPTIONS = _("Select one of the options given")
_DJANGO_INVALID_CHOICE = (
    forms.ChoiceField.default_error_messages["invalid_choice"],
    forms.ModelChoiceField.default_error_messages["invalid_choice"],
    forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"],
)


class GovukFormMixin:
    """Renders a form with GOV.UK markup (error summary, inline errors with `id_<field>-error`)."""

    template_name = "govuk/form.html"
    use_required_attribute = False  # GOV.UK pattern: the server checks, the browser does not block

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's "Select a valid choice. X is not one of the available choices." only appears when a form has
        # been tampered with or has gone stale; say it plainly. A field's own message is kept.
        for field in self.fields.values():
            if field.error_messages.get("invalid_choice") in _DJANGO_INVALID_CHOICE:
                field.error_messages["invalid_choice"] = NOT_ONE_OF_THE_OPTIONS

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


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = DateWidget

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        parts = [str(part).strip() if part is not None else "" for part in (value or [])]
        if not any(parts):
            return None
        label = str(self.label or _("The date"))
        day, month, year = ([*parts, "", "", ""])[:3]
        missing = [name for name, part in ((_("day"), day), (_("month"), month), (_("year"), year)) if not part]
        if missing:
            raise forms.ValidationError(
                _("%(label)s must include a %(part)s") % {"label": label, "part": " and ".join(map(str, missing))}
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(_("%(label)s must be a real date, in numbers") % {"label": label})
        if len(year) != 4:
            raise forms.ValidationError(_("The year must include 4 numbers"))
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("%(label)s must be a real date") % {"label": label}) from None

    def prepare_value(self, value: Any) -> Any:
        return value


def required_message(label: str) -> dict[str, str]:
    """GOV.UK style 'Enter …' / 'Select …' messages instead of Django's 'This field is required.'."""
    return {"required": label}
