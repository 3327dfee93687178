"""A report asked for a year it does not offer says so at the top, and shows the current year: nobody reads one
year's figures believing them another's. "Today" is 18 March 2026: the current financial year is 2025-26."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.reporting.models import HousingStock, Publication, SelfAssessment, StatutoryReportCommentary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# Every report page with a year to choose, as (URL name, its arguments).
PAGES = [
    ("reporting:annual", {}),
    ("reporting:root_causes", {}),
    ("reporting:contact_volumes", {}),
    ("reporting:quarterly_return", {}),
    ("reporting:statutory", {"kind": "adult"}),
    ("reporting:tsm", {}),
    ("reporting:hazards", {}),
]
SHOWING_THE_CURRENT_YEAR = "showing 2025 to 2026."


@pytest.fixture
def reader(client, organisation):
    """A manager who may see restricted cases: every report page is open to them."""
    user = User.objects.create_user(username="mia_manager", role=Role.MANAGER, can_see_restricted=True)
    client.force_login(user)
    return client


def page(client, name: str, kwargs: dict[str, str], **query: str) -> str:
    response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200
    return response.content.decode()


def notice(page: str) -> str:
    """The banner at the top of the page, or "" when there is none."""
    if "govuk-notification-banner__heading" not in page:
        return ""
    return page.split('govuk-notification-banner__heading">')[1].split("</p>")[0]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_year_before_the_figures_start_is_named_and_the_current_year_shown(reader, name, kwargs):
    shown = page(reader, name, kwargs, year="1999")
    start = "2025 to 2026" if name == "reporting:hazards" else "2020 to 2021"  # Awaab's Law began in 2025
    assert notice(shown) == f"There are no figures for 1999 to 2000. Figures start in {start}: showing 2025 to 2026."
    assert 'value="2025" selected' in shown


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_year_that_is_not_a_year_is_named_and_the_current_year_shown(reader, name, kwargs):
    shown = page(reader, name, kwargs, year="abc")
    assert notice(shown) == f"“abc” is not a year: {SHOWING_THE_CURRENT_YEAR}"
    assert 'value="2025" selected' in shown
    shown = page(reader, name, kwargs, year="2030")
    assert notice(shown) == f"There are no figures for 2030 to 2031 yet: {SHOWING_THE_CURRENT_YEAR}"
    assert 'value="2025" selected' in shown


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_year_the_page_offers_is_shown_without_a_notice(reader, name, kwargs):
    shown = page(reader, name, kwargs, year="2025")
    assert notice(shown) == "" and 'value="2025" selected' in shown
    assert notice(page(reader, name, kwargs)) == ""  # no year asked: the current one, nothing to say
    if name != "reporting:hazards":
        shown = page(reader, name, kwargs, year="2021")
        assert notice(shown) == "" and 'value="2021" selected' in shown


def test_the_hazards_page_starts_in_2025_and_the_others_in_2020(reader):
    assert notice(page(reader, "reporting:annual", {}, year="2024")) == ""
    hazards = page(reader, "reporting:hazards", {}, year="2024")
    assert notice(hazards).startswith("There are no figures for 2024 to 2025. Figures start in 2025 to 2026")
    assert 'value="2024"' not in hazards  # not offered either


@pytest.mark.parametrize(
    ("download", "kwargs", "report"),
    [
        ("reporting:annual_print", {}, "reporting:annual"),
        ("reporting:annual_pdf", {}, "reporting:annual"),
        ("reporting:statutory_print", {"kind": "adult"}, "reporting:statutory"),
        ("reporting:statutory_pdf", {"kind": "adult"}, "reporting:statutory"),
        ("reporting:tsm_csv", {}, "reporting:tsm"),
        ("reporting:quarterly_return_csv", {}, "reporting:quarterly_return"),
        ("reporting:psow_return_csv", {}, "reporting:quarterly_return"),
    ],
)
def test_a_download_for_a_year_not_offered_is_its_page_instead_saying_so(reader, download, kwargs, report):
    """A file cannot carry the notice: the page it comes from, asked the same, says it and shows the current year."""
    response = reader.get(reverse(download, kwargs=kwargs), {"year": "1999", "quarter": "2"})
    assert response.status_code == 302
    assert response.url == f"{reverse(report, kwargs=kwargs)}?year=1999&quarter=2"
    shown = reader.get(response.url).content.decode()
    assert notice(shown).startswith("There are no figures for 1999 to 2000.")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("reporting:self_assessments", {}),
        ("reporting:tsm_stock", {}),
        ("reporting:statutory_commentary", {"kind": "adult"}),
    ],
)
def test_a_page_whose_address_names_a_year_not_offered_goes_to_the_current_year_saying_so(reader, name, kwargs):
    response = reader.get(reverse(name, kwargs={**kwargs, "year": 2019}))
    assert response.status_code == 302
    assert response.url == reverse(name, kwargs={**kwargs, "year": 2025})
    shown = reader.get(response.url).content.decode()
    assert (
        notice(shown) == "There are no figures for 2019 to 2020. Figures start in 2020 to 2021: showing 2025 to 2026."
    )
    later = reader.get(reverse(name, kwargs={**kwargs, "year": 2030}))
    assert later.url == response.url
    assert notice(reader.get(later.url).content.decode()).startswith("There are no figures for 2030 to 2031 yet")
    offered = reader.get(reverse(name, kwargs={**kwargs, "year": 2022}))
    assert offered.status_code == 200 and notice(offered.content.decode()) == ""
    assert "2022-23" in offered.content.decode()


@pytest.mark.parametrize("year", [1999, 2031])
def test_an_annual_report_for_a_year_not_offered_is_not_published(reader, year):
    response = reader.post(reverse("reporting:publish_annual", args=[year]))
    assert response.status_code == 302
    assert response.url == f"{reverse('reporting:annual')}?year=2025"
    shown = reader.get(response.url).content.decode()
    assert notice(shown).startswith(f"There are no figures for {year} to {year + 1}")
    assert "Published as it stands now" not in shown
    assert not Publication.objects.exists()
    assert str(year) not in reader.get(reverse("publications:list")).content.decode()


def test_an_annual_report_published_for_a_year_not_offered_can_still_be_taken_down(reader):
    Publication.objects.create(
        kind=Publication.Kind.ANNUAL_REPORT,
        year=1999,
        title="Annual report 1999-00",
        body_html="<p>Published before years were checked</p>",
        published_at=timezone.now(),
        published_by=User.objects.get(username="mia_manager"),
    )
    reader.post(reverse("reporting:publish_annual", args=[1999]), {"withdraw": "1"})
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("name", "kwargs", "form", "saved"),
    [
        ("reporting:self_assessments", {}, {"reason": "annual"}, SelfAssessment),
        ("reporting:tsm_stock", {}, {"lcra": "100", "lcho": "20"}, HousingStock),
        (
            "reporting:statutory_commentary",
            {"kind": "adult"},
            {"general_importance": "Said"},
            StatutoryReportCommentary,
        ),
    ],
)
def test_a_form_for_a_year_not_offered_saves_nothing(reader, name, kwargs, form, saved):
    for year in (2019, 2030):
        response = reader.post(reverse(name, kwargs={**kwargs, "year": year}), form)
        assert response.status_code == 302
        assert response.url == reverse(name, kwargs={**kwargs, "year": 2025})
    assert not saved.objects.exists()
    reader.post(reverse(name, kwargs={**kwargs, "year": 2025}), form)
    assert saved.objects.exists()  # the same form for a year offered saves


def field_error(page: str) -> str:
    """The error under the year field (GOV.UK error message), or "" when there is none."""
    if 'id="id_year-error"' not in page:
        return ""
    return page.split('id="id_year-error"')[1].split("</span>")[1].split("</p>")[0].strip()


@pytest.mark.parametrize("name", ["reporting:committee", "reporting:dashboard"])
@pytest.mark.parametrize(
    ("year", "error"),
    [
        ("1999", "There are no figures for 1999 to 2000. Figures start in 2020 to 2021."),
        ("2031", "There are no figures for 2031 to 2032 yet."),
        ("abc", "“abc” is not a year."),
    ],
)
def test_the_committee_pack_and_dashboard_say_why_a_year_is_not_offered(reader, name, year, error):
    shown = page(reader, name, {}, year=year)
    assert field_error(shown) == error
    assert "Select one of the options given" not in shown
    assert field_error(page(reader, name, {}, year="2022")) == ""


@pytest.mark.parametrize("name", ["reporting:committee", "reporting:dashboard"])
def test_the_committee_pack_and_dashboard_say_when_a_quarter_is_not_one(reader, name):
    shown = page(reader, name, {}, year="2024", quarter="9")
    assert 'id="id_quarter-error"' in shown and "“9” is not a quarter." in shown
    assert "Select one of the options given" not in shown


@pytest.mark.parametrize("name", ["reporting:committee", "reporting:dashboard"])
def test_a_quarter_of_only_control_characters_is_not_echoed_as_empty_quotes(reader, name):
    shown = page(reader, name, {}, year="2024", quarter="\x00")
    assert "That is not a quarter." in shown and "“”" not in shown


@pytest.mark.parametrize("download", ["reporting:committee_csv", "reporting:committee_pdf", "reporting:committee_xlsx"])
def test_a_committee_download_for_a_period_not_offered_is_the_page_showing_why(reader, download):
    response = reader.get(reverse(download), {"year": "1999", "quarter": "2"})
    assert response.status_code == 302
    assert response.url == f"{reverse('reporting:committee')}?year=1999&quarter=2"
    assert field_error(reader.get(response.url).content.decode()).startswith("There are no figures for 1999 to 2000.")
    assert reader.get(reverse(download), {"year": "2022", "quarter": "2"}).status_code == 200


def selected_quarter(page: str) -> str:
    return page.split('id="id_quarter"')[1].split(" selected>")[0].rsplit('value="', 1)[1].rstrip('"')


@pytest.mark.parametrize(
    ("quarter", "said", "shown"),
    [
        ("9", "“9” is not a quarter: showing quarter 4.", "4"),
        ("0", "“0” is not a quarter: showing quarter 4.", "4"),
        ("abc", "“abc” is not a quarter: showing quarter 4.", "4"),
        ("2", "", "2"),
        ("", "", "4"),
    ],
)
def test_a_quarter_not_offered_is_named_and_the_latest_shown(reader, quarter, said, shown):
    returned = page(reader, "reporting:quarterly_return", {}, year="2024", quarter=quarter)
    assert notice(returned) == said
    assert selected_quarter(returned) == shown


def test_a_quarter_still_to_come_is_not_offered_and_its_download_is_the_page(reader):
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=True):
        reader.force_login(User.objects.get(username="mia_manager"))  # a session from March has expired by December
        returned = page(reader, "reporting:quarterly_return", {}, year="2026", quarter="4")
        assert notice(returned) == "There are no figures for quarter 4 of 2026 to 2027 yet: showing quarter 3."
        assert selected_quarter(returned) == "3" and 'value="4"' not in returned.split('id="id_quarter"')[1]
        assert notice(page(reader, "reporting:quarterly_return", {}, year="2026")) == ""
        for download in ("reporting:quarterly_return_csv", "reporting:psow_return_csv"):
            for quarter in ("4", "9"):
                response = reader.get(reverse(download), {"year": "2026", "quarter": quarter})
                assert response.status_code == 302
                assert response.url == f"{reverse('reporting:quarterly_return')}?year=2026&quarter={quarter}"
            assert reader.get(reverse(download), {"year": "2026", "quarter": "3"}).status_code == 200


def quarters_offered_on(page: str) -> list[str]:
    return re.findall(r'<option value="(\d)"', page.split('id="id_quarter"')[1].split("</select>")[0])


def selected(page: str, field: str) -> str:
    """The value of the option a select shows chosen ("" for none or the empty one)."""
    options = page.split(f'id="id_{field}"')[1].split("</select>")[0]
    found = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', options)
    return found.group(1) if found else ""


def download_links(page: str) -> list[str]:
    return [unescape(link) for link in re.findall(r'href="([^"]*(?:csv|pdf|xlsx)/?[^"]*)"', page)]


@pytest.mark.parametrize("name", ["reporting:committee", "reporting:dashboard"])
def test_the_committee_pack_and_dashboard_offer_every_quarter_and_refuse_one_still_to_come(reader, name):
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=True):
        reader.force_login(User.objects.get(username="mia_manager"))  # a session from March has expired by December
        # From the current year's page, a past year's quarter 4 is chosen with its year in one go.
        assert quarters_offered_on(page(reader, name, {})) == ["1", "2", "3", "4"]
        past = page(reader, name, {}, year="2025", quarter="4")
        assert 'id="id_quarter-error"' not in past and selected(past, "quarter") == "4"
        assert "1 January 2026 to 31 March 2026" in past
        shown = page(reader, name, {}, year="2026", quarter="4")
        assert 'id="id_quarter-error"' in shown
        assert "There are no figures for quarter 4 of 2026 to 2027 yet." in shown
        assert "Select one of the options given" not in shown
        # The form shows the period shown (the whole of 2026 to 2027); its downloads are for that period.
        assert selected(shown, "year") == "2026" and selected(shown, "quarter") == ""
        assert download_links(shown) and all(link.endswith("?year=2026") for link in download_links(shown))
        for link in download_links(shown):
            assert reader.get(link).status_code == 200, link


@pytest.mark.parametrize("name", ["reporting:committee", "reporting:dashboard"])
def test_a_year_refused_is_named_as_asked_and_the_form_shows_the_year_shown(reader, name):
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=True):
        reader.force_login(User.objects.get(username="mia_manager"))
        for quarter in ("1", "4"):
            shown = page(reader, name, {}, year="2027", quarter=quarter)
            assert "There are no figures for 2027 to 2028 yet." in shown
            assert "of 2026 to 2027" not in shown
            assert selected(shown, "year") == "2026" and selected(shown, "quarter") == ""
            assert all(link.endswith("?year=2026") for link in download_links(shown))


def test_a_committee_download_for_a_quarter_still_to_come_is_the_page_showing_why(reader):
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=True):
        reader.force_login(User.objects.get(username="mia_manager"))
        for download in ("reporting:committee_csv", "reporting:committee_pdf", "reporting:committee_xlsx"):
            response = reader.get(reverse(download), {"year": "2026", "quarter": "4"})
            assert response.status_code == 302, download
            assert response.url == f"{reverse('reporting:committee')}?year=2026&quarter=4"
        shown = reader.get(response.url).content.decode()
        assert "There are no figures for quarter 4 of 2026 to 2027 yet." in shown
        assert reader.get(reverse("reporting:committee_csv"), {"year": "2026", "quarter": "3"}).status_code == 200
