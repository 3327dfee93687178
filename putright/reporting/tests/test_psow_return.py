"""The Public Services Ombudsman for Wales' quarterly return in the return's own columns, from cases built here
with known dates and outcomes, and who may download it."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from putright.cases.choices import Outcome
from putright.cases.models import Stage
from putright.core.periods import quarter
from putright.ombudsman.models import OmbudsmanReferral
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, User
from putright.procedures.choices import Ombudsman
from putright.reporting.returns import PSOW_HEADER, add_months, psow_return

pytestmark = pytest.mark.django_db

Q1 = quarter(2026, 1)  # April to June 2026


def _stage(case, received: date, responded: date | None, outcome: str = "") -> None:
    Stage.objects.filter(case=case, number=1).update(received_date=received, responded_date=responded, outcome=outcome)


@pytest.fixture
def welsh(organisation, make_case, complaints_officer):
    Organisation.objects.filter(pk=organisation.pk).update(nation="WLS", population=20_000)
    organisation.refresh_from_db()
    quick, slower, slow, still_open = (make_case(title=title) for title in ("Quick", "Slower", "Slow", "Open"))
    # 11 working days (Good Friday and Easter Monday fall between): within 20 working days.
    _stage(quick, date(2026, 4, 1), date(2026, 4, 20), Outcome.UPHELD)
    # Received last quarter, answered after 43 working days but within 3 months.
    _stage(slower, date(2026, 3, 2), date(2026, 5, 1), Outcome.PARTLY_UPHELD)
    # Over 3 months, under 6.
    _stage(slow, date(2026, 1, 5), date(2026, 5, 29), Outcome.NOT_UPHELD)
    _stage(still_open, date(2026, 4, 10), None)
    for case, ombudsman, day in (
        (slow, Ombudsman.PSOW, date(2026, 6, 10)),
        (slower, Ombudsman.LGSCO, date(2026, 6, 11)),  # not the PSOW's
        (quick, Ombudsman.PSOW, date(2026, 7, 1)),  # next quarter
    ):
        OmbudsmanReferral.objects.create(
            case=case, ombudsman=ombudsman, referred_date=day, created_by=complaints_officer
        )
    return organisation


def test_the_return_counts_closures_by_how_long_they_took(welsh):
    figures = psow_return(Q1, welsh)
    assert (figures.received, figures.per_1000, figures.closed) == (2, Decimal("0.10"), 3)
    bands = (figures.within_20_working_days, figures.up_to_3_months, figures.three_to_6_months, figures.over_6_months)
    assert [(band.numerator, band.denominator) for band in bands] == [(1, 3), (1, 3), (1, 3), (0, 3)]
    assert figures.upheld.percent == 66.7  # upheld and partly upheld
    assert figures.referred == 1


def test_months_end_on_the_same_day_or_the_last_of_a_shorter_month():
    assert add_months(date(2026, 1, 5), 3) == date(2026, 4, 5)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_managers_and_the_member_download_it_in_the_returns_columns(client, welsh, manager, complaints_officer):
    url = reverse("reporting:psow_return_csv")
    member = User.objects.create_user(username="cllr_mrc", role=Role.MEMBER_RESPONSIBLE)
    for reader in (manager, member):
        client.force_login(reader)
        response = client.get(url, {"year": "2026", "quarter": "1"})
        assert response.status_code == 200
        assert 'filename="psow-return-2026-04-01-to-2026-06-30.csv"' in response["Content-Disposition"]
        header, row = list(csv.reader(io.StringIO(response.content.decode())))
        assert tuple(header) == PSOW_HEADER
        assert dict(zip(header, row, strict=True)) == {
            "Organisation": welsh.name,
            "Quarter": "2026-27 quarter 1 (1 April 2026 to 30 June 2026)",
            "Complaints received": "2",
            "Complaints received per 1,000 residents": "0.10",
            "Complaints closed": "3",
            "Closed within 20 working days (%)": "33.3",
            "Closed between 20 working days and 3 months (%)": "33.3",
            "Closed between 3 and 6 months (%)": "33.3",
            "Closed in over 6 months (%)": "0.0",
            "Upheld in whole or in part (%)": "66.7",
            "Complaints referred to the PSOW": "1",
        }
    client.force_login(complaints_officer)
    assert client.get(url).status_code == 404
