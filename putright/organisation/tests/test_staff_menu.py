"""The staff menu offers each role its pages, marks the one open, and costs no URL look-up once the site has run."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.urls.resolvers import URLResolver

from conftest import _user
from putright.organisation.choices import Role


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
