"""The report pages' figures, from the known data set in conftest.py: only what the reader may see."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from putright.organisation.models import ServiceArea

pytestmark = pytest.mark.django_db

Q3 = {"year": "2025", "quarter": "3"}


def test_dashboard_shows_the_quarter_figures(client, dataset):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:dashboard"), Q3)
    report = response.context["report"]
    assert report.received == {1: 7, 2: 1}
    page = response.content.decode()
    assert "2025-26 quarter 3 (1 October 2025 to 31 December 2025)" in page
    assert "75% (3 of 4)" in page  # stage 1 acknowledged and responded in time
    assert "50% (2 of 4)" in page  # stage 1 within the original timescale; the stage 1 uphold rate
    assert "£150.50" in page
    assert "Escalation rate (stage 2 complaints escalated from stage 1, as a share of stage 1 complaints)" in page
    assert "A complaint that started at stage 2 is not an escalation" in page


def test_dashboard_excludes_restricted_cases_the_reader_cannot_see(client, dataset):
    client.force_login(dataset.officer)
    assert client.get(reverse("reporting:dashboard"), Q3).context["report"].received[1] == 7
    client.force_login(dataset.statutory_manager)
    assert client.get(reverse("reporting:dashboard"), Q3).context["report"].received[1] == 8


def test_dashboard_filters_by_service_and_date_range(client, dataset):
    client.force_login(dataset.officer)
    response = client.get(
        reverse("reporting:dashboard"),
        {
            "start_0": "1",
            "start_1": "12",
            "start_2": "2025",
            "end_0": "31",
            "end_1": "12",
            "end_2": "2025",
            "service": "waste",
        },
    )
    report = response.context["report"]
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == ("2025-12-01", "2025-12-31")
    assert report.received == {1: 1, 2: 0}  # D only


def test_committee_csv_has_the_quarter_figures(client, dataset):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:committee_csv"), Q3)
    assert response["Content-Type"].startswith("text/csv")
    assert "complaints-2025-10-01-to-2025-12-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Measure", "Breakdown", "Value"]
    values = {(section, measure, breakdown): value for section, measure, breakdown, value in rows[1:]}
    assert values["Complaints", "Received", "Stage 1"] == "7"
    assert values["Complaints", "Received", "Stage 2"] == "1"
    assert values["Complaints", "Escalation rate (%)", "Stage 2 escalated from stage 1, of stage 1"] == "14.3"
    assert values["Timeliness", "Responded within timescale, including extensions (%)", "Stage 1"] == "75.0"
    assert values["Timeliness", "Responded within the original timescale (%)", "Stage 1"] == "50.0"
    assert values["Timeliness", "Average working days to respond", "Stage 1"] == "15.0"
    assert values["Remedies", "Total financial remedies (£)", ""] == "150.50"
    assert values["Complaints received by service", "Count", "Housing repairs"] == "6"


def test_committee_csv_neutralises_formulas_in_names(client, dataset):
    ServiceArea.objects.filter(pk=dataset.services["housing"].pk).update(name="=HYPERLINK(1)")
    client.force_login(dataset.officer)
    content = client.get(reverse("reporting:committee_csv"), Q3).content.decode()
    assert "'=HYPERLINK(1)" in content
    assert ",=HYPERLINK" not in content
