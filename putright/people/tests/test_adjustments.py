"""Adjustments recognised in a customer's own words."""

from __future__ import annotations

import pytest

from putright.people.adjustments import recognised_adjustments


@pytest.mark.parametrize(
    ("words", "adjustments"),
    [
        ("Large print letters, please.", ["Letters and documents in large print"]),
        (
            "I am dyslexic and would rather have a phone call instead",
            [
                "Dyslexia: short, plain written information, and the offer to talk it through by phone",
                "Phone calls instead of letters",
            ],
        ),
        ("Print bras os gwelwch yn dda", ["Letters and documents in large print"]),
        ("Please only write after 2pm", ["Please only write after 2pm"]),  # unknown words are kept whole
        ("   ", []),
    ],
)
def test_the_customers_words_are_recognised_as_adjustments(words, adjustments):
    assert recognised_adjustments(words) == adjustments
