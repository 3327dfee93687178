"""One written form for a postcode, whoever typed it and however."""

from __future__ import annotations

import pytest

from putright.core.postcodes import normalise_postcode, postcode_areas, postcode_for_storage


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" SW1A  1AA ", "SW1A 1AA"),
        ("cf10 1ep", "CF10 1EP"),
        ("M1 1AE", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("SW1A", None),  # an outward code alone is not a postcode
        ("1AA", None),
        ("not a postcode", None),
        ("", None),
    ],
)
def test_postcodes_are_written_one_way(typed: str, stored: str | None) -> None:
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" sw1a1aa ", "SW1A 1AA"), ("  SW1A ", "SW1A"), ("Abroad", "Abroad"), ("   ", "")],
)
def test_a_postcode_is_stored_in_its_one_form_or_as_typed_without_the_spaces_around_it(typed: str, stored: str) -> None:
    assert postcode_for_storage(typed) == stored


@pytest.mark.parametrize(
    ("typed", "starts"),
    [
        ("SW1A", ("SW1A ",)),  # the district, with its space: every "SW1A ..." and no other
        (" sw1a ", ("SW1A ",)),
        ("M1", ("M1 ",)),  # not M11 1AE
        ("M11", ("M11 ", "M1 1")),  # the district M11, or M1's sector 1 typed without the space
        ("tv15", ("TV15 ", "TV1 5")),
        ("M11 1", ("M11 1",)),
        ("SW1A 1", ("SW1A 1",)),
        ("sw1a1", ("SW1A 1",)),  # the sector without the space
        ("SW1A 1A", ("SW1A 1A",)),
        ("m11a", ("M1 1A",)),
        ("SW1A 1AA", ()),  # a full postcode is `normalise_postcode`'s
        ("SW1A1AA", ()),
        ("damp", ()),
        ("SW1A 1AA 2", ()),
        ("12", ()),
        ("", ()),
    ],
)
def test_part_of_a_postcode_is_read_as_the_starts_of_the_postcodes_in_its_area(
    typed: str, starts: tuple[str, ...]
) -> None:
    assert postcode_areas(typed) == starts
