"""`manage.py explain_deadlines` for every preset stage, with the expected dates counted by hand.

Working days after Fri 19 Dec 2025 in England, for reading the table: 1 Mon 22 Dec, 2 Tue 23, 3 Wed 24,
(25, 26 bank holidays) 4 Mon 29, 5 Tue 30, 6 Wed 31, (1 Jan) 7 Fri 2 Jan, 8 Mon 5, 9 Tue 6, 10 Wed 7, 11 Thu 8,
15 Wed 14, 20 Wed 21, 22 Fri 23, 25 Wed 28 Jan, 50 Wed 4 Mar 2026. Scotland also skips Fri 2 Jan.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from putright.organisation.models import ClosureDay, Organisation
from putright.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def explain(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("explain_deadlines", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


# (procedure, stage, received, acknowledged, nation, acknowledge_by, respond_by)
CASES = [
    # Code stage 1: acknowledge 5 WD of receipt; respond 10 WD from the acknowledgement (or the latest allowed).
    ("joint-code", 1, "2025-12-19", None, None, "2025-12-30", "2026-01-14"),
    ("joint-code", 1, "2025-12-19", "2025-12-22", None, "2025-12-30", "2026-01-08"),
    # Code stage 2: acknowledge 5 WD of the request; respond 20 WD from the acknowledgement.
    ("joint-code", 2, "2025-12-19", "2025-12-23", None, "2025-12-30", "2026-01-23"),
    ("joint-code", 2, "2025-12-19", None, None, "2025-12-30", "2026-01-28"),
    # Adult social care: 3 WD, then six months commencing on the day of receipt (SI 2009/309 reg 14): they end
    # the day before the corresponding date, or at the end of a month with no corresponding date.
    ("adult-social-care", 1, "2025-12-19", None, None, "2025-12-24", "2026-06-18"),
    ("adult-social-care", 1, "2025-08-31", None, None, "2025-09-03", "2026-02-28"),
    # Children's social care: stage 1 2 WD / 10 WD, stage 2 25 WD, stage 3 50 WD, all from receipt.
    ("childrens-social-care", 1, "2025-12-19", None, None, "2025-12-23", "2026-01-07"),
    ("childrens-social-care", 2, "2025-12-19", None, None, None, "2026-01-28"),
    ("childrens-social-care", 3, "2025-12-19", None, None, None, "2026-03-04"),
    # Not complaints: 10 WD from receipt, no acknowledgement milestone.
    ("member-enquiry", 1, "2025-12-19", None, None, None, "2026-01-07"),
    ("service-request", 1, "2025-12-19", None, None, None, "2026-01-07"),
    # Scotland: 5 WD frontline; 3 WD / 20 WD investigation. 2 January is a holiday there.
    ("spso", 1, "2025-12-19", None, "SCT", None, "2025-12-30"),
    ("spso", 2, "2025-12-19", None, "SCT", "2025-12-24", "2026-01-22"),
    ("spso", 2, "2025-12-19", None, "ENG", "2025-12-24", "2026-01-21"),
    ("spso", 1, "2026-11-27", None, "SCT", None, "2026-12-07"),  # St Andrew's Day, Mon 30 Nov 2026
    ("spso", 1, "2026-04-02", None, "SCT", None, "2026-04-10"),  # Good Friday only, no Easter Monday
    # Northern Ireland: 5 WD; 3 WD / 20 WD. St Patrick's Day and the Twelfth are skipped.
    ("nipso", 1, "2026-03-13", None, "NIR", None, "2026-03-23"),
    ("nipso", 2, "2027-07-09", None, "NIR", "2027-07-15", "2027-08-09"),
    # Wales: 10 WD; 5 WD / 20 WD. Easter 2026 and the early May bank holiday are skipped.
    ("psow", 1, "2026-04-02", None, "WLS", None, "2026-04-20"),
    ("psow", 2, "2026-04-02", None, "WLS", "2026-04-13", "2026-05-05"),
]


@pytest.mark.parametrize(("slug", "stage", "received", "acknowledged", "nation", "ack_by", "respond_by"), CASES)
def test_explain_deadlines_json_gives_hand_counted_dates(
    slug: str,
    stage: int,
    received: str,
    acknowledged: str | None,
    nation: str | None,
    ack_by: str | None,
    respond_by: str,
) -> None:
    args = ["--procedure", slug, "--stage", str(stage), "--received", received]
    if acknowledged:
        args += ["--acknowledged", acknowledged]
    if nation:
        args += ["--nation", nation]

    result = explain(*args)

    assert set(result) == {"acknowledge_by", "respond_by", "explanation"}
    assert (result["acknowledge_by"], result["respond_by"]) == (ack_by, respond_by)
    assert all(isinstance(line, str) for line in result["explanation"])


def test_the_table_covers_every_preset_stage() -> None:
    presets = {
        (stage.version.procedure.slug, stage.number)
        for procedure in Procedure.objects.filter(is_preset=True)
        for stage in procedure.versions.get(number=1).stages.select_related("version__procedure")
    }
    assert presets == {(slug, stage) for slug, stage, *_ in CASES}


def test_explanation_names_the_skipped_days_and_the_source() -> None:
    result = explain("--procedure", "joint-code", "--stage", "1", "--received", "2025-12-19")

    text = "\n".join(result["explanation"])
    assert "Thu 25 Dec 2025 (bank holiday: Christmas Day)" in text
    assert "Thu 01 Jan 2026 (bank holiday: New Year's Day)" in text
    assert "Rule: Complaint Handling Code 2024, paragraphs 6.2 to 6.4: acknowledge within 5 working days" in text


def test_code_stage_two_cites_the_paragraph_of_each_timescale() -> None:
    """6.11 is the stage 2 acknowledgement (5 working days); 6.14 the 20-working-day response; 6.15 the extension."""
    result = explain("--procedure", "joint-code", "--stage", "2", "--received", "2025-12-19")

    text = "\n".join(result["explanation"])
    assert (
        "Rule: Complaint Handling Code 2024, paragraphs 6.11, 6.14 and 6.15: acknowledge within 5 working days "
        "(6.11), respond within 20 working days of the acknowledgement (6.14), extend by up to 20 working days (6.15)."
    ) in text
    assert "paragraph 6.11 and section 6" not in text


def test_plain_output_is_readable_lines() -> None:
    out = StringIO()
    call_command(
        "explain_deadlines", "--procedure", "member-enquiry", "--stage", "1", "--received", "2025-12-19", stdout=out
    )

    lines = out.getvalue().splitlines()
    assert lines[1] == "Acknowledge by: no acknowledgement milestone"
    assert lines[2] == "Respond by: 2026-01-07"


def test_nation_defaults_to_the_organisation_and_can_be_overridden() -> None:
    Organisation.objects.create(name="Fife Council", nation="SCT")
    args = ["--procedure", "spso", "--stage", "2", "--received", "2025-12-19"]

    assert explain(*args)["respond_by"] == "2026-01-22"
    assert explain(*args, "--nation", "ENG")["respond_by"] == "2026-01-21"


def test_closure_days_count_only_when_the_organisation_says_so() -> None:
    organisation = Organisation.objects.create(name="Anytown Council", nation="ENG")
    ClosureDay.objects.create(organisation=organisation, date="2025-12-29", name="Christmas closure")
    args = ["--procedure", "joint-code", "--stage", "1", "--received", "2025-12-19"]
    assert explain(*args)["acknowledge_by"] == "2025-12-30"

    organisation.exclude_closure_days = True
    organisation.save(update_fields=["exclude_closure_days"])

    assert explain(*args)["acknowledge_by"] == "2025-12-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--procedure", "nope", "--stage", "1", "--received", "2025-12-19"],
            "No procedure with slug 'nope'. Known procedures: adult-social-care, childrens-social-care, joint-code, "
            "member-enquiry, nipso, psow, service-request, spso.",
        ),
        (
            ["--procedure", "joint-code", "--stage", "3", "--received", "2025-12-19"],
            "joint-code has 2 stages: --stage must be between 1 and 2, not 3.",
        ),
        (
            ["--procedure", "adult-social-care", "--stage", "0", "--received", "2025-12-19"],
            "adult-social-care has 1 stage: --stage must be between 1 and 1, not 0.",
        ),
        (
            ["--procedure", "joint-code", "--stage", "1", "--received", "19/12/2025"],
            "--received must be a real date written YYYY-MM-DD, not '19/12/2025'.",
        ),
        (
            ["--procedure", "joint-code", "--stage", "1", "--received", "2026-02-30"],
            "--received must be a real date written YYYY-MM-DD, not '2026-02-30'.",
        ),
        (
            ["--procedure", "joint-code", "--stage", "1", "--received", "2025-12-19", "--acknowledged", "2025-12"],
            "--acknowledged must be a real date written YYYY-MM-DD, not '2025-12'.",
        ),
        (
            ["--procedure", "joint-code", "--stage", "1", "--received", "2025-12-19", "--acknowledged", "2025-12-18"],
            "--acknowledged (2025-12-18) is before --received (2025-12-19): "
            "a complaint cannot be acknowledged before it arrives.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_precise_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("explain_deadlines", *args, stdout=StringIO())
    assert str(error.value) == message


def test_unknown_nation_is_refused() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'GB'"):
        call_command(
            "explain_deadlines", "--procedure", "spso", "--stage", "1", "--received", "2025-12-19", "--nation", "GB"
        )


def test_the_stage_name_is_not_repeated_when_it_is_only_stage_n() -> None:
    text = "\n".join(explain("--procedure", "joint-code", "--stage", "1", "--received", "2025-12-19")["explanation"])
    assert "stage 1 (Stage 1)" not in text and "stage 1" in text
    panel = "\n".join(
        explain("--procedure", "childrens-social-care", "--stage", "3", "--received", "2025-12-19")["explanation"]
    )
    assert "stage 3 (" in panel  # a stage with a name of its own keeps it
