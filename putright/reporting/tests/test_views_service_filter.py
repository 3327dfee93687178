"""The report filters offer only the services whose cases the reader may see (`services_reported_to`): a restricted
service (adult social care) is offered to the statutory complaints manager, never named to other readers, and asked
for in the address by them it gets the answer a service that does not exist gets; from conftest.py's data set."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from putright.organisation.choices import Role
from putright.organisation.models import User

pytestmark = pytest.mark.django_db

Q3 = {"year": "2025", "quarter": "3"}
DOWNLOADS = ["reporting:committee_csv", "reporting:committee_pdf", "reporting:committee_xlsx"]


@pytest.fixture
def member(dataset):
    return User.objects.create_user(username="cllr_mrc", role=Role.MEMBER_RESPONSIBLE)


def names_the_service(page: str) -> bool:
    """Whether the page names the restricted service. The procedure "Adult social care (statutory, England)" is one
    of the statutory procedures every council has, offered in the procedure list, not the council's service."""
    return re.search(r"Adult social care(?! \(statutory)", page) is not None


def offered_services(page: str) -> list[str]:
    """The names in the dashboard's service list, "All" first."""
    select = re.search(r'<select[^>]*name="service"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select is not None
    return [name.strip() for name in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


def test_a_complaints_officer_is_offered_the_services_they_may_see_and_not_social_care(client, dataset):
    client.force_login(dataset.officer)
    page = client.get(reverse("reporting:dashboard"), Q3).content.decode()
    assert offered_services(page) == ["All", "Housing repairs", "Waste and recycling"]
    assert not names_the_service(page)


def test_the_member_responsible_is_offered_the_unrestricted_services(client, dataset, member):
    client.force_login(member)
    page = client.get(reverse("reporting:dashboard"), Q3).content.decode()
    assert offered_services(page) == ["All", "Housing repairs", "Waste and recycling"]


def test_the_statutory_complaints_manager_is_offered_social_care_and_its_figures(client, dataset):
    client.force_login(dataset.statutory_manager)
    page = client.get(reverse("reporting:dashboard"), Q3).content.decode()
    assert offered_services(page) == ["All", "Adult social care", "Housing repairs", "Waste and recycling"]
    report = client.get(reverse("reporting:committee"), Q3 | {"service": "adult-social-care"}).context["report"]
    assert report.received == {1: 1, 2: 0}  # G alone
    assert report.filters.service == dataset.services["adult_social_care"]


@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:committee"])
def test_a_restricted_service_asked_for_gets_the_answer_an_unknown_one_gets(client, dataset, name):
    client.force_login(dataset.officer)
    unknown = client.get(reverse(name), Q3 | {"service": "no-such-service"})
    restricted = client.get(reverse(name), Q3 | {"service": "adult-social-care"})
    for response in (unknown, restricted):
        page = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in page
        assert "Select one of the options given" in page
        assert not names_the_service(page)
        # The figures of every service the officer sees, not filtered: A, B, C, D, E, H, I (G is restricted).
        assert response.context["report"].filters.service is None
        assert response.context["report"].received == {1: 7, 2: 1}


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_download_for_a_restricted_service_goes_to_the_page_as_an_unknown_one_does(client, dataset, name):
    client.force_login(dataset.officer)
    for slug in ("no-such-service", "adult-social-care"):
        response = client.get(reverse(name), Q3 | {"service": slug})
        assert response.status_code == 302
        assert response.url == f"{reverse('reporting:committee')}?year=2025&quarter=3&service={slug}"


def offered_procedures(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="procedure"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select is not None
    return [name.strip() for name in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


def test_the_procedures_offered_are_those_of_the_services_the_reader_may_see(client, dataset, member):
    for reader, offers_social_care in ((dataset.officer, False), (member, False), (dataset.statutory_manager, True)):
        client.force_login(reader)
        offered = offered_procedures(client.get(reverse("reporting:dashboard"), Q3).content.decode())
        assert offered[0] == "All" and len(offered) > 1
        assert ("Adult social care (statutory, England)" in offered) is offers_social_care, (reader, offered)


@pytest.mark.parametrize("name", ["reporting:dashboard", "reporting:committee"])
def test_a_procedure_not_offered_asked_for_gets_the_answer_an_unknown_one_gets(client, dataset, name):
    client.force_login(dataset.officer)
    for slug in ("no-such-procedure", "adult-social-care"):
        response = client.get(reverse(name), Q3 | {"procedure": slug})
        page = response.content.decode()
        assert response.status_code == 200 and "Select one of the options given" in page
        assert "Adult social care (statutory" not in page
        assert response.context["report"].filters.procedure is None
        assert response.context["report"].received == {1: 7, 2: 1}


@pytest.mark.parametrize("name", DOWNLOADS)
def test_a_download_for_a_procedure_not_offered_goes_to_the_page_as_an_unknown_one_does(client, dataset, name):
    client.force_login(dataset.officer)
    for slug in ("no-such-procedure", "adult-social-care"):
        response = client.get(reverse(name), Q3 | {"procedure": slug})
        assert response.status_code == 302
        assert response.url == f"{reverse('reporting:committee')}?year=2025&quarter=3&procedure={slug}"
