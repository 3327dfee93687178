"""The returns pages and the restriction forms in a real browser, with axe-core checking each page and error state."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.reporting.choices import ReturnKind
from putright.reporting.return_dates import set_return_date
from putright.reporting.services import start_self_assessment

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
    page.locator(".govuk-error-summary").first.wait_for()  # the answer page has loaded
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible()


def test_marking_a_return_done_and_the_self_assessment_pages_are_accessible(
    page, live_server, presets, manager, assert_accessible
):
    today = timezone.localdate()
    set_return_date(kind=ReturnKind.HO_SUBMISSION, year=2025, quarter=None, due_date=date(2026, 9, 30), actor=manager)
    start_self_assessment(year=2025, actor=manager, today=today)
    sign_in(page, live_server, manager)
    page.goto(live_server.url + reverse("reporting:return_dates"))
    assert_accessible()
    page.fill("#id_done_on_0", "")
    page.click("#mark-done + form button[type=submit]")
    page.locator(".govuk-error-summary").first.wait_for()  # the answer page has loaded
    assert page.locator(".govuk-error-summary").count() == 1
    assert "Choose the return that was done" in page.inner_text(".govuk-error-summary")
    assert_accessible()
    for url in (
        reverse("reporting:self_assessment", kwargs={"year": 2025, "number": 1}),
        reverse("reporting:self_assessment_row", kwargs={"year": 2025, "number": 1, "provision": "6.3"}),
        reverse("reporting:governing_body_response", kwargs={"year": 2025, "number": 1}),
    ):
        page.goto(live_server.url + url)
        assert_accessible()
    page.goto(
        live_server.url
        + reverse("reporting:self_assessment_row", kwargs={"year": 2025, "number": 1, "provision": "6.3"})
    )
    page.check("input[name=complies][value=no]")
    page.click("main form[method=post] button[type=submit]")
    assert "Enter the date by which the council will comply" in page.inner_text(".govuk-error-summary")
    assert_accessible()


def test_the_member_responsible_sees_report_pages_only(page, live_server, presets, organisation, assert_accessible):
    member = User.objects.create_user(username="member", password=PASSWORD, role=Role.MEMBER_RESPONSIBLE)
    sign_in(page, live_server, member)
    assert page.url.endswith(reverse("reporting:dashboard"))
    assert "My cases" not in page.inner_text("#navigation")
    assert_accessible()
    page.goto(live_server.url + reverse("reporting:annual"))
    assert_accessible()
