"""A case title made from what a resident wrote reads as a summary, not a cut-off chunk."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from putright.core.text import day_and_time, long_date, short_title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("My bin was not emptied. It has been three weeks now.", "My bin was not emptied"),
        ("Nobody came!  I waited all day.", "Nobody came"),
        ("  The streetlight\n on Elm Road is out  ", "The streetlight on Elm Road is out"),
        (
            "I reported a leaking roof in March and nobody has come to look at it even though I have phoned every "
            "week since then",
            "I reported a leaking roof in March and nobody has come to look at it…",
        ),
        (
            "The repairs team said they would come on Monday and then they did not turn up at all and I am",
            "The repairs team said they would come on Monday and then they did not turn up…",
        ),
        ("", ""),
        ("x" * 100, "x" * 79 + "…"),
    ],
)
def test_short_title(text, title):
    """A title cut mid-sentence ends between words with "…"; a whole first sentence has none."""
    assert short_title(text) == title
    assert not short_title(text).endswith(("...", " and", " the", " to", " and…", " the…", " to…", " …"))
    assert len(short_title(text)) <= 80


def test_long_date_has_no_leading_zero():
    assert long_date(date(2026, 3, 4)) == "4 March 2026"
    assert long_date(date(2026, 12, 18)) == "18 December 2026"


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_day_and_time_reads_as_the_date_filter_does(language):
    """The timeline shows times through `day_and_time`: what the `date` filter's "j F Y H:i" showed, in Welsh too."""
    moments = [
        datetime(2026, month, day, hour, minute)
        for month in range(1, 13)
        for day, hour, minute in ((1, 0, 5), (28, 23, 59))
    ]
    with translation.override(language):
        for moment in moments:
            assert day_and_time(moment) == date_filter(moment, "j F Y H:i")
    assert day_and_time(datetime(2026, 3, 4, 9, 5)) == "4 March 2026 09:05"
