"""Reasonable adjustments recognised in a customer's own words ("large print", "I am dyslexic").

Each becomes an adjustment for staff to confirm (LGSCO Code 5.6), worded as staff would record it. Words that match
nothing are kept whole as one request, so nothing the customer asked for is lost.
"""

from __future__ import annotations

import re

# (what to look for, the adjustment staff would record). Checked in order; each adjustment is suggested once.
RECOGNISED: tuple[tuple[str, str], ...] = (
    (
        r"large[- ]?print|big(?:ger)? (?:print|text|writing)|larger (?:print|text|font)|print bras",
        "Letters and documents in large print",
    ),
    (r"dyslexi|dyslecs", "Dyslexia: short, plain written information, and the offer to talk it through by phone"),
    (r"braille", "Letters and documents in Braille"),
    (r"easy[- ]read", "Letters and documents in Easy Read"),
    (r"\bbsl\b|sign language|iaith arwyddion", "A British Sign Language interpreter"),
    (r"interpret|translat|cyfieithydd", "An interpreter (ask which language)"),
    (
        r"\bdeaf\b|hard of hearing|hearing (?:loss|impair)",
        "Deaf or hard of hearing: contact in writing, by email or text",
    ),
    (
        r"\bblind\b|partially sighted|sight loss|visual(?:ly)? impair",
        "Sight loss: information read out or in an accessible format",
    ),
    (r"(?:phone|call)s? (?:me )?instead|rather (?:be|have a) (?:phone|call)|ring me", "Phone calls instead of letters"),
    (r"email (?:me )?instead|by email only|prefer email", "Contact by email instead of letters"),
    (r"more time|extra time|longer to (?:reply|respond)", "More time to reply"),
    (
        r"advocate|support worker|someone (?:with me|to help)|carer",
        "Someone with them to help (an advocate, carer or supporter)",
    ),
    (r"wheelchair|step[- ]free|mobility", "A step-free place for any meeting or visit"),
)


def recognised_adjustments(words: str) -> list[str]:
    """The adjustments `words` ask for, worded for the customer's record; the words themselves if none is known."""
    text = words.strip()
    if not text:
        return []
    found = [adjustment for pattern, adjustment in RECOGNISED if re.search(pattern, text, re.IGNORECASE)]
    return found or [text[:300]]
