"""The import command with the shipped example exports and mappings (docs/imports/)."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from putright.cases.choices import CaseStatus, EventKind, Outcome, StageStatus
from putright.cases.models import Case, Contact, Remedy, Stage, TimelineEvent
from putright.imports.tests.conftest import EXAMPLES
from putright.ombudsman.models import OmbudsmanReferral
from putright.people.models import Customer

pytestmark = pytest.mark.django_db


def run(*args: str, **options: Any) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", *args, stdout=out, stderr=err, **options)
    return out.getvalue()


def database() -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import writes, as comparable rows (timeline events without the moment of import)."""
    return {
        "cases": list(
            Case.objects.order_by("reference").values_list(
                "reference", "imported_reference", "status", "received_at", "closed_at", "next_due_date", "title"
            )
        ),
        "stages": list(
            Stage.objects.order_by("case__reference", "number").values_list(
                "case__reference", "number", "status", "received_date", "response_due_date", "responded_date", "outcome"
            )
        ),
        "remedies": list(Remedy.objects.order_by("pk").values_list("stage__case__reference", "remedy_type", "amount")),
        "referrals": list(OmbudsmanReferral.objects.values_list("case__reference", "ombudsman", "decision")),
        "events": list(
            TimelineEvent.objects.exclude(kind=EventKind.IMPORTED)
            .order_by("case__reference", "occurred_at", "pk")
            .values_list("case__reference", "kind", "occurred_at", "summary")
        ),
        "contacts": [(Contact.objects.count(), Customer.objects.count())],
    }


def test_case_work_export_imports_with_its_dates_outcomes_and_timescales(administrator):
    run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(EXAMPLES / "caseworks.toml"))

    damp = Case.objects.get(imported_reference="CW/2024/00152")
    assert damp.imported_from == "CaseWorks"
    assert damp.reference == "PR-2024-00002"  # numbered in the year it was received
    assert damp.status == CaseStatus.CLOSED
    stage_one, stage_two = damp.stages.order_by("number")
    assert (stage_one.received_date, stage_one.responded_date, stage_one.outcome) == (
        date(2024, 5, 15),
        date(2024, 6, 10),
        Outcome.NOT_UPHELD,
    )
    assert stage_one.status == StageStatus.CLOSED
    assert stage_two.response_due_date == date(2024, 8, 29)  # the old system's own date, kept
    assert stage_two.remedies.get().amount == 250
    referral = damp.ombudsman_referrals.get()
    assert (referral.ombudsman, referral.decision, referral.decision_date) == (
        "housing",
        "service_failure",
        date(2025, 6, 12),
    )
    imported = damp.events.get(kind=EventKind.IMPORTED)
    assert imported.summary.startswith("Imported from CaseWorks (its reference CW/2024/00152)")
    # Answered stages are not in anyone's queue; the case still open in the old system is, with its date due.
    assert damp.next_due_date is None
    open_case = Case.objects.get(imported_reference="CW/2026/00261")
    assert open_case.status == CaseStatus.ACKNOWLEDGED
    assert open_case.next_due_date is not None
    assert Case.objects.get(imported_reference="CW/2026/00233").status == CaseStatus.RESPONDED
    assert Case.objects.get(imported_reference="CW/2024/00291").status == CaseStatus.CLOSED  # withdrawn
    assert Case.objects.count() == 12
    assert not Contact.objects.filter(triaged_at=None).exists()  # nothing lands in the triage queue


def test_remedies_on_cases_closed_in_the_old_system_are_history_not_work_to_do(administrator):
    run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(EXAMPLES / "caseworks.toml"))

    payment = Case.objects.get(imported_reference="CW/2024/00152").stages.get(number=2).remedies.get()
    assert payment.completed_date == date(2024, 9, 30)  # the day CaseWorks closed the case
    assert payment.evidence == "Closed in CaseWorks before import"
    open_cases = Case.objects.exclude(status=CaseStatus.CLOSED)
    outstanding = Remedy.objects.filter(completed_date__isnull=True)
    assert set(outstanding.values_list("stage__case", flat=True)) <= set(open_cases.values_list("pk", flat=True))


