"""The deadline rules a resident or regulator would check, each tested from the rule's own words
(docs/rules-deadlines.md): fixed extension caps, extensions only before the deadline, a late acknowledgement
buys no time, closure days and statutory procedures, and the SPSO / NIPSO escalation window.

Working days after Mon 2 Mar 2026 in England: 5 Mon 9 Mar, 10 Mon 16 Mar, 15 Mon 23 Mar, 20 Mon 30 Mar.
After Fri 20 Mar 2026: 10 is Tue 7 Apr (Good Friday 3 Apr and Easter Monday 6 Apr skipped).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from putright.organisation.models import ClosureDay, Organisation
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.choices import DurationUnit
from putright.procedures.deadlines import ExtensionData, escalation_window, stage_deadlines
from putright.procedures.selectors import calendar_for, current_version, stage_rule
from putright.procedures.services import copy_procedure

pytestmark = pytest.mark.django_db

ENGLAND = WorkingCalendar("ENG")
RECEIVED = date(2026, 3, 2)


def rule_of(slug: str, number: int):
    return stage_rule(current_version(slug), number).as_rule()


def explain(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("explain_deadlines", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


# --- statutory maximums are hard ---------------------------------------------------------------------------

# (procedure, stage, fixed by, words in the explanation)
FIXED_CAPS = [
    (
        "childrens-social-care",
        1,
        True,
        "The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738) reg 14 caps "
        "stage 1 at 20 working days",
    ),
    (
        "childrens-social-care",
        2,
        True,
        "The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738) reg 17 caps "
        "stage 2 at 65 working days",
    ),
    ("spso", 1, True, "The SPSO Model Complaints Handling Procedure caps stage 1 at 10 working days"),
    ("nipso", 1, True, "The NIPSO Model Complaints Handling Procedure caps stage 1 at 10 working days"),
    ("joint-code", 1, False, None),
    ("joint-code", 2, False, None),
]


@pytest.mark.parametrize(("slug", "number", "fixed", "words"), FIXED_CAPS)
def test_a_cap_set_by_regulation_is_named_in_the_explanation(slug, number, fixed, words):
    rule = rule_of(slug, number)
    assert rule.cap_is_fixed is fixed
    explanation = " ".join(
        explain("--procedure", slug, "--stage", str(number), "--received", "2026-03-02")["explanation"]
    )
    if fixed:
        assert words in explanation
    else:
        assert "No extension beyond" not in explanation


def test_a_copy_of_a_statutory_preset_keeps_its_fixed_caps_and_statutory_working_days():
    preset = current_version("childrens-social-care").procedure
    copy = copy_procedure(source=preset, slug="our-childrens", name="Our children's procedure", actor=None)
    assert copy.is_statutory
    assert stage_rule(current_version(copy), 2).as_rule().cap_is_fixed


# --- a late acknowledgement buys no time ---------------------------------------------------------------------

# (acknowledged, late acknowledgement moves the date, respond by, words)
LATE_ACKNOWLEDGEMENTS = [
    (date(2026, 3, 4), False, date(2026, 3, 18), "acknowledgement on Wed 04 Mar 2026"),
    (date(2026, 3, 9), False, date(2026, 3, 23), "acknowledgement on Mon 09 Mar 2026"),  # on the last day
    # Received 2 March, acknowledged 20 March: counted from 9 March, when the acknowledgement was due.
    (date(2026, 3, 20), False, date(2026, 3, 23), "a late acknowledgement gives no extra time"),
    # The documented setting for an organisation that reads the Code literally.
    (date(2026, 3, 20), True, date(2026, 4, 7), "acknowledgement on Fri 20 Mar 2026"),
]


@pytest.mark.parametrize(("acknowledged", "moves", "respond_by", "words"), LATE_ACKNOWLEDGEMENTS)
def test_the_response_clock_starts_no_later_than_the_day_the_acknowledgement_was_due(
    acknowledged, moves, respond_by, words
):
    rule = replace(rule_of("joint-code", 1), late_acknowledgement_delays_response=moves)
    deadlines = stage_deadlines(rule, received=RECEIVED, acknowledged=acknowledged, calendar=ENGLAND)
    assert deadlines.acknowledge_by is not None and deadlines.acknowledge_by.due_date == date(2026, 3, 9)
    assert deadlines.respond_by.due_date == respond_by
    assert words in " ".join(deadlines.explanation)


def test_explain_deadlines_counts_a_late_acknowledgement_from_its_due_day():
    result = explain(
        "--procedure", "joint-code", "--stage", "1", "--received", "2026-03-02", "--acknowledged", "2026-03-20"
    )
    assert result["respond_by"] == "2026-03-23"


# --- extensions are agreed before the deadline -------------------------------------------------------------

# (granted on, counted?, respond by)
EXTENSION_TIMING = [
    (date(2026, 3, 20), True, date(2026, 3, 27)),  # before the response date
    (date(2026, 3, 23), True, date(2026, 3, 27)),  # on it
    (date(2026, 3, 24), False, date(2026, 3, 23)),  # after it: the stage stays late
]


@pytest.mark.parametrize(("granted_on", "counted", "respond_by"), EXTENSION_TIMING)
def test_an_extension_recorded_after_the_response_date_does_not_count(granted_on, counted, respond_by):
    extension = ExtensionData(
        new_due_date=date(2026, 3, 27),
        reason="Waiting for a surveyor",
        agreed_with_customer=True,
        granted_on=granted_on,
        customer_agreed_on=granted_on,
    )
    deadlines = stage_deadlines(
        rule_of("joint-code", 1),
        received=RECEIVED,
        acknowledged=date(2026, 3, 9),
        calendar=ENGLAND,
        extensions=[extension],
    )
    assert deadlines.respond_by.due_date == respond_by
    assert deadlines.original_respond_by == date(2026, 3, 23)
    explanation = " ".join(deadlines.explanation)
    if counted:
        assert f"agreed with the customer on {granted_on:%a %d %b %Y}" in explanation
    else:
        assert "after the response was due (Mon 23 Mar 2026): not counted" in explanation


# --- closure days never move statutory deadlines -------------------------------------------------------------

# (procedure, stage, respond by): a closure day on Mon 9 Mar 2026 stops only the organisation's own clocks.
CLOSURES = [
    ("joint-code", 1, date(2026, 3, 24)),  # acknowledge by 10 Mar, respond 10 WD later
    ("member-enquiry", 1, date(2026, 3, 17)),
    ("childrens-social-care", 1, date(2026, 3, 16)),  # SI 2006/1738 reg 2 defines its working days
    ("adult-social-care", 1, date(2026, 9, 1)),  # six months commencing on 2 March: a calendar period either way
]


@pytest.mark.parametrize(("slug", "number", "respond_by"), CLOSURES)
def test_closure_days_stop_only_the_clocks_the_organisation_controls(slug, number, respond_by):
    organisation = Organisation.objects.create(name="Council", nation="ENG", exclude_closure_days=True)
    ClosureDay.objects.create(organisation=organisation, date=date(2026, 3, 9), name="Staff training day")
    version = current_version(slug)
    calendar = calendar_for(organisation, version)
    deadlines = stage_deadlines(
        stage_rule(version, number).as_rule(), received=RECEIVED, acknowledged=None, calendar=calendar
    )
    assert deadlines.respond_by.due_date == respond_by
    assert ("Staff training day" in " ".join(deadlines.explanation)) is not version.procedure.is_statutory


# --- the SPSO / NIPSO escalation window ----------------------------------------------------------------------

# (matter or awareness date, stage 1 reply, last day to ask for stage 2)
SIX_OR_TWO_MONTHS = [
    (date(2026, 1, 10), date(2026, 3, 9), date(2026, 7, 10)),  # six months from the matter is later
    (date(2025, 10, 1), date(2026, 3, 9), date(2026, 5, 9)),  # two months from the reply is later
    (None, date(2026, 3, 9), date(2026, 9, 2)),  # not recorded: six months from receipt, the latest it can be
]


@pytest.mark.parametrize(("matter", "replied", "closes"), SIX_OR_TWO_MONTHS)
def test_stage_two_may_be_asked_for_until_the_later_of_six_months_from_the_matter_or_two_from_the_reply(
    matter, replied, closes
):
    for slug in ("spso", "nipso"):
        rule = stage_rule(current_version(slug), 1)
        until, why = escalation_window(
            amount=rule.escalation_window_amount,
            unit=DurationUnit(rule.escalation_window_unit),
            responded=replied,
            calendar=ENGLAND,
            matter_months=rule.escalation_window_from_matter_months,
            matter_date=matter,
            received=RECEIVED,
        )
        assert until == closes
        assert f"until {closes:%a %d %b %Y}" in why


def test_a_complex_complaint_may_start_at_stage_two_only_under_the_spso_and_nipso_procedures():
    starts = {
        slug: [rule.number for rule in current_version(slug).stages.all() if rule.may_start_here]
        for slug in ("spso", "nipso", "joint-code", "childrens-social-care", "psow")
    }
    assert starts == {"spso": [2], "nipso": [2], "joint-code": [], "childrens-social-care": [], "psow": []}
