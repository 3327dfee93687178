"""The dashboard and the committee pack (page, PDF, spreadsheet, CSV) show complaints per 1,000 homes, per 1,000
contacts and satisfaction for the known data set in conftest.py, counting only what the reader may see."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse

from putright.organisation.models import Organisation
from putright.portal.models import SatisfactionResponse
from putright.reporting.models import ContactVolume

pytestmark = pytest.mark.django_db

Q3 = {"year": "2025", "quarter": "3"}
LONDON = ZoneInfo("Europe/London")
SECTION = "Complaints per 1,000 contacts"


@pytest.fixture
def figures(dataset):
    """2,000 homes; housing contacts for October and November, none for waste; survey answers from A, D and the
    restricted G."""
    Organisation.objects.filter(pk=dataset.organisation.pk).update(homes_count=2_000)
    for start, end, count in (
        (date(2025, 10, 1), date(2025, 10, 31), 1_000),
        (date(2025, 11, 1), date(2025, 11, 30), 2_000),
    ):
        ContactVolume.objects.create(
            service_area=dataset.services["housing"],
            start_date=start,
            end_date=end,
            contacts_count=count,
            entered_by=dataset.officer,
        )
    ContactVolume.objects.create(
        service_area=dataset.services["adult_social_care"],
        start_date=date(2025, 10, 1),
        end_date=date(2025, 12, 31),
        contacts_count=50,
        entered_by=dataset.officer,
    )
    for key, rating in (("A", "very_satisfied"), ("D", "dissatisfied"), ("G", "satisfied")):
        answer = SatisfactionResponse.objects.create(
            case=dataset.cases[key], handling_rating=rating, kept_informed="yes"
        )
        SatisfactionResponse.objects.filter(pk=answer.pk).update(created_at=datetime(2025, 12, 1, 9, tzinfo=LONDON))


def csv_values(response) -> dict[tuple[str, str, str], str]:
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return {(section, measure, breakdown): value for section, measure, breakdown, value in rows[1:]}


def test_dashboard_shows_per_1000_homes_contacts_and_satisfaction(client, dataset, figures):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:dashboard"), Q3)
    report = response.context["report"]
    # Housing stage 1 received in the quarter: A, B, C, E, H, I = 6 of 2,000 homes; stage 2: C.
    assert [(row.count, str(row.per_1000)) for row in report.per_1000_homes] == [(6, "3.00"), (1, "0.50")]
    page = response.content.decode()
    assert "Housing complaints per 1,000 homes, stage 1 (TSM CH01: 6 received)" in page
    assert "2,000 homes owned in the organisation's profile" in page  # with its thousands separator
    assert "1.33" in page  # housing: 4 complaints in October and November, 3,000 contacts
    assert "No contact volumes entered for this period" in page  # waste
    # Restricted: the complaints officer cannot see G, so the service is left out, not shown as 0 per 1,000.
    assert [row.label for row in report.per_1000_contacts.rows] == ["Housing repairs", "Waste and recycling"]
    assert "50% (1 of 2)" in page  # satisfied: A yes, D no


def test_dashboard_says_when_homes_are_not_recorded(client, dataset):
    client.force_login(dataset.officer)
    page = client.get(reverse("reporting:dashboard"), Q3).content.decode()
    assert "homes owned, which are not recorded in the organisation's profile" in page


def test_statutory_manager_sees_the_restricted_service_in_the_figures(client, dataset, figures):
    client.force_login(dataset.statutory_manager)
    report = client.get(reverse("reporting:dashboard"), Q3).context["report"]
    adult = next(row for row in report.per_1000_contacts.rows if row.label == "Adult social care")
    assert (adult.contacts_count, adult.complaints_count, str(adult.per_1000)) == (50, 1, "20.00")
    assert report.satisfaction.overall.responses_count == 3


def test_committee_csv_has_the_new_figures(client, dataset, figures):
    client.force_login(dataset.officer)
    values = csv_values(client.get(reverse("reporting:committee_csv"), Q3))
    assert values["Complaints", "Housing complaints per 1,000 homes (TSM CH01)", "Stage 1"] == "3.00"
    assert values[SECTION, "Contacts", "Housing repairs"] == "3000"
    assert values[SECTION, "Complaints in those months", "Housing repairs"] == "4"
    assert values[SECTION, "Per 1,000 contacts", "Housing repairs"] == "1.33"
    assert values[SECTION, "Per 1,000 contacts", "Waste and recycling"] == "No contact volumes entered"
    assert values[SECTION, "Per 1,000 contacts", "All services with contact volumes"] == "1.33"
    assert (SECTION, "Per 1,000 contacts", "Adult social care") not in values
    assert values["Satisfaction survey", "Responses", "All services"] == "2"
    assert values["Satisfaction survey", "Satisfied with the handling (%)", "Housing repairs"] == "100.0"
    assert values["Satisfaction survey", "Satisfied with the handling (%)", "Waste and recycling"] == "0.0"


def test_committee_spreadsheet_has_the_new_figures(client, dataset, figures):
    client.force_login(dataset.officer)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reporting:committee_xlsx"), Q3).content)).active
    values = {
        (section, measure, breakdown or ""): value
        for section, measure, breakdown, value in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values[SECTION, "Per 1,000 contacts", "Housing repairs"] == 1.33
    assert values[SECTION, "Per 1,000 contacts", "Waste and recycling"] == "No contact volumes entered"
    assert values["Satisfaction survey", "Satisfied with the handling (%)", "All services"] == 50.0
    assert values["Complaints", "Housing complaints per 1,000 homes (TSM CH01)", "Stage 2"] == 0.5


def test_committee_page_and_pdf_show_the_new_figures(client, dataset, figures):
    client.force_login(dataset.officer)
    page = client.get(reverse("reporting:committee"), Q3).content.decode()
    assert "Complaints per 1,000 contacts" in page and "Satisfaction with complaint handling" in page
    assert "2 of 3" in page  # housing has volumes for two of the quarter's three months
    response = client.get(reverse("reporting:committee_pdf"), Q3)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
