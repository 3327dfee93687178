"""Writing checked records: a batch that fails leaves nothing of itself behind."""

from __future__ import annotations

import dataclasses
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
