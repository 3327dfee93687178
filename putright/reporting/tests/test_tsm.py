"""TSM CH01 and CH02 by tenure, per 1,000 homes of the year-end stock, own tenants only, the same for every reader
(docs/rules.md, "TSM by tenure"); from the known data set in conftest.py."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from putright.core.errors import RuleError
from putright.organisation.choices import Role
from putright.organisation.models import ServiceArea, User
from putright.people.choices import Tenure
from putright.people.models import Customer
from putright.reporting import tsm
from putright.reporting.models import HousingStock, ReportSettings
from putright.reporting.queries import Share
from putright.reporting.stock import set_year_end_stock

pytestmark = pytest.mark.django_db

LCRA, LCHO = Tenure.LOW_COST_RENTAL, Tenure.LOW_COST_HOME_OWNERSHIP


@pytest.fixture
def tenures(dataset):
    """A, B, C rent from the landlord; F is a shared owner; E a leaseholder; H and I not recorded.
    Year-end stock 2025-26: 1,000 rented homes and 200 shared-ownership homes (2024-26 differs, to be ignored)."""
    for key, tenure in {"A": LCRA, "B": LCRA, "C": LCRA, "F": LCHO, "E": Tenure.LEASEHOLDER}.items():
        Customer.objects.filter(pk=dataset.cases[key].customer_id).update(tenure=tenure)
    set_year_end_stock(year=2025, homes={LCRA: 1_000, LCHO: 200}, actor=dataset.officer)
    set_year_end_stock(year=2024, homes={LCRA: 5_000, LCHO: 5_000}, actor=dataset.officer)
    return dataset


def figures(extensions_count=True):
    result = tsm.tsm_return(2025, extensions_count=extensions_count)
    return {item.tenure: item for item in result.tenures}, result


def test_every_case_has_its_own_customer(dataset):
    ids = [case.customer_id for case in dataset.cases.values()]
    assert len(set(ids)) == len(ids)


def test_ch01_counts_each_tenure_per_1000_homes_of_that_years_stock(tenures):
    by_tenure, _result = figures()
    assert [(row.count, row.homes, row.per_1000) for row in by_tenure[LCRA].ch01] == [
        (3, 1_000, Decimal("3.00")),  # A, B, C
        (1, 1_000, Decimal("1.00")),  # C escalated
    ]
    assert [(row.count, row.homes, row.per_1000) for row in by_tenure[LCHO].ch01] == [
        (1, 200, Decimal("5.00")),  # F
        (0, 200, Decimal("0.00")),
    ]


def test_ch02_is_per_tenure_and_follows_the_extension_setting(tenures):
    by_tenure, _result = figures()
    stage_one, stage_two = by_tenure[LCRA].ch02
    assert stage_one.headline == Share(2, 3)  # A on time, B within its extension, C late
    assert stage_one.within_original == Share(1, 3)
    assert stage_two.headline == Share(1, 1)
    assert by_tenure[LCHO].ch02[0].headline == Share(1, 1)
    by_tenure, _result = figures(extensions_count=False)
    assert by_tenure[LCRA].ch02[0].headline == Share(1, 3)


def test_complaints_from_others_are_left_out_and_counted(tenures):
    _by_tenure, result = figures()
    counts = {row.key: row.count for row in result.left_out.rows}
    assert counts == {Tenure.LEASEHOLDER: 1, Tenure.PRIVATE_OR_OTHER: 0, Tenure.UNKNOWN: 2}  # E; H and I
    assert result.left_out.total == 3


def test_without_stock_entered_there_is_no_rate(dataset):
    Customer.objects.filter(pk=dataset.cases["A"].customer_id).update(tenure=LCRA)
    by_tenure, _result = figures()
    assert by_tenure[LCRA].ch01[0].count == 1
    assert by_tenure[LCRA].ch01[0].per_1000 is None


def test_stock_refuses_a_negative_figure_and_saves_nothing(dataset):
    with pytest.raises(RuleError):
        set_year_end_stock(year=2023, homes={LCRA: 10, LCHO: -1}, actor=dataset.officer)
    assert not HousingStock.objects.filter(year=2023).exists()
    with pytest.raises(RuleError):
        set_year_end_stock(year=2023, homes={Tenure.LEASEHOLDER: 10}, actor=dataset.officer)


def test_a_later_entry_replaces_the_year_figure_and_an_empty_one_keeps_it(tenures):
    set_year_end_stock(year=2025, homes={LCRA: 1_250, LCHO: None}, actor=tenures.officer)
    assert tsm.year_end_stock(2025) == {LCRA: 1_250, LCHO: 200}


def test_the_page_shows_the_same_figures_whoever_reads_it(client, tenures):
    # Housing made restricted: the complaints officer can no longer open these cases, yet the return is the same.
    ServiceArea.objects.filter(pk=tenures.services["housing"].pk).update(is_restricted=True)
    pages = []
    for reader in (tenures.officer, tenures.statutory_manager):
        client.force_login(reader)
        response = client.get(reverse("reporting:tsm"), {"year": "2025"})
        pages.append([(label, row.count, row.per_1000) for label, row in response.context["figures"].ch01_lines])
    assert pages[0] == pages[1]
    assert pages[0][0][1:] == (3, Decimal("3.00"))


def test_the_page_lists_ch01_and_ch02_by_tenure_and_warns_of_unknown_tenures(client, tenures):
    client.force_login(tenures.officer)
    page = client.get(reverse("reporting:tsm"), {"year": "2025"}).content.decode()
    assert "Low-cost rental (social rent or affordable rent tenant)" in page
    assert "Low-cost home ownership (shared owner)" in page
    assert "66.7% (2 of 3)" in page
    assert "2 housing complaints received in the year are from customers whose tenure is not recorded" in page


def test_the_export_has_the_shape_of_the_return(client, tenures):
    ReportSettings.objects.create(organisation=tenures.organisation, extensions_count_as_within_timescale=True)
    client.force_login(tenures.officer)
    response = client.get(reverse("reporting:tsm_csv"), {"year": "2025"})
    assert "tsm-complaints-2025-26.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Measure", "Description", "Tenure", "Numerator", "Denominator", "Result", "Unit"]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("CH01 (1)", "LCRA", "3", "1000", "3.00"),
        ("CH01 (1)", "LCHO", "1", "200", "5.00"),
        ("CH01 (2)", "LCRA", "1", "1000", "1.00"),
        ("CH01 (2)", "LCHO", "0", "200", "0.00"),
        ("CH02 (1)", "LCRA", "2", "3", "66.7"),
        ("CH02 (1)", "LCHO", "1", "1", "100.0"),
        ("CH02 (2)", "LCRA", "1", "1", "100.0"),
        ("CH02 (2)", "LCHO", "0", "0", ""),
    ]


def test_a_manager_enters_the_year_end_stock(client, tenures):
    manager = User.objects.create_user(username="mo_manager", role=Role.MANAGER)
    client.force_login(manager)
    url = reverse("reporting:tsm_stock", kwargs={"year": 2025})
    assert client.get(url).status_code == 200
    response = client.post(url, {"lcra": "-4", "lcho": ""})
    assert (
        response.status_code == 200 and "Ensure this value is greater than or equal to 0" in response.content.decode()
    )
    response = client.post(url, {"lcra": "1100", "lcho": ""})
    assert response.status_code == 302
    assert tsm.year_end_stock(2025) == {LCRA: 1_100, LCHO: 200}
    client.force_login(tenures.officer)
    assert client.get(url).status_code == 404
