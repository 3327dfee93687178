"""Writing checked records: a batch that fails leaves nothing of itself behind."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from django.db import IntegrityError

from putright.cases.models import Case, Contact, Stage, TimelineEvent
from putright.imports.checking import ReferralRecord, check_export
from putright.imports.mapping import parse_mapping
from putright.imports.reading import read_export
from putright.imports.services import import_records
from putright.imports.tests.conftest import EXAMPLES
from putright.people.models import Customer
from putright.procedures.models import ProcedureVersion

pytestmark = pytest.mark.django_db


def checked_records():
    mapping = parse_mapping((EXAMPLES / "caseworks.toml").read_text(), "caseworks.toml")
    cases, _ = read_export(mapping, "caseworks-cases.csv", Path(EXAMPLES / "caseworks-cases.csv").read_bytes())
    return mapping, check_export(mapping, cases, None).records


def test_a_failure_part_way_leaves_the_earlier_batches_whole_and_nothing_of_the_failed_one(administrator):
    mapping, records = checked_records()
    # A decision with no date: the database refuses it (a check the row check would have made first).
    broken = dataclasses.replace(
        records[1],
        referral=ReferralRecord(
            ombudsman="housing",
            reference="X",
            referred=records[1].received_at.date(),
            decision="service_failure",
            decision_date=None,
            summary="",
        ),
    )

    with pytest.raises(IntegrityError):
        import_records([records[0], broken, records[2]], system=mapping.system, actor=administrator, batch_size=1)

    assert list(Case.objects.values_list("imported_reference", flat=True)) == [records[0].reference]
    assert Contact.objects.count() == Customer.objects.count() == 1
    assert set(Stage.objects.values_list("case__imported_reference", flat=True)) == {records[0].reference}
    assert set(TimelineEvent.objects.values_list("case__imported_reference", flat=True)) == {records[0].reference}

    # Running it again (the record corrected) carries on where it stopped.
    outcome = import_records(records[:3], system=mapping.system, actor=administrator, batch_size=1)
    assert (outcome.created, outcome.unchanged) == (2, 1)


def test_a_postcode_is_kept_as_it_would_be_from_any_other_way_in(administrator):
    # The staff form, the public form and the API keep a full postcode in one written form, and anything else as
    # typed without the spaces around it: an import keeps the same.
    mapping = parse_mapping((EXAMPLES / "caseworks.toml").read_text(), "caseworks.toml")
    rows = list(csv.reader(io.StringIO((EXAMPLES / "caseworks-cases.csv").read_text())))
    column = rows[0].index("Postcode")
    rows[1][column], rows[2][column] = " tv12ab ", "  TV1 "
    written = io.StringIO()
    csv.writer(written).writerows(rows)
    cases, _ = read_export(mapping, "caseworks-cases.csv", written.getvalue().encode())
    records = check_export(mapping, cases, None).records
    import_records(records[:2], system=mapping.system, actor=administrator)
    kept = dict(Case.objects.values_list("imported_reference", "postcode"))
    assert kept == {records[0].reference: "TV1 2AB", records[1].reference: "TV1"}


def _rows_changed(change) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO((EXAMPLES / "caseworks-cases.csv").read_text())))
    change(rows[0], rows[1])
    return rows


def _check(rows: list[list[str]]):
    mapping = parse_mapping((EXAMPLES / "caseworks.toml").read_text(), "caseworks.toml")
    written = io.StringIO()
    csv.writer(written).writerows(rows)
    cases, _ = read_export(mapping, "caseworks-cases.csv", written.getvalue().encode())
    return check_export(mapping, cases, None)


def test_a_service_request_with_no_procedure_takes_the_one_for_service_requests(council):
    # As on the staff forms: not its service's complaint procedure (the Code), whose dates are a complaint's.
    rows = _rows_changed(lambda heads, row: row.__setitem__(heads.index("Type"), "SR"))
    result = _check(rows)
    assert result.problems == []
    record = next(record for record in result.records if record.reference == rows[1][0])
    assert ProcedureVersion.objects.get(pk=record.procedure_version_id).procedure.slug == "service-request"


def test_a_phone_number_is_checked_as_every_form_checks_it(council):
    rows = _rows_changed(lambda heads, row: row.__setitem__(heads.index("Phone"), "01234"))
    problems = [str(problem) for problem in _check(rows).problems]
    assert problems == [
        "caseworks-cases.csv, row 2, column 'Phone': '01234': The phone number is too short: enter all of it, with "
        "the area code, like 01632 960 001 or 07700 900 982"
    ]
