"""The mapping file: which of an old system's columns hold which of our fields, and what its codes mean.

Written by whoever knows the old export, in TOML, YAML or JSON (the same keys in each). The shipped examples in
docs/imports/ show both shapes councils' exports commonly have: one row per case with stage columns, and one
row per contact with a separate sheet of responses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

# Our fields a case row may fill. Required ones must be mapped to a column.
CASE_FIELDS = frozenset(
    {
        "reference",
        "received",
        "kind",
        "channel",
        "service",
        "procedure",
        "category",
        "title",
        "description",
        "desired_outcome",
        "postcode",
        "ward",
        "first_name",
        "last_name",
        "email",
        "phone",
        "address",
        "closed",
        "lead_officer",
        "ombudsman",
        "ombudsman_reference",
        "ombudsman_referred",
        "ombudsman_decision",
        "ombudsman_decision_date",
        "ombudsman_summary",
    }
)
REQUIRED_CASE_FIELDS = ("reference", "received", "service")
# Our fields for one stage, from a group of stage columns on the case row or from a row of the responses sheet.
STAGE_FIELDS = frozenset(
    {
        "received",
        "acknowledged",
        "due",
        "original_due",
        "responded",
        "outcome",
        "reasons",
        "remedy_type",
        "remedy",
        "remedy_amount",
        "remedy_done",
        "handler",
    }
)
RESPONSE_FIELDS = STAGE_FIELDS | {"case_reference", "stage"}
REQUIRED_RESPONSE_FIELDS = ("case_reference", "stage")
# Fields whose values may be the old system's codes, translated by [codes.<field>].
CODED_FIELDS = frozenset(
    {"kind", "channel", "service", "procedure", "category", "outcome", "remedy_type", "ombudsman", "ombudsman_decision"}
)
DEFAULTABLE_FIELDS = frozenset({"kind", "channel", "procedure"})
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


class MappingError(Exception):
    """The mapping file cannot be used; each line of `problems` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class StageColumns:
    number: int
    columns: dict[str, str]  # our stage field -> their column


@dataclass(frozen=True)
class Mapping:
    system: str
    case_columns: dict[str, str]  # our field -> their column
    cases_sheet: str = ""  # the workbook sheet holding the cases (XLSX); the first sheet when empty
    stage_columns: tuple[StageColumns, ...] = ()
    responses_sheet: str = ""  # the workbook sheet of responses (XLSX with two sheets)
    responses_file: str = ""  # or a second CSV, named relative to the cases file
    response_columns: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> their code -> our value
    defaults: dict[str, str] = field(default_factory=dict)
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS

    @property
    def has_responses(self) -> bool:
        return bool(self.response_columns)


def parse_mapping(text: str, name: str) -> Mapping:
    """Read a mapping from TOML, YAML or JSON (chosen by the file name's ending) and check it."""
    # Imported here, not at the top: only an import reads a mapping, and web workers need not load the parsers to start.
    import tomllib

    import yaml

    suffix = PurePath(name).suffix.lower()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            raise MappingError([f"{name}: a mapping file ends .toml, .yaml, .yml or .json"])
    except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as error:
        raise MappingError([f"{name} cannot be read: {error}"]) from error
    if not isinstance(data, dict):
        raise MappingError([f"{name}: the mapping must be a table of settings"])
    return _mapping_from(data)


def _mapping_from(data: dict[str, Any]) -> Mapping:
    problems: list[str] = []
    _unknown(data, {"system", "date_formats", "cases", "responses", "codes", "defaults"}, "", problems)
    system = data.get("system")
    if not isinstance(system, str) or not system.strip():
        problems.append("system: name the old system (it is shown on each imported case's timeline)")
        system = ""
    cases = _table(data.get("cases"), "cases", problems)
    _unknown(cases, {"sheet", "columns", "stages"}, "cases", problems)
    case_columns = _columns(cases.get("columns"), "cases.columns", CASE_FIELDS, problems)
    for required in REQUIRED_CASE_FIELDS:
        if required not in case_columns:
            problems.append(f"cases.columns: map the column that holds '{required}'")
    stage_columns = []
    for index, group in enumerate(cases.get("stages") or [], start=1):
        where = f"cases.stages[{index}]"
        group = _table(group, where, problems)
        number = group.get("number")
        if not isinstance(number, int) or number < 1:
            problems.append(f"{where}.number: give the stage number (1, 2 ...)")
            continue
        columns = {k: v for k, v in group.items() if k != "number"}
        stage_columns.append(StageColumns(number, _columns(columns, where, STAGE_FIELDS, problems)))
    responses = _table(data.get("responses") or {}, "responses", problems)
    _unknown(responses, {"sheet", "file", "columns"}, "responses", problems)
    response_columns = _columns(responses.get("columns") or {}, "responses.columns", RESPONSE_FIELDS, problems)
    if responses:
        for required in REQUIRED_RESPONSE_FIELDS:
            if required not in response_columns:
                problems.append(f"responses.columns: map the column that holds '{required}'")
        if stage_columns:
            problems.append("Give stages either as cases.stages columns or as a responses sheet, not both")
    codes: dict[str, dict[str, str]] = {}
    for coded, table in _table(data.get("codes") or {}, "codes", problems).items():
        if coded not in CODED_FIELDS:
            problems.append(f"codes.{coded}: codes can be given for {', '.join(sorted(CODED_FIELDS))}")
            continue
        table = _table(table, f"codes.{coded}", problems)
        codes[coded] = {str(k).strip().casefold(): str(v) for k, v in table.items()}
    defaults = {str(k): str(v) for k, v in _table(data.get("defaults") or {}, "defaults", problems).items()}
    for key in defaults:
        if key not in DEFAULTABLE_FIELDS:
            problems.append(f"defaults.{key}: defaults can be given for {', '.join(sorted(DEFAULTABLE_FIELDS))}")
    formats = data.get("date_formats", DEFAULT_DATE_FORMATS)
    if not isinstance(formats, list | tuple) or not all(isinstance(f, str) for f in formats):
        problems.append('date_formats: a list of formats such as "%d/%m/%Y"')
        formats = DEFAULT_DATE_FORMATS
    if problems:
        raise MappingError(problems)
    return Mapping(
        system=system.strip(),
        case_columns=case_columns,
        cases_sheet=str(cases.get("sheet", "")),
        stage_columns=tuple(stage_columns),
        responses_sheet=str(responses.get("sheet", "")),
        responses_file=str(responses.get("file", "")),
        response_columns=response_columns,
        codes=codes,
        defaults=defaults,
        date_formats=tuple(formats),
    )


def _table(value: Any, where: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a table of settings")
        return {}
    return value


def _unknown(table: dict[str, Any], known: set[str], where: str, problems: list[str]) -> None:
    for key in table:
        if key not in known:
            problems.append(f"{where + '.' if where else ''}{key}: not a setting PutRight knows")


def _columns(value: Any, where: str, fields: frozenset[str], problems: list[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for ours, theirs in _table(value, where, problems).items():
        if ours not in fields:
            problems.append(f"{where}.{ours}: not one of our fields ({', '.join(sorted(fields))})")
        elif not isinstance(theirs, str) or not theirs.strip():
            problems.append(f"{where}.{ours}: give the column's heading as text")
        else:
            columns[ours] = theirs.strip()
    return columns