def test_a_remedy_done_column_gives_the_day_it_was_done(administrator, tmp_path):
    mapping = tmp_path / "caseworks.toml"
    mapping.write_text(
        (EXAMPLES / "caseworks.toml")
        .read_text()
        .replace('remedy_amount = "S2 Payment"', 'remedy_amount = "S2 Payment"\nremedy_done = "S2 Reply"')
    )
    run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(mapping))

    payment = Case.objects.get(imported_reference="CW/2024/00152").stages.get(number=2).remedies.get()
    assert payment.completed_date == date(2024, 8, 23)
    assert payment.evidence == "Recorded as done in CaseWorks before import"
    before = database()
    assert "0 new, 0 updated, 12 unchanged" in run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(mapping))
    assert database() == before


@pytest.mark.parametrize(
    "export", ["crm-export.xlsx", "crm-contacts.csv"], ids=["workbook with two sheets", "two CSV files"]
)
def test_crm_export_with_a_separate_responses_sheet(administrator, export):
    run(str(EXAMPLES / export), mapping=str(EXAMPLES / "crm.yaml"))

    leak = Case.objects.get(imported_reference="CRM-558812")
    assert [(s.number, s.outcome) for s in leak.stages.order_by("number")] == [
        (1, Outcome.NOT_UPHELD),
        (2, Outcome.UPHELD),
    ]
    assert leak.stages.get(number=2).remedies.get().amount == 180
    assert leak.customer.last_name == "Mensah"
    assert Case.objects.get(imported_reference="CRM-563215").stages.count() == 0  # a compliment
    assert Case.objects.count() == 8


@pytest.mark.parametrize(
    ("export", "mapping"),
    [("caseworks-cases.csv", "caseworks.toml"), ("crm-export.xlsx", "crm.yaml")],
)
def test_importing_the_same_file_twice_gives_the_same_database(administrator, export, mapping):
    run(str(EXAMPLES / export), mapping=str(EXAMPLES / mapping))
    first = database()

    output = run(str(EXAMPLES / export), mapping=str(EXAMPLES / mapping))

    assert database() == first
    rows = len(first["cases"])
    assert f"{rows} rows checked: 0 new, 0 updated, {rows} unchanged." in output
    assert "imported" not in output.lower().replace("since the last import", "")


def test_a_corrected_row_updates_only_that_case(administrator, tmp_path):
    run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(EXAMPLES / "caseworks.toml"))
    before = database()
    corrected = tmp_path / "caseworks-cases.csv"
    corrected.write_text(
        (EXAMPLES / "caseworks-cases.csv").read_text().replace("Bin missed three weeks running", "Bin missed again")
    )

    output = run(str(corrected), mapping=str(EXAMPLES / "caseworks.toml"))

    after = database()
    assert "12 rows checked: 0 new, 1 updated, 11 unchanged." in output
    changed = [row for row in after["cases"] if row not in before["cases"]]
    assert [(row[1], row[6]) for row in changed] == [("CW/2024/00117", "Bin missed again on Alder Close")]
    assert after["cases"][0][0] == before["cases"][0][0]  # the same PutRight reference
    assert after["stages"] == before["stages"]


def test_the_old_reference_finds_the_case_in_the_staff_search(administrator, complaints_officer):
    from putright.cases.access import cases_visible_to
    from putright.cases.search import find_cases

    run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(EXAMPLES / "caseworks.toml"))

    found = find_cases(cases_visible_to(complaints_officer), "CW/2025/00101")
    assert [case.imported_reference for case in found] == ["CW/2025/00101"]
    for typed in ("cw/2025/00101", "Cw/2025/00101 "):
        found = find_cases(cases_visible_to(complaints_officer), typed)
        assert [case.imported_reference for case in found] == ["CW/2025/00101"]


def bad_copy(tmp_path: Path) -> Path:
    """The case-work export with three bad rows: a date in the future, an unknown service code, no outcome."""
    text = (EXAMPLES / "caseworks-cases.csv").read_text()
    text = text.replace("CW/2024/00188,03/06/2024", "CW/2024/00188,03/06/2099")
    text = text.replace(",ENV,NOISE,", ",ENVX,NOISE,")
    text = text.replace(
        "02/04/2025,03/04/2025,30/04/2025,04/04/2025,ER,", "02/04/2025,03/04/2025,30/04/2025,04/04/2025,,"
    )
    path = tmp_path / "caseworks-cases.csv"
    path.write_text(text)
    return path


