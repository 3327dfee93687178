"""Contact volumes: entering and changing a figure, the all-or-nothing CSV import (page and command), and who may
use the page.

Personas (root conftest.py): complaints officers, managers and administrators may enter volumes; a councillor and
an investigating officer (lead_officer) get the same 404 as a missing page; anonymous users are sent to sign in.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from putright.core.errors import TransitionError
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.reporting import services
from putright.reporting.models import ContactVolume
from putright.reporting.volume_csv import read_volume_csv

pytestmark = pytest.mark.django_db

PAGE = reverse("reporting:contact_volumes")
IMPORT = reverse("reporting:contact_volumes_import")
GOOD_FILE = (
    "service,start,end,contacts\n"
    "housing-repairs,2025-10-01,2025-10-31,1520\n"
    'Waste and recycling,01/10/2025,31/12/2025,"4,000"\n'
    "\n"
    "housing-repairs,2025-11-01,2025-11-30,1610\n"
)
BAD_FILE = (
    "service,start,end,contacts\n"
    "housing-repairs,2025-10-01,2025-10-31,1520\n"  # line 2: good
    "parks,2025-10-01,2025-10-31,10\n"  # line 3: no such service
    "housing-repairs,2025-11-01,2025-11-15,10\n"  # line 4: half a month
    "waste,2025-10-01,2025-10-31,-5\n"  # line 5: negative
    "waste,1 Oct 2025,2025-10-31,5\n"  # line 6: unreadable date
    "housing-repairs,2025-10-01,2025-12-31,4000\n"  # line 7: overlaps line 2
    "waste,2025-10-01\n"  # line 8: too few columns
)


@pytest.fixture
def administrator(organisation):
    return User.objects.create_user(username="ada_admin", role=Role.ADMINISTRATOR)


def figures() -> set[tuple[str, date, date, int]]:
    return {
        (volume.service_area.slug, volume.start_date, volume.end_date, volume.contacts_count)
        for volume in ContactVolume.objects.select_related("service_area")
    }


# --- the service ------------------------------------------------------------------------------------------------


def test_entering_the_same_period_again_changes_the_figure(housing, complaints_officer, manager):
    services.record_contact_volume(
        service_area=housing,
        start_date=date(2025, 10, 1),
        end_date=date(2025, 10, 31),
        contacts_count=100,
        actor=complaints_officer,
    )
    volume = services.record_contact_volume(
        service_area=housing,
        start_date=date(2025, 10, 1),
        end_date=date(2025, 10, 31),
        contacts_count=120,
        actor=manager,
    )
    assert figures() == {("housing-repairs", date(2025, 10, 1), date(2025, 10, 31), 120)}
    assert volume.entered_by == manager
    assert volume.period_kind == "month"


def test_a_quarter_overlapping_an_entered_month_is_refused(housing, waste, complaints_officer):
    services.record_contact_volume(
        service_area=housing,
        start_date=date(2025, 11, 1),
        end_date=date(2025, 11, 30),
        contacts_count=100,
        actor=complaints_officer,
    )
    with pytest.raises(TransitionError, match="Housing repairs already has a figure for 1 November 2025"):
        services.record_contact_volume(
            service_area=housing,
            start_date=date(2025, 10, 1),
            end_date=date(2025, 12, 31),
            contacts_count=300,
            actor=complaints_officer,
        )
    # Another service's quarter is no clash.
    services.record_contact_volume(
        service_area=waste,
        start_date=date(2025, 10, 1),
        end_date=date(2025, 12, 31),
        contacts_count=300,
        actor=complaints_officer,
    )
    assert len(figures()) == 2


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 10, 2), date(2025, 10, 31)),
        (date(2025, 10, 1), date(2025, 11, 30)),
        (date(2025, 11, 1), date(2026, 1, 31)),
    ],
)
def test_only_a_calendar_month_or_quarter_may_be_entered(housing, complaints_officer, start, end):
    with pytest.raises(TransitionError, match="one calendar month or one quarter"):
        services.record_contact_volume(
            service_area=housing, start_date=start, end_date=end, contacts_count=1, actor=complaints_officer
        )
    assert figures() == set()


# --- reading and importing a file -------------------------------------------------------------------------------


def test_a_clean_file_is_read_line_by_line(housing, waste):
    lines, errors = read_volume_csv(io.StringIO(GOOD_FILE))
    assert errors == []
    assert [(line.line, line.service_area.slug, line.start_date, line.contacts_count) for line in lines] == [
        (2, "housing-repairs", date(2025, 10, 1), 1520),
        (3, "waste", date(2025, 10, 1), 4000),
        (5, "housing-repairs", date(2025, 11, 1), 1610),
    ]


def test_every_bad_line_is_reported_with_its_number(housing, waste):
    _lines, errors = read_volume_csv(io.StringIO(BAD_FILE))
    assert errors == [
        "Line 3: there is no service called 'parks'.",
        "Line 4: the dates must be one calendar month or one quarter (for example 2025-10-01 to 2025-12-31).",
        "Line 5: the number of contacts '-5' is not a whole number of 0 or more.",
        "Line 6: the start '1 Oct 2025' is not a date like 2025-10-01 or 01/10/2025.",
        "Line 7: Housing repairs already has a figure for 2025-10-01 to 2025-10-31 (line 2).",
        "Line 8: expected 4 columns (service,start,end,contacts), found 2.",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Line 1: the file is empty; it needs the header service,start,end,contacts."),
        (
            "service,month,contacts\n",
            "Line 1: the header must be service,start,end,contacts (found 'service,month,contacts').",
        ),
    ],
)
def test_a_file_without_the_header_is_refused(text, error):
    assert read_volume_csv(io.StringIO(text)) == ([], [error])


def test_an_import_clashing_with_a_saved_figure_loads_nothing(housing, waste, complaints_officer):
    services.record_contact_volume(
        service_area=waste,
        start_date=date(2025, 12, 1),
        end_date=date(2025, 12, 31),
        contacts_count=7,
        actor=complaints_officer,
    )
    lines, _errors = read_volume_csv(io.StringIO(GOOD_FILE))
    result = services.import_contact_volumes(lines=lines, actor=complaints_officer)
    assert result.errors == [
        "Line 3: Waste and recycling already has a figure for 1 December 2025 to 31 December 2025: change that "
        "one, or enter months or a quarter, not both."
    ]
    assert figures() == {("waste", date(2025, 12, 1), date(2025, 12, 31), 7)}


def test_an_import_adds_new_figures_and_replaces_those_for_the_same_period(housing, waste, complaints_officer, manager):
    services.record_contact_volume(
        service_area=housing,
        start_date=date(2025, 10, 1),
        end_date=date(2025, 10, 31),
        contacts_count=1,
        actor=complaints_officer,
    )
    lines, _errors = read_volume_csv(io.StringIO(GOOD_FILE))
    result = services.import_contact_volumes(lines=lines, actor=manager)
    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 1, 0, [])
    assert figures() == {
        ("housing-repairs", date(2025, 10, 1), date(2025, 10, 31), 1520),
        ("housing-repairs", date(2025, 11, 1), date(2025, 11, 30), 1610),
        ("waste", date(2025, 10, 1), date(2025, 12, 31), 4000),
    }
    again = services.import_contact_volumes(lines=lines, actor=manager)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_the_command_loads_a_clean_file(tmp_path, housing, waste, complaints_officer):
    path = tmp_path / "volumes.csv"
    path.write_text(GOOD_FILE, encoding="utf-8")
    out = io.StringIO()
    call_command("load_contact_volumes", str(path), "--entered-by", complaints_officer.username, stdout=out)
    assert "Loaded 3 contact volume(s): 3 added, 0 changed, 0 unchanged." in out.getvalue()
    assert len(figures()) == 3


def test_the_command_reports_every_bad_line_and_loads_nothing(tmp_path, housing, waste, complaints_officer):
    path = tmp_path / "volumes.csv"
    path.write_text(BAD_FILE, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 bad line"):
        call_command("load_contact_volumes", str(path), "--entered-by", complaints_officer.username, stderr=err)
    assert "Line 3: there is no service called 'parks'." in err.getvalue()
    assert "Line 8: expected 4 columns" in err.getvalue()
    assert figures() == set()


def test_the_command_needs_a_member_of_staff(tmp_path, housing, councillor):
    path = tmp_path / "volumes.csv"
    path.write_text(GOOD_FILE, encoding="utf-8")
    with pytest.raises(CommandError, match="No active member of staff"):
        call_command("load_contact_volumes", str(path), "--entered-by", councillor.username)


# --- the page ---------------------------------------------------------------------------------------------------


def post_entry(client, service="housing-repairs", period="m10", count="1520", year="2025"):
    return client.post(
        f"{PAGE}?year={year}", {"service": service, "year": year, "period": period, "contacts_count": count}
    )


def upload(client, text: str):
    return client.post(IMPORT, {"file": SimpleUploadedFile("volumes.csv", text.encode(), content_type="text/csv")})


def test_anonymous_is_sent_to_sign_in(client, organisation):
    for response in (client.get(PAGE), client.post(IMPORT)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["councillor", "lead_officer"])
def test_councillors_and_investigating_officers_get_404_and_change_nothing(client, request, housing, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 404
    assert post_entry(client).status_code == 404
    assert upload(client, GOOD_FILE).status_code == 404
    assert figures() == set()


@pytest.mark.parametrize("persona", ["complaints_officer", "manager", "administrator"])
def test_the_complaints_team_managers_and_administrators_enter_a_figure(client, request, housing, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    response = post_entry(client)
    assert response.status_code == 302
    assert response.url == f"{PAGE}?year=2025"
    assert figures() == {("housing-repairs", date(2025, 10, 1), date(2025, 10, 31), 1520)}
    page = client.get(response.url).content.decode()
    assert "Housing repairs: 1520 contacts saved for October 2025" in page
    assert "1 Oct 2025 to 31 Oct 2025" in page


def test_the_change_link_fills_in_the_saved_figure(client, housing, complaints_officer):
    client.force_login(complaints_officer)
    post_entry(client, period="q3", count="4100")
    page = client.get(PAGE, {"year": "2025", "service": "housing-repairs", "period": "q3"}).content.decode()
    assert 'value="4100"' in page
    assert "period=q3" in page


def test_a_clashing_or_invalid_entry_shows_the_gov_uk_error(client, housing, complaints_officer):
    client.force_login(complaints_officer)
    post_entry(client, period="m11", count="10")
    response = post_entry(client, period="q3", count="30")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "id_period-error" in page
    assert "Housing repairs already has a figure for 1 November 2025 to 30 November 2025" in page
    response = post_entry(client, count="-1")
    assert "The number of contacts cannot be negative" in response.content.decode()
    response = post_entry(client, period="nonsense", count="5")  # a tampered form: plain words, not Django's
    assert "Select a month or quarter from the list" in response.content.decode()
    assert figures() == {("housing-repairs", date(2025, 11, 1), date(2025, 11, 30), 10)}


def test_uploading_a_clean_file_loads_it(client, housing, waste, manager):
    client.force_login(manager)
    response = upload(client, GOOD_FILE)
    assert response.status_code == 302
    assert "Contact volumes loaded: 3 added, 0 changed, 0 unchanged" in client.get(response.url).content.decode()
    assert len(figures()) == 3


def test_uploading_a_bad_file_lists_every_problem_and_loads_nothing(client, housing, waste, complaints_officer):
    client.force_login(complaints_officer)
    response = upload(client, BAD_FILE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "id_file-error" in page
    assert "The file has 6 problems, listed below; nothing was loaded." in page
    assert "Line 3: there is no service called &#x27;parks&#x27;." in page
    assert "Line 8: expected 4 columns (service,start,end,contacts), found 2." in page
    assert figures() == set()


def test_uploading_an_empty_file_or_one_not_in_utf8_is_refused(client, housing, complaints_officer):
    client.force_login(complaints_officer)
    response = upload(client, "")
    assert "The file is empty" in response.content.decode()
    response = client.post(IMPORT, {"file": SimpleUploadedFile("v.csv", "service,start\n\xe9".encode("latin-1"))})
    assert "save it from the spreadsheet as “CSV UTF-8”" in response.content.decode()
    assert figures() == set()


def test_get_on_the_import_address_changes_nothing(client, complaints_officer):
    client.force_login(complaints_officer)
    response = client.get(IMPORT)
    assert response.status_code == 302 and response.url.startswith(PAGE)
