"""The retention schedule: personal data of cases past their procedure's period is erased, the case is kept as figures
(every report gives the same numbers before and after), a legal hold stops it, and a dry run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from putright.cases import lifecycle
from putright.cases.access import cases_visible_to
from putright.cases.choices import CaseStatus, EventKind
from putright.cases.models import Case, TimelineEvent
from putright.core.periods import financial_year
from putright.notifications.models import OutboundMessage
from putright.people.models import Customer
from putright.portal.models import EvidenceFile
from putright.records.erasure import ERASED
from putright.records.models import Erasure, LegalHold
from putright.records.retention import apply_retention
from putright.reporting.annual import annual_report
from putright.reporting.committee import committee_report
from putright.reporting.selectors import report_settings_for, services_reported_to
from putright.reporting.statutory import KINDS, statutory_report
from putright.reporting.tests.conftest import LATER, dataset  # noqa: F401 (the hand-built report data)

pytestmark = pytest.mark.django_db
YEAR = 2025
FAR_FUTURE = datetime(2040, 1, 1, tzinfo=UTC)


def _close_everything_answered(data) -> None:
    for key, case in data.cases.items():
        case.refresh_from_db()
        if case.status == CaseStatus.RESPONDED:
            data.cases[key] = lifecycle.close(
                case=case, actor=data.officer, outstanding_reason="Remedies on their way", outstanding_confirmed=True
            )


def _figures(data):
    reader = data.statutory_manager
    cases = cases_visible_to(reader)
    settings = report_settings_for(data.organisation)
    period = financial_year(YEAR)
    committee = committee_report(
        cases,
        period,
        organisation=data.organisation,
        settings=settings,
        today=LATER,
        services=services_reported_to(reader),
    )
    annual = annual_report(reader, cases, YEAR, organisation=data.organisation, settings=settings, today=LATER)
    statutory = [
        statutory_report(reader, cases, kind, YEAR, organisation=data.organisation, today=LATER)
        for kind in KINDS.values()
    ]
    return committee, annual, statutory


def test_every_report_gives_the_same_figures_before_and_after_retention(dataset):  # noqa: F811
    _close_everything_answered(dataset)
    before = _figures(dataset)
    run = apply_retention(FAR_FUTURE)
    ended = Case.objects.filter(closed_at__isnull=False).count()
    assert len(run.due) == ended > 0
    after = _figures(dataset)
    # Compared as written out: the reports hold unsaved settings rows, which compare equal only to themselves.
    assert repr(after) == repr(before)
    assert "Remedies on their way" not in repr(before)  # no erased text was part of a figure


def test_personal_data_goes_and_the_case_stays(
    dataset,  # noqa: F811
    tmp_path,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    _close_everything_answered(dataset)
    case = Case.objects.get(pk=dataset.cases["A"].pk)
    evidence = EvidenceFile.objects.create(
        case=case, original_name="damp.jpg", kind="JPG", extension=".jpg", size_bytes=4
    )
    evidence.file.save("damp.jpg", ContentFile(b"\xff\xd8\xff\xe0"))
    stored = tmp_path / evidence.file.name
    assert stored.exists()
    customer_id = case.customer_id
    with django_capture_on_commit_callbacks(execute=True):
        run = apply_retention(FAR_FUTURE)
    assert case.reference in [due.reference for due in run.due] and run.customers_anonymised > 0 and run.files_deleted
    case.refresh_from_db()
    assert case.title == ERASED and case.description == ERASED and case.desired_outcome in ("", ERASED)
    assert case.status == CaseStatus.CLOSED and case.stages.exists()  # still there, as figures
    events = TimelineEvent.objects.filter(case=case)
    assert set(events.exclude(kind=EventKind.PERSONAL_DATA_ERASED).values_list("summary", flat=True)) == {ERASED}
    assert events.get(kind=EventKind.PERSONAL_DATA_ERASED).summary == f"{ERASED} (6 years after closure)"
    assert not OutboundMessage.objects.filter(case=case).exclude(body_text="").exists()
    assert not EvidenceFile.objects.filter(case=case).exists() and not stored.exists()
    customer = Customer.objects.get(pk=customer_id)
    if not Case.objects.filter(customer_id=customer_id, erasure__isnull=True).exists():
        assert customer.last_name == "Anonymised" and customer.email == "" and customer.anonymised_at is not None
    assert Erasure.objects.get(case=case).why == Erasure.Why.RETENTION


def test_not_before_the_procedures_period_is_up(frozen_today, dataset):  # noqa: F811
    _close_everything_answered(dataset)  # closed today: frozen, as the same day years on is no date from 29 February
    closed = Case.objects.filter(closed_at__isnull=False)
    latest = max(closed.values_list("closed_at", flat=True))
    # Five years after the last closure: none of the six-year cases is due yet.
    assert apply_retention(latest.replace(year=latest.year + 5)).due == []
    assert not Erasure.objects.exists()
    # Adult social care keeps ten years: G is still kept when the six-year cases go.
    g = dataset.cases["G"]
    g.refresh_from_db()
    assert g.closed_at is not None
    run = apply_retention(g.closed_at.replace(year=g.closed_at.year + 7))
    assert g.reference not in [due.reference for due in run.due]
    assert any(due.years == 6 for due in run.due)


def test_a_legal_hold_stops_it_until_lifted(dataset):  # noqa: F811
    _close_everything_answered(dataset)
    held = Case.objects.filter(closed_at__isnull=False).first()
    hold = LegalHold.objects.create(case=held, reason="Ombudsman investigation", placed_by=dataset.officer)
    run = apply_retention(FAR_FUTURE)
    assert held.reference in run.held and held.reference not in [due.reference for due in run.due]
    held.refresh_from_db()
    assert held.title != ERASED
    hold.lifted_at = FAR_FUTURE
    hold.save()
    assert held.reference in [due.reference for due in apply_retention(FAR_FUTURE).due]


def test_a_dry_run_lists_what_would_go_and_changes_nothing(dataset, capsys):  # noqa: F811
    _close_everything_answered(dataset)
    titles = dict(Case.objects.values_list("pk", "title"))
    run = apply_retention(FAR_FUTURE, dry_run=True)
    assert run.due and run.summary().startswith(f"would erase the personal data of {len(run.due)} case(s)")
    assert dict(Case.objects.values_list("pk", "title")) == titles
    assert not Erasure.objects.exists()


def test_the_command_has_a_dry_run(dataset, capsys, time_machine):  # noqa: F811
    _close_everything_answered(dataset)
    time_machine.move_to(FAR_FUTURE)
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "would erase the personal data of" in out and "years after closure" in out
    assert not Erasure.objects.exists()
    assert date.today().year == 2040
