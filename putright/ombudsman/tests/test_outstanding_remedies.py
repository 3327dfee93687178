"""The outstanding remedies page and its figures: remedies in responses and those an ombudsman ordered, dated ones
first and undated ones last, each seen only by those who may see the case."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.cases import services as case_services
from putright.cases.choices import Outcome, RemedyType
from putright.ombudsman import services
from putright.ombudsman.choices import RemedyKind
from putright.procedures.choices import Ombudsman

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def case(make_case, lead_officer):
    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    return lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="The repair was late.")


@pytest.fixture
def remedies(case, lead_officer, complaints_officer):
    today = timezone.localdate()
    undated = case_services.add_remedy(
        case=case,
        actor=lead_officer,
        remedy_type=RemedyType.APOLOGY,
        description="Apologise in writing",
        owner=None,
        due_date=None,
    )
    dated = case_services.add_remedy(
        case=case,
        actor=lead_officer,
        remedy_type=RemedyType.FINANCIAL,
        amount=Decimal("120"),
        description="Pay for the carpet",
        owner=None,
        due_date=today + timedelta(days=20),
    )
    referral = services.refer_to_ombudsman(
        case=case,
        actor=complaints_officer,
        ombudsman=Ombudsman.HOUSING,
        referred_date=today,
        ombudsman_reference="HO-202604321",
    )
    ordered = services.add_remedy(
        referral=referral,
        actor=complaints_officer,
        kind=RemedyKind.ORDER,
        description="Pay £250 for the time taken",
        due_date=today - timedelta(days=2),
        amount=Decimal("250"),
    )
    return undated, dated, ordered


def page_rows(client) -> list[str]:
    response = client.get(reverse("cases:outstanding_remedies"))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    body = text.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def test_ombudsman_remedies_are_listed_and_undated_remedies_come_last(client, complaints_officer, remedies, case):
    client.force_login(complaints_officer)
    rows = page_rows(client)
    assert len(rows) == 3
    first, second, last = rows
    # The ombudsman's order is overdue, so first; with the referral's reference, the owner and the due date.
    assert "Housing Ombudsman (HO-202604321)" in first and "Ombudsman order" in first
    assert "Pay £250 for the time taken" in first and "Liam Leader" in first and "Overdue" in first
    assert "Record as done" in first
    assert "Pay for the carpet" in second
    assert "Apologise in writing" in last and "No date set" in last and "Nothing due" not in last


def test_the_lead_officer_sees_the_order_but_only_the_complaints_team_records_it(client, lead_officer, remedies):
    client.force_login(lead_officer)
    order = next(row for row in page_rows(client) if "Ombudsman order" in row)
    assert "Record as done" not in order and "The complaints team records it" in order


def test_others_do_not_see_the_ombudsman_remedies_of_a_case_not_theirs(client, waste_leader, remedies):
    client.force_login(waste_leader)
    assert page_rows(client) == ["No remedy is outstanding."]


def test_the_dashboard_counts_ombudsman_remedies_as_outstanding_and_overdue(client, complaints_officer, remedies):
    client.force_login(complaints_officer)
    text = html.unescape(client.get(reverse("reporting:dashboard")).content.decode())
    figures = dict(
        re.findall(r'<dt class="govuk-summary-list__key">(\w+)</dt><dd class="govuk-summary-list__value">(\d+)', text)
    )
    assert figures["Outstanding"] == "3" and figures["Overdue"] == "1"
    _, _, ordered = remedies
    services.record_compliance(
        remedy=ordered, actor=complaints_officer, evidence="Paid by BACS", completed_date=timezone.localdate()
    )
    text = html.unescape(client.get(reverse("reporting:dashboard")).content.decode())
    figures = dict(
        re.findall(r'<dt class="govuk-summary-list__key">(\w+)</dt><dd class="govuk-summary-list__value">(\d+)', text)
    )
    assert figures["Outstanding"] == "2" and figures["Overdue"] == "0"
