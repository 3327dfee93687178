"""UK postcodes in one written form ("SW1A 1AA"), so a postcode typed any way finds the same records."""

from __future__ import annotations

import re

# Outward code (area, district, optional letter or digit), then inward code (sector digit, unit letters).
POSTCODE_RE = re.compile(r"^(?P<outward>[A-Z]{1,2}\d[A-Z\d]?)(?P<inward>\d[A-Z]{2})$")


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