def test_bad_rows_are_named_by_row_column_and_reason_and_nothing_is_written(administrator, tmp_path):
    with pytest.raises(CommandError, match="3 problem"):
        output = run(str(bad_copy(tmp_path)), mapping=str(EXAMPLES / "caseworks.toml"))
    output = run(str(bad_copy(tmp_path)), mapping=str(EXAMPLES / "caseworks.toml"), dry_run=True)

    assert "caseworks-cases.csv, row 4, column 'Date Logged': '03/06/2099' is in the future" in output
    assert "row 7, column 'Dept Code': 'ENVX' is not one of the mapping's codes for service" in output
    assert "row 10, column 'S1 Result': empty; a stage with a response needs its outcome" in output
    assert Case.objects.count() == 0
    assert Customer.objects.count() == 0


def test_good_rows_only_imports_the_good_ones_and_returns_the_bad_ones(administrator, tmp_path):
    rejects = tmp_path / "rejects.csv"

    run(str(bad_copy(tmp_path)), mapping=str(EXAMPLES / "caseworks.toml"), good_rows_only=True, rejects=str(rejects))

    assert Case.objects.count() == 9
    assert not Case.objects.filter(imported_reference__in=["CW/2024/00188", "CW/2024/00291", "CW/2025/00140"])
    rows = list(csv.DictReader(rejects.open()))
    assert [row["Case No"] for row in rows] == ["CW/2024/00188", "CW/2024/00291", "CW/2025/00140"]
    assert "is in the future" in rows[0]["Problems"]
    # The bad rows, corrected and imported again, join the rest.
    fixed = tmp_path / "fixed.csv"
    shutil.copy(EXAMPLES / "caseworks-cases.csv", fixed)
    run(str(fixed), mapping=str(EXAMPLES / "caseworks.toml"))
    assert Case.objects.count() == 12


def test_a_mapping_naming_a_column_the_export_lacks_is_reported_once(administrator, tmp_path):
    mapping = tmp_path / "caseworks.toml"
    mapping.write_text((EXAMPLES / "caseworks.toml").read_text().replace('"Date Logged"', '"Logged On"'))

    output = run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(mapping), dry_run=True)

    assert "row 1, column 'Logged On': no such column in the export" in output
    assert output.count("Logged On") == 1


def test_a_mapping_with_unknown_settings_is_refused_with_each_reason(administrator, tmp_path):
    mapping = tmp_path / "bad.json"
    mapping.write_text('{"system": "Old", "cases": {"columns": {"reference": "Ref", "colour": "C"}}}')

    with pytest.raises(CommandError) as error:
        run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(mapping), dry_run=True)

    assert "cases.columns.colour: not one of our fields" in str(error.value)
    assert "map the column that holds 'received'" in str(error.value)


def test_a_case_worked_on_since_the_import_is_not_overwritten(administrator, complaints_officer, tmp_path):
    from putright.cases.services import add_note

    run(str(EXAMPLES / "caseworks-cases.csv"), mapping=str(EXAMPLES / "caseworks.toml"))
    case = Case.objects.get(imported_reference="CW/2024/00117")
    add_note(case=case, actor=complaints_officer, text="Customer rang to say thank you.")
    corrected = tmp_path / "caseworks-cases.csv"
    corrected.write_text(
        (EXAMPLES / "caseworks-cases.csv").read_text().replace("Bin missed three weeks running", "Bin missed again")
    )

    output = run(str(corrected), mapping=str(EXAMPLES / "caseworks.toml"))

    assert "CW/2024/00117 has changed in CaseWorks, but staff have worked on the case in PutRight" in output
    case.refresh_from_db()
    assert case.title == "Bin missed three weeks running on Alder Close"
    assert case.events.filter(kind=EventKind.NOTE_ADDED).exists()


