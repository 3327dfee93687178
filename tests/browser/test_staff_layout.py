"""Staff pages on a 1280 px screen: the menu on one line, references unbroken, and the case page and dashboard
showing what matters before any scrolling."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from putright.organisation.choices import Role
from putright.organisation.models import User
from tests.browser.screen import first_screen, wait_for_menus
from tests.browser.test_staff_pages import sign_in

pytestmark = pytest.mark.browser


def test_at_1280_px_the_menu_fits_one_line_and_the_first_screen_shows_the_work(
    page, live_server, presets, make_case, lead_officer, assert_accessible
):
    administrator = User.objects.create_user(
        username="ada_admin", password=PASSWORD, role=Role.ADMINISTRATOR, first_name="Ada", last_name="Minns"
    )
    manager = User.objects.create_user(username="mo_manager", password=PASSWORD, role=Role.MANAGER)
    case = make_case(lead=lead_officer, title="Kitchen ceiling leak not repaired")
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(page, live_server, administrator)  # an administrator sets up two-factor on the way in
    page.goto(live_server.url + reverse("cases:all_cases"))
    tops = page.locator(".govuk-service-navigation__item").evaluate_all(
        "(items) => items.map((item) => item.getBoundingClientRect().top)"
    )
    assert len(tops) == 13 and len(set(tops)) == 1, tops  # the administrator's menu, the longest, on one line
    reference = page.get_by_role("link", name=case.reference)
    assert reference.evaluate("(link) => link.getClientRects().length") == 1  # not broken across lines

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", manager.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("cases:detail", args=[case.reference]))
    top = first_screen(page)
    for words in ("Kitchen ceiling leak not repaired", "What is due", "Acknowledge stage 1", "Next step", "Summary"):
        assert words in top, words
    assert page.get_by_role("link", name="Acknowledge", exact=True).is_visible()  # the next likely action
    # Every other action is one click away in a menu, not a column of links.
    wait_for_menus(page)
    assert not page.get_by_role("link", name="Add a note").is_visible()
    page.get_by_role("button", name="Record or change").click()
    assert page.get_by_role("link", name="Add a note").is_visible()
    assert_accessible()

    page.goto(live_server.url + reverse("reporting:dashboard"))
    top = first_screen(page)
    assert "Complaints received" in top and "Responded within timescale" in top and "Open now" in top
    assert "What the cases were" in top
    assert page.evaluate("document.getElementById('tables').getBoundingClientRect().top > window.innerHeight")
    assert_accessible()
