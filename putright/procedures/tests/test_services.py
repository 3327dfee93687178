"""Copying procedures and publishing versions: old versions never change, and mistakes get plain messages."""

from __future__ import annotations

import re

import pytest

from putright.cases.models import Case
from putright.organisation.models import Organisation, User
from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.models import Procedure, ProcedureVersion, StageRule
from putright.procedures.selectors import active_procedures, calendar_for, current_version
from putright.procedures.services import ProcedureError, copy_procedure, publish_new_version
from putright.procedures.tests.factories import make_case_under

pytestmark = pytest.mark.django_db

RULE_FIELDS = [
    "number",
    "name",
    "acknowledge_working_days",
    "respond_amount",
    "respond_unit",
    "respond_from",
    "max_extension_working_days",
    "escalation_window_amount",
    "escalation_window_unit",
    "source",
]


def rules(version: ProcedureVersion) -> list[dict[str, object]]:
    return list(StageRule.objects.filter(version=version).order_by("number").values(*RULE_FIELDS))


@pytest.fixture
def officer() -> User:
    return User.objects.create_user(username="complaints.officer")


@pytest.fixture
def council_code(officer: User) -> Procedure:
    return copy_procedure(
        source=Procedure.objects.get(slug="joint-code"), slug="our-code", name="Our complaints policy", actor=officer
    )


def test_copy_procedure_copies_the_current_rules_into_version_1(officer: User, council_code: Procedure) -> None:
    preset = Procedure.objects.get(slug="joint-code")

    version = current_version(council_code)

    assert (council_code.is_preset, council_code.based_on) == (False, preset)
    assert (version.number, version.created_by) == (1, officer)
    assert version.change_note == "Copied from Complaint Handling Code (Housing Ombudsman / LGSCO) (version 1)."
    assert rules(version) == rules(current_version(preset))


def test_copy_keeps_the_version_settings() -> None:
    copy = copy_procedure(
        source=Procedure.objects.get(slug="childrens-social-care"), slug="our-children", name="Children", actor=None
    )
    assert current_version(copy).excludes_boxing_day is True
    assert current_version(copy).stage_count == 3


@pytest.mark.parametrize(
    ("slug", "name", "message"),
    [
        ("joint-code", "Anything", "A procedure with the short name 'joint-code' already exists: choose another."),
        ("our code!", "Anything", "'our code!' cannot be used as a short name: use up to 50 letters, numbers, hyphens"),
        ("our-code-2", "  ", "Give the new procedure a name."),
        ("x" * 51, "Long", "'{}' cannot be used as a short name".format("x" * 51)),
    ],
)
def test_copy_procedure_refuses_bad_input(slug: str, name: str, message: str) -> None:
    before = Procedure.objects.count()
    with pytest.raises(ProcedureError, match=re.escape(message)):
        copy_procedure(source=Procedure.objects.get(slug="joint-code"), slug=slug, name=name, actor=None)
    assert Procedure.objects.count() == before


def test_publish_new_version_leaves_the_old_version_untouched(officer: User, council_code: Procedure) -> None:
    old = current_version(council_code)
    old_rules = rules(old)

    new = publish_new_version(
        procedure=council_code,
        actor=officer,
        change_note="Stage 1 answered in 8 working days",
        stage_changes={1: {"respond_amount": 8, "source": "Council policy 2026"}},
        excludes_boxing_day=True,
    )

    assert new.number == 2
    assert current_version("our-code") == new
    assert (new.excludes_boxing_day, new.receipt_day_is_day_zero, new.created_by) == (True, True, officer)
    assert rules(ProcedureVersion.objects.get(pk=old.pk)) == old_rules
    assert ProcedureVersion.objects.get(pk=old.pk).excludes_boxing_day is False
    stage_1, stage_2 = rules(new)
    assert (stage_1["respond_amount"], stage_1["source"]) == (8, "Council policy 2026")
    assert stage_1["respond_from"] == ClockStart.ACKNOWLEDGEMENT
    assert stage_2 == old_rules[1]


def test_new_cases_count_under_the_new_version() -> None:
    procedure = Procedure.objects.get(slug="member-enquiry")
    publish_new_version(
        procedure=procedure, actor=None, change_note="Reply in 5 days", stage_changes={1: {"respond_amount": 5}}
    )

    version = current_version(procedure)
    rule = version.stages.get(number=1).as_rule()

    assert (version.number, rule.respond_amount, rule.respond_unit) == (2, 5, DurationUnit.WORKING_DAYS)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({3: {"respond_amount": 30}}, "Stage 3 cannot be added: the Complaint Handling Code allows only two stages."),
        ({2: {"number": 4}}, "Stage 2: number cannot be changed. You can change: acknowledge_working_days"),
        (
            {1: {"respond_unit": "fortnights"}},
            "Stage 1 cannot be saved: unit: Value 'fortnights' is not a valid choice.",
        ),
    ],
)
def test_publish_new_version_refuses_bad_changes(
    council_code: Procedure, changes: dict[int, dict[str, object]], message: str
) -> None:
    with pytest.raises(ProcedureError) as error:
        publish_new_version(procedure=council_code, actor=None, change_note="Try it", stage_changes=changes)

    assert str(error.value).startswith(message)
    assert current_version(council_code).number == 1  # nothing half-published


def test_unknown_stage_of_other_procedures_says_how_many_there_are() -> None:
    with pytest.raises(ProcedureError) as error:
        publish_new_version(
            procedure=Procedure.objects.get(slug="adult-social-care"),
            actor=None,
            change_note="Add a stage",
            stage_changes={2: {"respond_amount": 20}},
        )
    assert str(error.value) == "There is no stage 2: Adult social care (statutory, England) has 1 stage(s), numbered 1."


def test_publish_needs_a_change_note(council_code: Procedure) -> None:
    with pytest.raises(ProcedureError, match=re.escape("Say what changed in this version.")):
        publish_new_version(procedure=council_code, actor=None, change_note=" ", stage_changes={})


def test_a_case_keeps_the_version_it_started_under(council_code: Procedure) -> None:
    first = current_version(council_code)
    case = make_case_under(first)

    publish_new_version(
        procedure=council_code, actor=None, change_note="Longer", stage_changes={2: {"respond_amount": 25}}
    )

    case = Case.objects.get(pk=case.pk)
    assert case.procedure_version == first
    assert case.procedure_version.stages.get(number=2).respond_amount == 20


def test_calendar_for_uses_the_organisation_and_the_version() -> None:
    organisation = Organisation.objects.create(name="Belfast City Council", nation="NIR")
    organisation.closure_days.create(date="2025-12-29", name="Closed")
    children = current_version("childrens-social-care")

    plain = calendar_for(organisation)
    for_children = calendar_for(organisation, children)

    assert (plain.nation, dict(plain.closure_days), plain.excludes_boxing_day) == ("NIR", {}, False)
    assert for_children.excludes_boxing_day is True
    organisation.exclude_closure_days = True
    assert list(calendar_for(organisation).closure_days.values()) == ["Closed"]
    assert calendar_for(None).nation == "ENG"
    assert calendar_for(Organisation(name="Not set up yet", exclude_closure_days=True)).nation == "ENG"


def test_active_procedures_leave_out_retired_ones() -> None:
    Procedure.objects.filter(slug="psow").update(is_active=False)
    assert "psow" not in {procedure.slug for procedure in active_procedures()}
    assert "joint-code" in {procedure.slug for procedure in active_procedures()}
