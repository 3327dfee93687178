"""UK postcodes in one written form ("SW1A 1AA"), so a postcode typed any way finds the same records."""

from __future__ import annotations

import re

# Outward code (area, district, optional letter or digit), then inward code (sector digit, unit letters).
POSTCODE_RE = re.compile(r"^(?P<outward>[A-Z]{1,2}\d[A-Z\d]?)(?P<inward>\d[A-Z]{2})$")
# Part of a postcode: an outward code alone, or with the start of the inward code (the sector digit, perhaps a unit
# letter) written with or without the space.
OUTWARD_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
INWARD_START_RE = re.compile(r"^[0-9][A-Z]?$")
PARTIAL_RE = re.compile(r"^(?P<outward>[A-Z]{1,2}[0-9][A-Z0-9]?)(?P<inward>[0-9][A-Z]?)$")


def normalise_postcode(text: str) -> str | None:
    """Turn "sw1a1aa" or " SW1A  1AA " into "SW1A 1AA"; None if `text` is not a full UK postcode.

    To store what someone typed, use `postcode_for_storage`.
    """
    match = POSTCODE_RE.match("".join(text.split()).upper())
    if match is None:
        return None
    return f"{match['outward']} {match['inward']}"


def postcode_for_storage(text: str) -> str:
    """What to keep of a postcode someone typed, whichever way it came in (a form, the API, an import): the one
    written form of a full postcode ("SW1A 1AA"), else their text without the spaces around it ("SW1A", "")."""
    return normalise_postcode(text) or text.strip()


def postcode_areas(text: str) -> tuple[str, ...]:
    """How the stored postcodes (`normalise_postcode`'s form) in the area `text` names begin, for a search by part of
    a postcode; none if `text` is not part of one (a full postcode is `normalise_postcode`'s).

    An outward code alone ("sw1a", "M1") is its district, with the space: "SW1A ", "M1 ", so that M1 does not find
    M11. With the start of the inward code ("SW1A 1", "sw1a1a"): "SW1A 1", "SW1A 1A". Text that can be read both ways
    gives both starts: "tv15" is the district TV15 ("TV15 ") or TV1's sector 5 ("TV1 5").
    """
    words = text.upper().split()
    if len(words) == 2 and OUTWARD_RE.match(words[0]) and INWARD_START_RE.match(words[1]):
        return (f"{words[0]} {words[1]}",)
    if len(words) != 1:
        return ()
    areas = [f"{words[0]} "] if OUTWARD_RE.match(words[0]) else []
    match = PARTIAL_RE.match(words[0])
    if match:
        areas.append(f"{match['outward']} {match['inward']}")
    return tuple(areas)
