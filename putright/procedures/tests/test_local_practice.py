"""Where a preset's time is not set by the rule it cites, the dates say so: the children's 2-working-day
acknowledgement is local practice; the PSOW model procedure's stage 1 time is not yet confirmed."""

from __future__ import annotations

from datetime import date

import pytest

from putright.procedures.calendar import WorkingCalendar
from putright.procedures.deadlines import stage_deadlines
from putright.procedures.selectors import current_version, stage_rule

pytestmark = pytest.mark.django_db


def explanation(slug: str) -> str:
    rule = stage_rule(current_version(slug), 1).as_rule()
    deadlines = stage_deadlines(rule, received=date(2026, 3, 2), acknowledged=None, calendar=WorkingCalendar("ENG"))
    return " ".join(deadlines.explanation)


def test_the_childrens_acknowledgement_is_shown_as_local_practice_not_regulation():
    text = explanation("childrens-social-care")
    assert (
        "Acknowledge by Wed 04 Mar 2026: 2 working days after receipt "
        "(the organisation's own practice, not set by the regulations)" in text
    )


def test_the_psow_stage_1_time_is_marked_as_not_yet_confirmed():
    text = explanation("psow")
    assert "Not yet confirmed: the Public Services Ombudsman for Wales model procedure's stage 1 time" in text


def test_the_code_and_adult_procedures_say_neither():
    for slug in ("joint-code", "adult-social-care"):
        text = explanation(slug)
        assert "own practice" not in text and "Not yet confirmed" not in text


def test_a_copy_keeps_both(complaints_officer):
    from putright.procedures.models import Procedure
    from putright.procedures.services import copy_procedure

    copy = copy_procedure(
        source=Procedure.objects.get(slug="childrens-social-care"), slug="our-childrens", name="Ours", actor=None
    )
    assert stage_rule(current_version(copy), 1).acknowledgement_is_local_practice
