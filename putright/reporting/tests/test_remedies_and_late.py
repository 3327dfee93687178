"""Remedies still owed and complaints made after the time limit, as figures in the committee pack and the annual
report (docs/rules.md), from the known data set in conftest.py."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.choices import RemedyType, TimeLimitDecision
from putright.cases.models import LateComplaintDecision, Remedy
from putright.core.periods import quarter
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.reporting.facts import refresh_case_facts
from putright.reporting.late_complaints import LateComplaints, late_complaints
from putright.reporting.remedies import RemediesOwed, remedies_owed

pytestmark = pytest.mark.django_db

Q2, Q3 = quarter(2025, 2), quarter(2025, 3)
LATER = date(2026, 3, 31)


def _remedy(case, remedy_type, **changes):
    """Written straight to the remedies, so their facts are brought in step as a change through the lifecycle would."""
    Remedy.objects.filter(stage__case=case, remedy_type=remedy_type).update(**changes)
    refresh_case_facts(case.pk)


@pytest.fixture
def remedy_dates(dataset):
    """A: £100 due 30 Oct, not done; its apology done 20 Oct. B: £50.50 due 15 Jan 2026. C (stage 2): apology due
    20 Dec, done 5 Jan 2026. F (September): £999 due 30 Sep, not done. G is restricted."""
    cases = dataset.cases
    _remedy(cases["A"], RemedyType.FINANCIAL, due_date=date(2025, 10, 30))
    _remedy(cases["A"], RemedyType.APOLOGY, due_date=date(2025, 10, 20), completed_date=date(2025, 10, 20))
    _remedy(cases["B"], RemedyType.FINANCIAL, due_date=date(2026, 1, 15))
    _remedy(cases["C"], RemedyType.APOLOGY, due_date=date(2025, 12, 20), completed_date=date(2026, 1, 5))
    _remedy(cases["F"], RemedyType.FINANCIAL, due_date=date(2025, 9, 30))
    return dataset


@pytest.fixture
def late(dataset):
    """B accepted although late, D refused (both received in quarter 3); F accepted (quarter 2)."""
    for key, decision in (("B", TimeLimitDecision.ACCEPTED), ("D", TimeLimitDecision.REFUSED), ("F", "accepted")):
        LateComplaintDecision.objects.create(
            case=dataset.cases[key],
            decision=decision,
            reasons="Unwell for a year",
            decided_by=dataset.officer,
            decided_at=timezone.now(),
        )
    return dataset


def test_remedies_owed_at_the_end_of_the_period(remedy_dates):
    visible = cases_visible_to(remedy_dates.officer)
    # A's £100 (overdue), B (not yet due), C's apology (done only after the quarter: overdue), F (overdue).
    assert remedies_owed(visible, Q3, LATER) == RemediesOwed(date(2025, 12, 31), outstanding=4, overdue=3)
    # At 30 September only F had been offered, and it was due that day, not yet overdue.
    assert remedies_owed(visible, Q2, LATER) == RemediesOwed(date(2025, 9, 30), outstanding=1, overdue=0)


def test_remedies_owed_today_while_the_period_runs(remedy_dates):
    visible = cases_visible_to(remedy_dates.officer)
    # On 1 November B had not been answered yet; A's apology was done.
    assert remedies_owed(visible, Q3, date(2025, 11, 1)) == RemediesOwed(date(2025, 11, 1), 2, 2)


def test_remedies_owed_on_restricted_cases_count_only_for_those_who_may_see_them(remedy_dates):
    visible = cases_visible_to(remedy_dates.statutory_manager)
    assert remedies_owed(visible, Q3, LATER).outstanding == 5  # and G's £250


def test_late_complaints_are_counted_by_decision_in_the_period_received(late):
    visible = cases_visible_to(late.officer)
    assert late_complaints(visible, Q3) == LateComplaints(accepted=1, refused=1)
    assert late_complaints(visible, Q2) == LateComplaints(accepted=1, refused=0)


def test_the_committee_pack_and_its_csv_show_them(client, remedy_dates, late):
    client.force_login(remedy_dates.officer)
    page = client.get(reverse("reporting:committee"), {"year": "2025", "quarter": "3"}).content.decode()
    assert (
        "Remedies offered in complaint responses and not yet carried out at 31 December 2025"
        " (not counting what an ombudsman ordered)" in page
    )
    assert "made after the time limit to complain: 2; accepted 1, refused 1" in page
    response = client.get(reverse("reporting:committee_csv"), {"year": "2025", "quarter": "3"})
    values = {tuple(row[:3]): row[3] for row in csv.reader(io.StringIO(response.content.decode()))}
    assert values["Remedies", "Outstanding", "At 2025-12-31"] == "4"
    assert values["Remedies", "Overdue", "At 2025-12-31"] == "3"
    assert values["Complaints", "Made after the time limit: accepted", ""] == "1"
    assert values["Complaints", "Made after the time limit: refused", ""] == "1"


def test_the_annual_report_quotes_them_as_code_evidence(client, remedy_dates, late):
    manager = User.objects.create_user(username="mo_manager", role=Role.MANAGER)
    client.force_login(manager)
    report = client.get(reverse("reporting:annual"), {"year": "2025"}).context["report"]
    lines = {line.row.provision: line.automatic_evidence for line in report.lines}
    assert lines["2.3"] == [
        "Complaints received in the year that were made after the time limit: 3; accepted 2, refused 1, each with "
        "its reasons recorded."
    ]
    # At the end of 2025-26: A's £100, B's £50.50 (due 15 January) and F's £999; C's apology was done in January.
    assert lines["7.3"] == [
        "Remedies offered on complaints (every complaint procedure) not yet carried out at 31 March 2026: 3, of "
        "which 3 past their due date."
    ]


def test_the_dashboard_says_which_remedies_each_count_covers(client, remedy_dates):
    """The headline counts every remedy today (ombudsman orders too); "Putting things right" only those offered in
    complaint responses: each is labelled so the two figures do not look like a contradiction."""
    client.force_login(remedy_dates.officer)
    response = client.get(reverse("reporting:dashboard"), {"year": "2025", "quarter": "3"})
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="remedies"')
    remedies_today = page[start : page.index("</dl>", start)]
    putting_right = page[page.index('<h2 class="govuk-heading-m">Putting things right') :]
    assert "those an ombudsman ordered or recommended" in remedies_today
    assert "only remedies offered in complaint responses" in remedies_today
    assert (
        "Remedies offered in complaint responses and not yet carried out at 31 December 2025"
        " (not counting what an ombudsman ordered)" in putting_right
    )