def test_officers_are_matched_by_username_or_email(administrator, complaints_officer, tmp_path):
    from putright.organisation.models import User

    complaints_officer.email = "olivia.officer@thornburyvale.example.org"
    complaints_officer.save()
    lead_officer = User.objects.create_user(username="liam_leader", is_active=False)  # has left the council
    rows = list(csv.reader((EXAMPLES / "caseworks-cases.csv").open()))
    rows[0] += ["Officer", "S1 Officer"]
    for row in rows[1:]:
        row += ["", ""]
    rows[1][-2:] = ["OLIVIA.OFFICER@thornburyvale.example.org", "liam_leader"]
    rows[2][-1] = "j.bloggs"
    export = tmp_path / "caseworks-cases.csv"
    with export.open("w", newline="") as output:
        csv.writer(output).writerows(rows)
    mapping = tmp_path / "caseworks.toml"
    mapping.write_text(
        (EXAMPLES / "caseworks.toml")
        .read_text()
        .replace('closed = "Closed Date"', 'closed = "Closed Date"\nlead_officer = "Officer"')
        .replace('remedy_amount = "S1 Payment"', 'remedy_amount = "S1 Payment"\nhandler = "S1 Officer"')
    )

    output = run(str(export), mapping=str(mapping), dry_run=True)
    assert "row 3, column 'S1 Officer': 'j.bloggs' is not the username or email of anyone in PutRight" in output
    run(str(export), mapping=str(mapping), good_rows_only=True)

    case = Case.objects.get(imported_reference="CW/2024/00117")
    assert case.lead_officer == complaints_officer
    assert case.stages.get(number=1).handler == lead_officer


def test_each_imported_case_keeps_its_last_stages_handler_and_number_when_imported_and_when_rewritten(
    administrator, complaints_officer, tmp_path
):
    """What the queues read (`Case.current_handler`, `current_stage_number`) is the case's last stage's, as imported."""
    from putright.organisation.models import User

    lead_officer = User.objects.create_user(username="liam_leader")
    rows = list(csv.reader((EXAMPLES / "caseworks-cases.csv").open()))
    rows[0] += ["S1 Officer", "S2 Officer"]
    for row in rows[1:]:
        row += ["", ""]
    rows[1][-2:] = [complaints_officer.username, ""]  # CW/2024/00117: one stage
    rows[2][-2:] = [lead_officer.username, complaints_officer.username]  # CW/2024/00152: two stages
    mapping = tmp_path / "caseworks.toml"
    mapping.write_text(
        (EXAMPLES / "caseworks.toml")
        .read_text()
        .replace('remedy_amount = "S1 Payment"', 'remedy_amount = "S1 Payment"\nhandler = "S1 Officer"')
        .replace('remedy_amount = "S2 Payment"', 'remedy_amount = "S2 Payment"\nhandler = "S2 Officer"')
    )

    def import_rows() -> str:
        export = tmp_path / "caseworks-cases.csv"
        with export.open("w", newline="") as output:
            csv.writer(output).writerows(rows)
        return run(str(export), mapping=str(mapping))

    def kept_and_from_stages() -> tuple[dict[str, Any], dict[str, Any]]:
        stages = {pk: (handler, n) for pk, handler, n in Stage.objects.values_list("pk", "handler_id", "number")}
        cases = Case.objects.values_list(
            "imported_reference", "current_stage_id", "current_handler_id", "current_stage_number"
        )
        kept = {ref: (handler, number) for ref, _stage, handler, number in cases}
        return kept, {ref: stages.get(stage, (None, None)) for ref, stage, _handler, _number in cases}

    import_rows()
    kept, from_stages = kept_and_from_stages()
    assert kept == from_stages
    assert kept["CW/2024/00117"] == (complaints_officer.pk, 1)
    assert kept["CW/2024/00152"] == (complaints_officer.pk, 2)

    rows[1][-2] = lead_officer.username  # the old system corrected who handled it
    assert "1 updated" in import_rows()
    kept, from_stages = kept_and_from_stages()
    assert kept == from_stages
    assert kept["CW/2024/00117"] == (lead_officer.pk, 1)
