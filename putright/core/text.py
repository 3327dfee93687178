"""Text helpers shared by the apps (no domain rules)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from html import escape as html_escape
from typing import Any

from django.utils.dates import MONTHS
from django.utils.html import conditional_escape

# Words a cut title should not end on: "The bin was not emptied and" reads as cut off, "The bin was not emptied" not.
_DANGLING = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "because",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "so",
        "than",
        "that",
        "the",
        "then",
        "to",
        "was",
        "were",
        "when",
        "which",
        "while",
        "who",
        "with",
        "i",
        "my",
        "our",
        "your",
        "their",
        "its",
        "is",
        "are",
        "has",
        "have",
        "had",
        "even",
        "though",
        "although",
        "if",
        "since",
        "about",
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def short_title(text: str, limit: int = 80) -> str:
    """A case title from what someone wrote: their first sentence, or its first words cut between words and
    followed by "…", so the reader sees the sentence goes on (the title is at most `limit` characters with it).

    When the first sentence is too long it is cut at the last word that fits, and words that would leave it
    hanging ("and", "the", "to" ...) are dropped.
    """
    words = " ".join(text.split())
    if not words:
        return ""
    first = _SENTENCE_END.split(words, maxsplit=1)[0].rstrip(" .!?,;:-")
    if len(first) <= limit:
        return first
    room = limit - 1  # for the "…"
    cut = first[: room + 1].split(" ")[:-1] or [first[:room]]
    while len(cut) > 1 and cut[-1].lower().strip(",;:-") in _DANGLING:
        cut.pop()
    return " ".join(cut).rstrip(" ,;:-") + "…"


def salutation_name(title: str, first_name: str, last_name: str) -> str:
    """The name after "Dear" (or "Annwyl"): title and last name when a title is known ("Mrs Nowak"), else the full
    name ("Barbara Nowak"); "" when there is no name, and the letter then says "Dear customer"."""
    title, first_name, last_name = title.strip(), first_name.strip(), last_name.strip()
    if title and last_name:
        return f"{title} {last_name}"
    return " ".join(part for part in (first_name, last_name) if part)


@lru_cache(maxsize=4096)  # a bulk history (the demo seeder, imports) writes the same few thousand days again and again
def long_date(day: date) -> str:
    """A date as people read it: "4 March 2026" (not "04 March 2026"), for summaries written in English."""
    return f"{day.day} {day:%B %Y}"


def day_and_time(moment: datetime) -> str:
    """A time as the `date` filter's "j F Y H:i" gives it ("4 March 2026 09:05", the month in the active language),
    for a page showing many: the filter costs about ten times as much (the case page's timeline has up to ten)."""
    return f"{moment.day} {MONTHS[moment.month]} {moment.year:04d} {moment.hour:02d}:{moment.minute:02d}"


def printable(text: str) -> str:
    """`text` without control characters (a NUL byte, say) nor invisible format ones (a right-to-left override, which
    would turn the words around it), for echoing what someone typed into a page."""
    return "".join(character for character in text if unicodedata.category(character) not in ("Cc", "Cf"))


def quoted(text: str, limit: int = 20) -> str:
    """What someone asked for, quoted back to them in a notice (`printable`), cut to `limit` characters: “abc”.
    Nothing left to show (only control characters were sent) reads "That", as the notices start with it ("That is
    not a status."), rather than an empty pair of quotes."""
    text = printable(text)
    if not text:
        return "That"
    return f"“{text if len(text) <= limit else f'{text[:limit]}…'}”"


def escaped(value: Any) -> str:
    """`value` escaped as a template escapes it (`conditional_escape`: text marked safe is left as it is), in one
    call for plain text, for the pages that write many values in Python (`cases/templatetags`)."""
    if type(value) is str:
        return html_escape(value)
    return conditional_escape(value)
