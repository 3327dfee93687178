"""`seed_demo` has the seeder write its rows as the demo's later steps would leave them (`finished`), rather than
update them after: the rows must be exactly those the later steps' updates give."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from putright.demo.cases import seed_cases
from putright.demo.organisation import create_organisation
from putright.demo.responses import match_responses_to_complaints
from putright.demo.returns import seed_returns
from putright.demo.tests.test_seed_digest import MOMENT, seeded_rows_digest
from putright.people.choices import Tenure
from putright.people.models import Customer


def _seeded_then_finished(demo, *, finished: bool) -> tuple[str, int, int, int]:
    """The fingerprint of the seeded rows after the later steps, how many stages those steps changed, and how many
    customers had a tenure before them and after; nothing is kept."""
    with_tenure = Customer.objects.exclude(tenure=Tenure.UNKNOWN)
    with transaction.atomic():
        seed_cases(demo, 400, seed=7, bulk=False, finished=finished)
        tenures_before = with_tenure.count()
        changed = match_responses_to_complaints()
        seed_returns(demo)
        result = (seeded_rows_digest(), changed, tenures_before, with_tenure.count())
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_rows_written_finished_are_those_the_later_steps_leave():
    with time_machine.travel(MOMENT, tick=False):
        demo = create_organisation()
        updated, changed_after, _none, tenures = _seeded_then_finished(demo, finished=False)
        written, changed_when_finished, written_tenures, _same = _seeded_then_finished(demo, finished=True)
    assert written == updated
    assert changed_after > 100 and tenures > 50  # the later steps had words and tenures to give
    # Written finished, the words were all there already, and most tenures (the rest were customers written before
    # their first housing case).
    assert changed_when_finished == 0
    assert tenures * 0.8 < written_tenures <= tenures
