"""The returns pages and the restriction forms in a real browser, with axe-core checking each page and error state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from putright.organisation.choices import Role
from putright.organisation.models import User

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user) -> None:
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_the_returns_pages_and_restriction_forms_are_accessible(
    page, live_server, presets, manager, make_case, lead_officer, assert_accessible
):
    case = make_case(lead=lead_officer)
    sign_in(page, live_server, manager)
    for url in (
        reverse("reporting:tsm"),
        reverse("reporting:tsm_stock", kwargs={"year": 2025}),
        reverse("reporting:quarterly_return"),
        reverse("reporting:return_dates"),
        reverse("cases:detail", args=[case.reference]),
    ):
        page.goto(live_server.url + url)
        assert_accessible()
    page.goto(live_server.url + reverse("cases:action", args=[case.reference, "tenure"]))
    assert_accessible()
    page.goto(live_server.url + reverse("cases:action", args=[case.reference, "restrict-contact"]))
    assert_accessible()
    page.click("main form[method=post] button[type=submit]")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible()


def test_the_member_responsible_sees_report_pages_only(page, live_server, presets, organisation, assert_accessible):
    member = User.objects.create_user(username="member", password=PASSWORD, role=Role.MEMBER_RESPONSIBLE)
    sign_in(page, live_server, member)
    assert page.url.endswith(reverse("reporting:dashboard"))
    assert "My cases" not in page.inner_text("#navigation")
    assert_accessible()
    page.goto(live_server.url + reverse("reporting:annual"))
    assert_accessible()
