"""One rule for a phone number someone gives for a customer, wherever it comes in: the public and portal forms, the
staff forms, the API, Open311 reports and imports. The number is kept as it was typed; only its shape is checked.

A UK number is 0 and 9 or 10 more digits ("07700 900123", "(01632) 960 123", "0800 123 456"), or the same after
+44 or 0044, with or without the "(0)" people write after it ("+44 (0)7700 900123"). Any other number starting with +
or 00 and a country code (which never starts with 0) is taken as international: the country code and number, 7 to
15 digits in all (ITU-T E.164). A + only starts a number, and a number has at most one pair of brackets.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_MAX_LENGTH = 40  # the Customer, Representative and CustomerRequest columns
PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")
# At most one pair of brackets, opened before it is closed, with a digit inside ("(01632)", "(0)").
BRACKETS = re.compile(r"^[^()]*(\([^()]*[0-9][^()]*\))?[^()]*$")
UK_DIGITS = (10, 11)
INTERNATIONAL_DIGITS = (7, 15)

CHARACTERS = _("Enter a phone number using only numbers 0 to 9, spaces, brackets, hyphens and +")
TOO_SHORT = _("The phone number is too short: enter all of it, with the area code, like 01632 960 001 or 07700 900 982")
TOO_LONG = _("The phone number is too long: a UK number has no more than 11 digits, like 07700 900 982")
NO_ZERO = _(
    "Start a UK phone number with 0, like 07700 900 982, or an international number with + and the country code"
)
PLUS_AT_START = _("Put + only at the start of the phone number, before the country code, like +44 7700 900 982")
ONE_PAIR_OF_BRACKETS = _("Use brackets only once in a phone number, around the area code, like (01632) 960 001")
# One pair, but empty ("()0770…"), or not closed, or closed before it opens: "only once" would be untrue.
BRACKETS_ROUND_AREA_CODE = _("Brackets in a phone number go round the area code, like (01632) 960 001")
NOT_A_NUMBER = _(
    "Enter a real phone number, like 07700 900 982, or an international number with + and the country code, "
    "which does not start with 0"
)
SPACED_TOO_LONG = _("Enter the phone number in 40 characters or fewer: leave out the extra spaces and hyphens")
INTERNATIONAL_TOO_SHORT = _("The phone number is too short: enter the country code and all of the number")
INTERNATIONAL_TOO_LONG = _("The phone number is too long: an international number has no more than 15 digits")


def _uk_national(typed: str, digits: str) -> str | None:
    """The national digits ("07700900123") of a number given with +44 or 0044; None for any other country."""
    for prefix in ("+44", "0044"):
        if typed.startswith(prefix):
            rest = digits[len(prefix.lstrip("+")) :]
            # "+44 (0)7700 900123": the 0 is the trunk prefix written out, not a digit of the number.
            return rest if rest.startswith("0") else "0" + rest
    return None


def check_phone(text: str) -> str:
    """The number as typed, without the spaces around it ("" stays ""); a ValidationError saying what is wrong."""
    typed = (text or "").strip()
    if not typed:
        return ""
    if not PHONE_CHARACTERS.match(typed):
        raise forms.ValidationError(CHARACTERS, code="phone_characters")
    if "+" in typed[1:]:
        raise forms.ValidationError(PLUS_AT_START, code="phone_plus")
    if not BRACKETS.match(typed):
        more_than_once = typed.count("(") > 1 or typed.count(")") > 1
        raise forms.ValidationError(
            ONE_PAIR_OF_BRACKETS if more_than_once else BRACKETS_ROUND_AREA_CODE, code="phone_brackets"
        )
    digits = re.sub(r"\D", "", typed)
    national = _uk_national(typed, digits)
    if national is None and (typed.startswith("+") or digits.startswith("00")):
        lowest, highest = INTERNATIONAL_DIGITS
        international = digits[2:] if not typed.startswith("+") else digits
        if international.startswith("0"):
            # No country code starts with 0: "00000 000000" is not a number abroad.
            raise forms.ValidationError(NOT_A_NUMBER, code="phone_not_a_number")
        if len(international) < lowest:
            raise forms.ValidationError(INTERNATIONAL_TOO_SHORT, code="phone_too_short")
        if len(international) > highest:
            raise forms.ValidationError(INTERNATIONAL_TOO_LONG, code="phone_too_long")
        return _within_column(typed)
    national = national if national is not None else digits
    if not national.startswith("0"):
        # First: its start is what is wrong. "Too short" would have them add digits to "12345", and "too long" drop
        # some, from a number that still would not start with 0 or +44.
        raise forms.ValidationError(NO_ZERO, code="phone_no_zero")
    if len(national) < UK_DIGITS[0]:
        raise forms.ValidationError(TOO_SHORT, code="phone_too_short")
    if len(national) > UK_DIGITS[1]:
        raise forms.ValidationError(TOO_LONG, code="phone_too_long")
    if national.startswith("00"):
        # "+44 0000 000000": it does start with 0, but no UK number has 0 after it.
        raise forms.ValidationError(NOT_A_NUMBER, code="phone_not_a_number")
    return _within_column(typed)


def _within_column(typed: str) -> str:
    """A number of the right digits, spaced out past the column (`PHONE_MAX_LENGTH`): its one message."""
    if len(typed) > PHONE_MAX_LENGTH:
        raise forms.ValidationError(SPACED_TOO_LONG, code="phone_too_long")
    return typed


def phone_problem(text: str) -> str | None:
    """What is wrong with the number, in words; None when it is fine (or empty). For the API and imports."""
    try:
        check_phone(text)
    except forms.ValidationError as error:
        return str(error.messages[0])
    return None


class PhoneField(forms.CharField):
    """A phone number field checked by `check_phone`; one longer than the column is told so in the same words."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", PHONE_MAX_LENGTH)
        kwargs.setdefault("required", False)
        kwargs["error_messages"] = {"max_length": SPACED_TOO_LONG, **(kwargs.get("error_messages") or {})}
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        # The number's own check first: forty letters are told what a phone number may hold, not that it is long.
        check_phone(self.to_python(value) or "")
        return str(super().clean(value))
