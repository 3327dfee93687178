"""The quarterly committee pack (page, PDF, spreadsheet, CSV) from the known data set, whole organisation or one
directorate."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from putright.organisation.models import ServiceArea

pytestmark = pytest.mark.django_db

Q3 = {"year": "2025", "quarter": "3"}


@pytest.fixture
def directorates(dataset):
    ServiceArea.objects.filter(pk=dataset.services["housing"].pk).update(directorate="Communities")
    ServiceArea.objects.filter(pk=dataset.services["waste"].pk).update(directorate="Place")


def test_pack_page_shows_the_quarter_for_the_whole_organisation(client, dataset):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee"), Q3)
    report = response.context["report"]
    assert report.received == {1: 7, 2: 1}
    assert report.scope == "the whole organisation"
    page = response.content.decode()
    assert "2025-26 quarter 3 (1 October 2025 to 31 December 2025): complaints of the whole organisation" in page
    assert "75% (3 of 4)" in page and "£150.50" in page
    assert "Hotspots" in page


def test_pack_for_one_directorate(client, dataset, directorates):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee"), {**Q3, "directorate": "Place"})
    report = response.context["report"]
    assert report.scope == "Place directorate"
    assert report.received == {1: 1, 2: 0}  # D only
    assert [(row.label, row.count) for row in report.by_service] == [("Place: Waste and recycling", 1)]
    assert report.remedies.count == 0
    page = response.content.decode()
    assert '<option value="Place" selected>Place</option>' in page


def test_pack_spreadsheet_opens_and_holds_the_figures(client, dataset, directorates):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee_xlsx"), {**Q3, "directorate": "Communities"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "complaints-communities-2025-10-01-to-2025-12-31.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Measure", "Breakdown", "Value")
    values = {(section, measure, breakdown or ""): value for section, measure, breakdown, value in rows[1:]}
    assert values["Scope", "Complaints of", ""] == "Communities directorate"
    assert values["Complaints", "Received", "Stage 1"] == 6  # A, B, C, E, H, I: housing
    assert values["Complaints", "Received", "Stage 2"] == 1
    assert values["Timeliness", "Responded within timescale, including extensions (%)", "Stage 1"] == 66.7
    assert values["Remedies", "Total financial remedies (£)", ""] == 150.5
    assert values["Hotspots by ward", "This period", "Central"] == 2


def test_pack_spreadsheet_keeps_formula_like_names_as_text(client, dataset):
    ServiceArea.objects.filter(pk=dataset.services["housing"].pk).update(name="=HYPERLINK(1)")
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee_xlsx"), Q3)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=HYPERLINK(1)"]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_pack_pdf_is_a_pdf(client, dataset, directorates):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee_pdf"), {**Q3, "directorate": "Place"})
    assert response["Content-Type"] == "application/pdf"
    assert "complaints-place-2025-10-01-to-2025-12-31.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_pack_csv_follows_the_directorate(client, dataset, directorates):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee_csv"), {**Q3, "directorate": "Place"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    values = {(section, measure, breakdown): value for section, measure, breakdown, value in rows[1:]}
    assert values["Complaints", "Received", "Stage 1"] == "1"
    assert values["Scope", "Complaints of", ""] == "Place directorate"
