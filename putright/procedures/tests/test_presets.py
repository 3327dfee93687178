"""The preset procedures the migration ships: each at version 1 with every rule citing the Code or regulation."""

from __future__ import annotations

import pytest

from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.models import Procedure, StageRule
from putright.procedures.selectors import is_statutory_social_care

pytestmark = pytest.mark.django_db

PRESET_SLUGS = {
    "joint-code",
    "adult-social-care",
    "childrens-social-care",
    "member-enquiry",
    "service-request",
    "spso",
    "nipso",
    "psow",
}


def stage(slug: str, number: int) -> StageRule:
    return StageRule.objects.get(version__procedure__slug=slug, version__number=1, number=number)


def test_every_preset_exists_at_version_1_only() -> None:
    presets = Procedure.objects.filter(is_preset=True)

    assert set(presets.values_list("slug", flat=True)) == PRESET_SLUGS
    for procedure in presets:
        assert list(procedure.versions.values_list("number", flat=True)) == [1]


def test_every_preset_rule_cites_its_code_or_regulation() -> None:
    sources = ("Complaint Handling Code 2024", "SI 2009/309", "SI 2006/1738", "SPSO Model", "NIPSO Model", "PSOW model")
    for rule in StageRule.objects.filter(version__procedure__is_preset=True):
        assert any(source in rule.source for source in sources), rule


def test_code_stages_count_from_acknowledgement_with_their_caps() -> None:
    first, second = stage("joint-code", 1), stage("joint-code", 2)

    assert (first.acknowledge_working_days, first.respond_amount, first.max_extension_working_days) == (5, 10, 10)
    assert (second.acknowledge_working_days, second.respond_amount, second.max_extension_working_days) == (5, 20, 20)
    assert first.respond_from == second.respond_from == ClockStart.ACKNOWLEDGEMENT
    assert "extend by up to 20 working days" in second.source
    assert Procedure.objects.get(slug="joint-code").versions.get().stages.count() == 2


def test_statutory_social_care_presets() -> None:
    adult = stage("adult-social-care", 1)
    assert (adult.acknowledge_working_days, adult.respond_amount, adult.respond_unit) == (3, 6, DurationUnit.MONTHS)
    assert adult.max_extension_working_days is None

    children = Procedure.objects.get(slug="childrens-social-care").versions.get()
    assert children.excludes_boxing_day is True
    local, investigation, panel = children.stages.all()
    assert (local.acknowledge_working_days, local.respond_amount, local.max_extension_working_days) == (2, 10, 10)
    assert "common council practice" in local.source
    assert (investigation.respond_amount, investigation.max_extension_working_days) == (25, 40)
    assert panel.respond_amount == 50
    # The window to ask for the next stage sits on the stage whose response opens it.
    assert (local.escalation_window_amount, local.escalation_window_unit) == (20, DurationUnit.WORKING_DAYS)
    assert (investigation.escalation_window_amount, panel.escalation_window_amount) == (20, None)


def test_other_nations_and_non_complaints() -> None:
    assert (stage("spso", 1).escalation_window_amount, stage("spso", 1).escalation_window_unit) == (2, "months")
    assert (stage("nipso", 1).escalation_window_amount, stage("nipso", 1).escalation_window_unit) == (2, "months")
    assert stage("spso", 1).max_extension_working_days == 5
    assert "a default the council can change" in stage("psow", 1).source
    for slug in ("member-enquiry", "service-request"):
        procedure = Procedure.objects.get(slug=slug)
        assert procedure.is_complaint_procedure is False
        assert stage(slug, 1).acknowledge_working_days is None
    statutory = {p.slug for p in Procedure.objects.filter(is_preset=True) if is_statutory_social_care(p)}
    assert statutory == {"adult-social-care", "childrens-social-care"}
