"""The councillor's ward page: counts only, small numbers hidden, their ward only, councillors only."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import CaseKind
from putright.organisation.models import Category, PostcodeWard, ServiceArea
from putright.portal.selectors import shown_count, twelve_months_before

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # "today" is the same day every run

ASHCOMBE = "HP1 1AA"  # make_case's default postcode
BROOKFIELD = "HP2 2BB"


@pytest.fixture
def wards(db):
    PostcodeWard.objects.create(postcode=ASHCOMBE, ward="Ashcombe")
    PostcodeWard.objects.create(postcode=BROOKFIELD, ward="Brookfield")


@pytest.fixture
def ward_councillor(councillor):
    councillor.ward = "Ashcombe"
    councillor.save(update_fields=["ward"])
    return councillor


@pytest.fixture
def ward_cases(wards, make_case, housing):
    """Ashcombe: housing 6 complaints + 2 enquiries, waste 3 complaints; plus cases that must not count."""
    waste = ServiceArea.objects.create(
        name="Waste and recycling", slug="waste-recycling", default_procedure_slug="joint-code"
    )
    damp = Category.objects.create(name="Damp and mould", service_area=housing)
    missed = Category.objects.create(name="Missed collection", service_area=waste)
    cases = []
    for number in range(6):
        case = make_case(title=f"Damp in flat {number}", last_name=f"Pryce{number}")
        case.categories.add(damp)
        cases.append(case)
    cases += [make_case(kind=CaseKind.ENQUIRY, title=f"Enquiry {n}", last_name=f"Evans{n}") for n in range(2)]
    for number in range(3):
        case = make_case(service=waste, title=f"Bin missed {number}", last_name=f"Hughes{number}")
        case.categories.add(missed)
        cases.append(case)
    # Another ward, and a case from over 12 months ago: neither counts.
    other = [make_case(postcode=BROOKFIELD, title="Brookfield damp", last_name="Other") for _ in range(4)]
    old = make_case(title="Old damp", last_name="Old", received_at=timezone.now() - timedelta(days=400))
    return cases, other, old


def ward_page(client, user):
    client.force_login(user)
    return client.get(reverse("portal:councillor_ward"))


def rows(text: str) -> list[list[str]]:
    """Each table row's cells, as text."""
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', text, re.S)
    ]


def test_counts_are_exact_and_small_numbers_are_hidden(client, ward_councillor, ward_cases):
    response = ward_page(client, ward_councillor)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    table = rows(text)
    assert ["Housing repairs", "6", "8"] in table
    assert ["Waste and recycling", "fewer than 5", "fewer than 5"] in table
    assert ["Damp and mould", "6", "6"] in table
    assert ["Missed collection", "fewer than 5", "fewer than 5"] in table
    assert ["No category given", "0", "fewer than 5"] in table  # the two enquiries
    assert "Your ward: Ashcombe" in text
    assert 'shown as "fewer than 5"' in text  # the page says why


def test_other_wards_and_old_cases_are_not_counted_and_nothing_identifies_anyone(client, ward_councillor, ward_cases):
    cases, other, old = ward_cases
    text = html.unescape(ward_page(client, ward_councillor).content.decode())
    assert "Brookfield" not in text
    for case in [*cases, *other, old]:
        assert case.reference not in text
        assert case.title not in text
        assert case.customer.last_name not in text
        assert case.postcode not in text
        assert f"{timezone.localtime(case.received_at):%-d %B %Y}" not in text
    # Every customer's first name; not looked for in the form's random token, which can hold any letters.
    assert "Ann" not in re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_a_councillor_for_the_other_ward_sees_only_theirs(client, councillor, ward_cases):
    councillor.ward = "Brookfield"
    councillor.save(update_fields=["ward"])
    text = html.unescape(ward_page(client, councillor).content.decode())
    assert ["Housing repairs", "fewer than 5", "fewer than 5"] in rows(text)
    assert "Waste and recycling" not in text and "Damp and mould" not in text


def test_a_councillor_without_a_ward_is_told_so(client, councillor, ward_cases):
    text = html.unescape(ward_page(client, councillor).content.decode())
    assert "We do not know which ward you represent" in text
    assert "<table" not in text


def test_the_ward_page_is_linked_from_the_councillor_home(client, ward_councillor):
    client.force_login(ward_councillor)
    assert reverse("portal:councillor_ward") in client.get(reverse("portal:councillor_home")).content.decode()


def test_staff_get_404_and_the_signed_out_are_sent_to_sign_in(client, complaints_officer, lead_officer):
    complaints_officer.ward = "Ashcombe"
    complaints_officer.save(update_fields=["ward"])
    assert ward_page(client, complaints_officer).status_code == 404
    assert ward_page(client, lead_officer).status_code == 404
    client.logout()
    response = client.get(reverse("portal:councillor_ward"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_inactive_councillor_gets_nothing(client, ward_councillor):
    ward_councillor.is_active = False
    ward_councillor.save(update_fields=["is_active"])
    client.force_login(ward_councillor)
    # Django signs an inactive user out on their next request: they are sent to sign in, like anyone signed out.
    response = client.get(reverse("portal:councillor_ward"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_ward_page_in_welsh(client, ward_councillor, ward_cases):
    client.force_login(ward_councillor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    text = html.unescape(client.get(reverse("portal:councillor_ward")).content.decode())
    assert '<html lang="cy"' in text
    assert "Eich ward: Ashcombe" in text
    assert "llai na 5" in text


def test_shown_count_and_the_twelve_month_window():
    assert [shown_count(n) for n in (0, 1, 4, 5, 12)] == ["0", "fewer than 5", "fewer than 5", "5", "12"]
    assert twelve_months_before(date(2026, 11, 24)) == date(2025, 11, 24)
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 2, 28)


def summary_rows(text: str) -> dict[str, str]:
    return {
        re.sub(r"<[^>]+>", "", key).strip(): re.sub(r"<[^>]+>", "", value).strip()
        for key, value in re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt><dd[^>]*>(.*?)</dd>', text, re.S)
    }


def test_the_ward_total_is_shown_even_when_every_row_is_small(client, ward_councillor, ward_cases):
    totals = summary_rows(html.unescape(ward_page(client, ward_councillor).content.decode()))
    # Ashcombe: 9 complaints (6 housing, 3 waste) and 11 cases in all.
    assert totals == {"Complaints in the last 12 months": "9", "All cases in the last 12 months": "11"}


def test_a_ward_total_under_five_is_itself_hidden(client, councillor, ward_cases):
    councillor.ward = "Brookfield"  # 4 complaints: each row and the total are small
    councillor.save(update_fields=["ward"])
    text = html.unescape(ward_page(client, councillor).content.decode())
    assert summary_rows(text) == {
        "Complaints in the last 12 months": "fewer than 5",
        "All cases in the last 12 months": "fewer than 5",
    }
    assert ["Housing repairs", "fewer than 5", "fewer than 5"] in rows(text)
