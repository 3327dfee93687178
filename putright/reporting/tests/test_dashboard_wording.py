"""The dashboard's words: no two bars of a chart labelled alike, and several missed returns as one line."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.reporting.choices import ReturnKind
from putright.reporting.return_dates import set_return_date
from putright.reporting.templatetags.reporting import LABEL_LENGTH, bar_labels

pytestmark = pytest.mark.usefixtures("frozen_today")  # today is 18 March 2026


def test_services_sharing_a_long_directorate_get_distinct_bar_labels():
    labels = [
        "Environment and Neighbourhoods: Environmental health",
        "Environment and Neighbourhoods: Waste and recycling",
        "Place: Parking",
    ]
    assert bar_labels(labels) == ["Environmental health", "Waste and recycling", "Parking"]


def test_labels_that_still_clash_when_cut_keep_their_ends():
    labels = ["Orange recycling bags not delivered on Monday", "Orange recycling bags not delivered on Friday"]
    short = bar_labels(labels)
    assert len(set(short)) == 2 and all(len(label) <= LABEL_LENGTH for label in short)
    assert short[0].startswith("Orange recycl") and short[0].endswith("on Monday") and short[1].endswith("on Friday")


def test_short_labels_are_left_alone():
    assert bar_labels(["Phone", "Web form"]) == ["Phone", "Web form"]


@pytest.mark.django_db
def test_several_missed_returns_are_one_line_linking_to_the_return_dates(client, organisation):
    manager = User.objects.create_user(username="mo_manager", role=Role.MANAGER)
    for quarter, due in ((1, date(2025, 7, 31)), (2, date(2025, 10, 31)), (3, date(2026, 1, 31))):
        set_return_date(kind=ReturnKind.PSOW_QUARTERLY, year=2025, quarter=quarter, due_date=due, actor=manager)
    client.force_login(manager)
    page = html.unescape(client.get(reverse("reporting:dashboard")).content.decode())
    banner = page.split("Returns due</h2>")[1].split("</ul>")[0]
    assert banner.count("Missed") == 1
    assert "3 returns are past their due date and not marked as done, the first due 31 July 2025." in banner
    assert re.search(r'href="{}"'.format(reverse("reporting:return_dates")), banner)


def test_report_figures_have_thousands_separators_but_years_and_stages_do_not():
    from django.template.loader import render_to_string

    from putright.reporting.queries import Row, Share
    from putright.reporting.templatetags.reporting import number, share

    table = render_to_string(
        "reporting/_rows_table.html",
        {"rows": [Row("housing", "Housing repairs", 1234), Row("waste", "Waste", 12)], "caption": "By service"},
    )
    assert ">1,234<" in table and ">12<" in table
    assert share(Share(1234, 20000)) == "6.2% (1,234 of 20,000)"
    assert number(Decimal("12500.50")) == "12,500.50" and number("2026") == "2026" and number(None) is None
