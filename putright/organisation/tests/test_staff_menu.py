"""The staff menu offers each role its pages, marks the one open, and costs no URL look-up once the site has run."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.urls.resolvers import URLResolver

from conftest import _user
from putright.organisation.choices import Role
from putright.organisation.navigation import staff_menu


def _menu(html: str) -> list[tuple[str, bool]]:
    """(label, marked current) for each entry of the staff menu, in order."""
    menu = html.split('id="navigation">', 1)[1].split("</ul>", 1)[0]
    return [
        (label, "aria-current" in attributes)
        for attributes, label in re.findall(r'<a class="govuk-service-navigation__link"([^>]*)>([^<]+)</a>', menu)
    ]


@pytest.mark.django_db
def test_each_role_is_offered_its_pages_and_the_open_one_is_marked(client, organisation, lead_officer, manager):
    client.force_login(lead_officer)
    assert _menu(client.get(reverse("cases:my_cases")).content.decode()) == [
        ("Today", False),
        ("My cases", True),
        ("Team", False),
        ("Customer requests", False),
        ("Log a contact", False),
        ("Search", False),
    ]

    client.force_login(manager)
    assert [label for label, _ in _menu(client.get(reverse("cases:search")).content.decode())] == [
        "Today",
        "My cases",
        "Team",
        "All cases",
        "Contacts to triage",
        "Reports",
        "Ombudsman",
        "Learning",
        "Customer requests",
        "Log a contact",
        "Search",
    ]

    administrator = _user("ada_admin", Role.ADMINISTRATOR, reads_access_log=True)
    client.force_login(administrator)
    menu = _menu(client.get(reverse("cases:search")).content.decode())
    assert [label for label, _ in menu][-5:] == ["Search", "Import", "Access log", "Records", "Configuration"]
    assert [label for label, current in menu if current] == ["Search"]


@pytest.mark.django_db
def test_a_staff_page_reverses_no_menu_link_once_the_site_has_run(client, organisation, lead_officer):
    """Each `{% url %}` walks the URL patterns: the menu's and the sign-out's addresses are kept once reversed."""
    client.force_login(lead_officer)
    page = reverse("cases:my_cases")
    client.get(page)
    reversed_names: list[str] = []
    original = URLResolver._reverse_with_prefix

    def noting(resolver, lookup_view, prefix, *args, **kwargs):
        reversed_names.append(str(lookup_view))
        return original(resolver, lookup_view, prefix, *args, **kwargs)

    with mock.patch.object(URLResolver, "_reverse_with_prefix", noting):
        response = client.get(page)

    assert response.status_code == 200
    assert ("My cases", True) in _menu(response.content.decode())
    menu_names = {"today", "my_cases", "team_cases", "customer_requests", "log", "search", "logout"}
    assert not menu_names & set(reversed_names)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["complaints_officer", "lead_officer", "head_of_service", "manager", "social_care_officer"]
)
def test_a_menu_page_opens_for_those_offered_it_and_is_refused_to_the_rest(client, request, organisation, persona):
    """A page the menu does not offer (the team leader's "All cases" and "Contacts to triage") is refused with the
    404 of every page not theirs, not shown empty: the menu and the pages say the same."""
    user = request.getfixturevalue(persona)
    everything = _user("ada_admin", Role.ADMINISTRATOR, reads_access_log=True)
    every_page = {item.label: item.url for item in staff_menu(everything, "") if item.label != "Configuration"}
    offered = {item.label for item in staff_menu(user, "")}
    client.force_login(user)
    statuses = {label: client.get(url).status_code for label, url in every_page.items()}
    assert statuses == {label: 200 if label in offered else 404 for label in every_page}
