"""The dashboard's bar charts: server-drawn SVG, named for assistive technology, each followed by its table."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from putright.reporting.queries import Row
from putright.reporting.templatetags.reporting import bar_chart

pytestmark = pytest.mark.django_db


def test_bars_are_scaled_to_the_largest_count():
    chart = bar_chart([Row("a", "Housing repairs", 6), Row("b", "Waste and recycling", 3), Row("", "None", 0)], "X")
    assert [bar["width"] for bar in chart["bars"]] == [370, 185, 0]  # 640 - 220 - 50 = 370 units of room
    assert chart["description"] == "Largest: Housing repairs, 6. The table below gives every figure."


def test_dashboard_charts_have_a_title_and_their_table_follows(client, dataset):
    client.force_login(dataset.officer)
    page = client.get(reverse("reporting:dashboard"), {"year": "2025", "quarter": "3"}).content.decode()
    chart = re.search(
        r'<svg role="img" aria-labelledby="chart-complaints-received-by-service-title[^"]*".*?</svg>\s*</figure>\s*'
        # the table is behind "Show the figures", straight after its chart
        r'<details class="govuk-details[^"]*">\s*<summary.*?</summary>\s*<div class="govuk-details__text">\s*'
        r'<table class="govuk-table">\s*<caption[^>]*>Complaints received by service</caption>',
        page,
        re.S,
    )
    assert chart is not None
    svg = chart.group(0)
    assert (
        '<title id="chart-complaints-received-by-service-title">Complaints received by service: bar chart</title>'
        in svg
    )
    assert 'width="370.0"' in svg  # Housing repairs, the largest (6)
    assert page.count('role="img"') == 5  # kind, channel, service, category and ward (not procedure)
