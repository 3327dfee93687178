"""The quarterly return for Scottish and Welsh councils and the dates returns are due (docs/rules.md), from the known
data set in conftest.py."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.core.errors import RuleError
from putright.core.periods import quarter
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, User
from putright.reporting.choices import ReturnKind
from putright.reporting.models import ReturnDate
from putright.reporting.queries import Share
from putright.reporting.return_dates import due_soon_or_missed, set_return_date
from putright.reporting.returns import per_1000_population, quarterly_return

pytestmark = pytest.mark.django_db

Q3 = quarter(2025, 3)


@pytest.fixture
def scottish(dataset):
    Organisation.objects.filter(pk=dataset.organisation.pk).update(nation="SCT", population=40_000)
    dataset.organisation.refresh_from_db()
    return dataset


def test_the_quarter_counts_every_complaint_per_1000_population(scottish):
    figures = quarterly_return(Q3, scottish.organisation)
    assert figures.ombudsman == "Scottish Public Services Ombudsman (SPSO)"
    # Stage 1 received in quarter 3: A, B, C, D, E, H, I and the restricted G (counts only).
    assert (figures.received, figures.per_1000) == (8, Decimal("0.20"))
    stage_one, stage_two = figures.stages
    assert (stage_one.received, stage_one.closed, stage_one.extensions) == (8, 6, 1)  # B was extended
    assert stage_one.outcomes == {
        "upheld": 2,  # A, G
        "partly_upheld": 1,  # B
        "not_upheld": 2,  # C, D
        "resolved_early": 0,
        "withdrawn": 1,  # E
    }
    assert stage_one.within_timescale == Share(4, 5)  # C was late
    assert (stage_two.received, stage_two.closed, stage_two.within_timescale) == (1, 1, Share(1, 1))


def test_without_a_population_there_is_no_rate():
    assert per_1000_population(8, None) is None
    assert per_1000_population(3, 1_500) == Decimal("2.00")


def test_the_page_and_export_are_the_same_for_every_reader(client, scottish):
    member = User.objects.create_user(username="cllr_mrc", role=Role.MEMBER_RESPONSIBLE)
    bodies = []
    for reader in (scottish.officer, member):
        client.force_login(reader)
        response = client.get(reverse("reporting:quarterly_return_csv"), {"year": "2025", "quarter": "3"})
        bodies.append(response.content)
    assert bodies[0] == bodies[1]
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(bodies[0].decode()))}
    assert rows["Complaints received per 1,000 population", ""] == "0.20"
    assert rows["Closed: Withdrawn", "Stage 1"] == "1"
    page = client.get(reverse("reporting:quarterly_return"), {"year": "2025", "quarter": "3"}).content.decode()
    assert "Quarterly complaints return: Scottish Public Services Ombudsman (SPSO)" in page
    assert "0.20 (population 40000)" in page


def test_return_dates_are_checked_and_flagged_until_done(frozen_today, client, dataset):
    today = timezone.localdate()
    with pytest.raises(RuleError, match="Choose the quarter"):
        set_return_date(kind=ReturnKind.PSOW_QUARTERLY, year=2025, quarter=None, due_date=today, actor=dataset.officer)
    with pytest.raises(RuleError, match="once a year"):
        set_return_date(kind=ReturnKind.HO_SUBMISSION, year=2025, quarter=2, due_date=today, actor=dataset.officer)
    soon = set_return_date(
        kind=ReturnKind.HO_SUBMISSION,
        year=2025,
        quarter=None,
        due_date=today + timedelta(days=10),
        actor=dataset.officer,
    )
    set_return_date(
        kind=ReturnKind.TSM_RETURN, year=2025, quarter=None, due_date=today + timedelta(days=90), actor=dataset.officer
    )
    missed = set_return_date(
        kind=ReturnKind.PSOW_QUARTERLY, year=2025, quarter=1, due_date=date(2025, 7, 31), actor=dataset.officer
    )
    assert list(due_soon_or_missed(today)) == [missed, soon]

    manager = User.objects.create_user(username="mo_manager", role=Role.MANAGER)
    client.force_login(manager)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert "Housing Ombudsman annual submission 2025-26: due" in page
    assert "Quarterly complaints figures (PSOW) 2025-26 quarter 1: due 31 July 2025" in page and "Missed" in page
    assert "Regulator of Social Housing" not in page.split("Returns due")[1].split("</ul>")[0]  # 90 days away

    client.post(
        reverse("reporting:return_dates"),
        {"form": "done", "item": missed.pk, "done_on_0": today.day, "done_on_1": today.month, "done_on_2": today.year},
    )
    assert ReturnDate.objects.get(pk=missed.pk).done_on == today
    assert list(due_soon_or_missed(today)) == [soon]


def test_a_manager_enters_a_return_date_with_a_precise_error(client, dataset):
    manager = User.objects.create_user(username="mo_manager", role=Role.MANAGER)
    client.force_login(manager)
    url = reverse("reporting:return_dates")
    page = client.post(
        url,
        {
            "form": "date",
            "kind": "spso_quarterly",
            "year": "2025",
            "quarter": "",
            "due_date_0": "31",
            "due_date_1": "10",
            "due_date_2": "2025",
        },
    ).content.decode()
    assert "Choose the quarter the figures are for" in page
    response = client.post(
        url,
        {
            "form": "date",
            "kind": "spso_quarterly",
            "year": "2025",
            "quarter": "2",
            "due_date_0": "31",
            "due_date_1": "10",
            "due_date_2": "2025",
        },
    )
    assert response.status_code == 302
    assert ReturnDate.objects.get().due_date == date(2025, 10, 31)


def test_marking_a_return_done_takes_its_date_and_says_plainly_what_is_wrong(client, dataset, frozen_today):
    """Today is 18 March 2026. The "For" column reads the financial year as people write it."""
    manager = User.objects.create_user(username="mo_manager", role=Role.MANAGER)
    client.force_login(manager)
    url = reverse("reporting:return_dates")
    submission = set_return_date(
        kind=ReturnKind.HO_SUBMISSION, year=2025, quarter=None, due_date=date(2026, 3, 20), actor=manager
    )
    figures = set_return_date(
        kind=ReturnKind.PSOW_QUARTERLY, year=2026, quarter=2, due_date=date(2026, 10, 31), actor=manager
    )
    page = client.get(url).content.decode()
    assert '<td class="govuk-table__cell">2025-26</td>' in page
    assert '<td class="govuk-table__cell">2026-27 quarter 2</td>' in page
    assert 'id="id_done_on_0" name="done_on_0" type="text" inputmode="numeric" value="18"' in page  # today

    nothing = client.post(url, {"form": "done"})
    assert nothing.status_code == 200
    assert "Choose the return that was done" in nothing.content.decode()
    assert "Enter the date it was done" in nothing.content.decode()
    tomorrow = client.post(
        url, {"form": "done", "item": submission.pk, "done_on_0": "19", "done_on_1": "3", "done_on_2": "2026"}
    )
    assert tomorrow.status_code == 200
    assert "The date it was done must be today or in the past" in tomorrow.content.decode()
    bad = client.post(
        url, {"form": "done", "item": submission.pk, "done_on_0": "31", "done_on_1": "2", "done_on_2": "2026"}
    )
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    assert ReturnDate.objects.get(pk=submission.pk).done_on is None

    done = client.post(
        url, {"form": "done", "item": submission.pk, "done_on_0": "16", "done_on_1": "3", "done_on_2": "2026"}
    )
    assert done.status_code == 302
    assert ReturnDate.objects.get(pk=submission.pk).done_on == date(2026, 3, 16)
    listing = client.get(url).content.decode()
    assert "Housing Ombudsman annual submission for 2025-26 marked done on 16 March 2026" in listing
    assert "16 March 2026" in listing
    assert ReturnDate.objects.get(pk=figures.pk).done_on is None

    missing = client.post(url, {"form": "date", "kind": "", "year": ""}).content.decode()
    assert "Choose what the return is" in missing and "Enter the year" in missing
    assert "This field is required." not in missing
