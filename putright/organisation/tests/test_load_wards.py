"""`manage.py load_wards`: the postcode-to-ward list, loaded all or nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from putright.organisation.models import PostcodeWard

pytestmark = pytest.mark.django_db


def load(tmp_path, text: str) -> tuple[str, str]:
    path = tmp_path / "wards.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("load_wards", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_postcodes_normalised_and_prints_counts(tmp_path):
    PostcodeWard.objects.create(postcode="hp11aa", ward="Old name")
    PostcodeWard.objects.create(postcode="HP2 2BB", ward="Brookfield")
    out, _err = load(tmp_path, "postcode,ward\nhp1 1aa,Ashcombe\n HP22BB ,Brookfield\ncf101ep, Cathays \n\n")
    assert "Loaded 3 postcode(s): 1 added, 1 updated, 1 unchanged." in out
    assert dict(PostcodeWard.objects.values_list("postcode", "ward")) == {
        "HP1 1AA": "Ashcombe",
        "HP2 2BB": "Brookfield",
        "CF10 1EP": "Cathays",
    }


def test_the_model_stores_postcodes_normalised():
    assert PostcodeWard.objects.create(postcode=" sw1a1aa ", ward="St James's").postcode == "SW1A 1AA"


def test_every_bad_row_is_reported_by_line_and_nothing_is_saved(tmp_path):
    text = (
        "postcode,ward\n"
        "HP1 1AA,Ashcombe\n"  # line 2: good
        "not a postcode,Ashcombe\n"  # line 3
        "HP2 2BB,\n"  # line 4
        "HP3 3CC\n"  # line 5
        "HP1 1AA,Brookfield\n"  # line 6: clashes with line 2
        ",\n"  # line 7: blank, ignored
        "HP1 1AA,Ashcombe\n"  # line 8: a harmless repeat
    )
    path = tmp_path / "wards.csv"
    path.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="4 bad row"):
        call_command("load_wards", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Line 3: 'not a postcode' is not a UK postcode.",
        "Line 4: the ward is missing.",
        "Line 5: expected 2 columns (postcode,ward), found 1.",
        "Line 6: HP1 1AA is already given the ward 'Ashcombe' on line 2.",
    ]
    assert not PostcodeWard.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Line 1: the file is empty"),
        ("HP1 1AA,Ashcombe\n", "Line 1: the header must be postcode,ward"),
        ("postcode,ward,extra\n", "Line 1: the header must be postcode,ward"),
    ],
)
def test_a_header_is_required(tmp_path, text, message):
    path = tmp_path / "wards.csv"
    path.write_text(text, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_wards", str(path), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()
    assert not PostcodeWard.objects.exists()


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_wards", str(tmp_path / "nope.csv"))
