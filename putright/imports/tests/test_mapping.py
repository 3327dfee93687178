"""Mapping files in any of the three formats, and exports in the encodings old systems write."""

from __future__ import annotations

import json
import tomllib

import pytest
import yaml

from putright.imports.mapping import MappingError, parse_mapping
from putright.imports.reading import ExportError, read_table
from putright.imports.tests.conftest import EXAMPLES


def test_the_same_mapping_reads_the_same_from_toml_json_and_yaml():
    text = (EXAMPLES / "caseworks.toml").read_text()
    data = tomllib.loads(text)

    from_toml = parse_mapping(text, "caseworks.toml")

    assert parse_mapping(json.dumps(data), "caseworks.json") == from_toml
    assert parse_mapping(yaml.safe_dump(data), "caseworks.yml") == from_toml
    assert from_toml.codes["service"]["hsg-r"] == "housing-repairs"  # codes match whatever their case


def test_a_mapping_file_of_another_kind_is_refused_by_name():
    with pytest.raises(MappingError, match=r"mapping.txt: a mapping file ends \.toml, \.yaml, \.yml or \.json"):
        parse_mapping("system = 'x'", "mapping.txt")


def test_a_windows_encoded_csv_keeps_its_pound_signs():
    table = read_table("Ref,Amount\nA1,£250\n".encode("cp1252"), "export.csv")

    assert table.rows == ((2, {"Ref": "A1", "Amount": "£250"}),)


def test_a_workbook_without_the_named_sheet_says_which_sheets_it_has():
    with pytest.raises(ExportError, match=r"has no sheet called 'Cases' \(it has Contacts, Responses\)"):
        read_table((EXAMPLES / "crm-export.xlsx").read_bytes(), "crm-export.xlsx", "Cases")
