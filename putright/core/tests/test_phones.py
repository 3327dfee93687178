"""The one phone rule: junk is refused, and each message is true of the number it is given for."""

from __future__ import annotations

import pytest
from django.utils import translation

from putright.core.phones import (
    BRACKETS_ROUND_AREA_CODE,
    CHARACTERS,
    NO_ZERO,
    NOT_A_NUMBER,
    ONE_PAIR_OF_BRACKETS,
    PLUS_AT_START,
    SPACED_TOO_LONG,
    TOO_SHORT,
    phone_problem,
)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("00000 000000", NOT_A_NUMBER),  # no country code starts with 0
        ("+0 7700 900123", NOT_A_NUMBER),
        ("+44 0000 000000", NOT_A_NUMBER),  # it does start with 0: not "Start a UK phone number with 0"
        ("()()()07700900123", ONE_PAIR_OF_BRACKETS),
        ("07700) 900 (123", BRACKETS_ROUND_AREA_CODE),  # one pair, the wrong way round: not "only once"
        ("()07700900123", BRACKETS_ROUND_AREA_CODE),
        ("07700 900123)", BRACKETS_ROUND_AREA_CODE),
        ("+44 7700 900123+", PLUS_AT_START),  # only digits, spaces and + : not "use only ..."
        ("++447700900123", PLUS_AT_START),
        ("ring me", CHARACTERS),
        ("7700 900123", NO_ZERO),
        ("12345", NO_ZERO),  # its start is what is wrong: not "too short", which would have them add digits
        ("1", NO_ZERO),
        ("01234", TOO_SHORT),
        ("+44 1234", TOO_SHORT),  # +44 stands for the 0
        ("1" * 20, NO_ZERO),  # its start is what is wrong, not that it has more than 11 digits
        ("   ".join("07700900123"), SPACED_TOO_LONG),
    ],
)
def test_junk_is_refused_with_a_true_message(typed, message):
    assert phone_problem(typed) == str(message)


@pytest.mark.parametrize(
    "typed", ["07700 900123", "(01632) 960 123", "+44 (0)7700 900123", "0044 7700 900123", "+33 1 23 45 67 89"]
)
def test_numbers_as_people_write_them_are_accepted(typed):
    assert phone_problem(typed) is None


def test_the_new_messages_are_in_welsh():
    with translation.override("cy"):
        assert phone_problem("++447700900123").startswith("Rhowch + ar ddechrau")
        assert phone_problem("()()()07700900123").startswith("Defnyddiwch gromfachau")
        assert phone_problem("()07700900123").startswith("Mae cromfachau mewn rhif ffôn")
        assert phone_problem("00000 000000").startswith("Rhowch rif ffôn go iawn")
        assert phone_problem("12345").startswith("Dechreuwch rif ffôn yn y DU gyda 0")
        assert phone_problem("   ".join("07700900123")).startswith("Rhowch y rhif ffôn mewn 40")
