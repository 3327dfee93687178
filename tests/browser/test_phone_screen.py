"""A resident on a phone-sized screen (320 CSS pixels wide, WCAG 1.4.10 reflow): a complaint sent in Welsh with
taps alone, then their case seen in the portal. Every page fits the screen without sideways scrolling and passes
axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import PASSWORD
from putright.cases.models import Case
from putright.notifications.models import OutboundMessage

pytestmark = pytest.mark.browser
PHONE = {"width": 320, "height": 640}


@pytest.fixture
def phone(browser: Any):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits_the_screen(page: Any) -> None:
    """Nothing is wider than the screen: the page never needs scrolling sideways."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
                .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + el.className);
            return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], f"{page.url} scrolls sideways at 320px: {overflow}"
    assert overflow["wide"] == [], f"{page.url}: wider than the screen: {overflow['wide']}"


def check_page(page: Any, assert_accessible: Any) -> None:
    fits_the_screen(page)
    assert_accessible()


def tap_and_wait(page: Any, selector: str) -> None:
    """Tap what takes the resident to the next page, and wait for that page."""
    with page.expect_navigation():
        page.tap(selector)
    page.wait_for_load_state()


def tap_continue(page: Any) -> None:
    tap_and_wait(page, "main button[type=submit]")


def test_a_welsh_speaker_sends_a_complaint_and_follows_it_on_a_phone(
    phone: Any,
    live_server: Any,
    public: None,
    assert_accessible_on: Any,
) -> None:
    page = phone
    assert_accessible = assert_accessible_on(page)
    page.goto(live_server.url + "/")
    page.wait_for_load_state()
    check_page(page, assert_accessible)
    tap_and_wait(page, "button:has-text('Cymraeg')")
    assert page.get_attribute("html", "lang") == "cy"
    check_page(page, assert_accessible)
    tap_and_wait(page, "a.govuk-button--start")

    answers = [
        lambda: page.tap("label[for=id_for_whom_0]"),
        lambda: page.tap("label[for=id_service_1]"),
        lambda: page.fill("#id_what_happened", "Mae'r nenfwd yn gollwng ac nid oes neb wedi dod."),
        lambda: (
            page.fill("#id_happened_on_0", "3"),
            page.fill("#id_happened_on_1", "10"),
            page.fill("#id_happened_on_2", "2025"),
        ),
        lambda: page.fill("#id_where_postcode", "CF10 1EP"),
        lambda: None,  # no evidence
        lambda: page.fill("#id_put_right", "Trwsio'r nenfwd."),
        lambda: page.fill("#id_full_name", "Ann Jones"),
        lambda: (page.tap("label[for=id_contact_method_0]"), page.fill("#id_email", "ann@example.org")),
        lambda: None,  # no help needed
    ]
    for answer in answers:
        check_page(page, assert_accessible)
        answer()
        tap_continue(page)
        assert page.locator(".govuk-error-summary").count() == 0, page.inner_text("main")

    assert page.get_attribute("html", "lang") == "cy"
    check_page(page, assert_accessible)  # check your answers
    tap_continue(page)
    case = Case.objects.get()
    assert case.reference in page.inner_text(".govuk-panel")
    check_page(page, assert_accessible)

    # The copy of the complaint goes out in Welsh, and the resident follows the case from the same phone.
    acknowledgement = OutboundMessage.objects.filter(case=case).exclude(template_name="portal_sign_in").first()
    assert acknowledgement is not None and case.reference in acknowledgement.subject
    page.goto(live_server.url + reverse("portal:sign_in"))
    page.wait_for_load_state()
    check_page(page, assert_accessible)
    page.fill("#id_email", "ann@example.org")
    tap_continue(page)
    body = OutboundMessage.objects.get(template_name="portal_sign_in").body_text
    link = next(word for word in body.split() if "/account/sign-in/" in word)
    page.goto(live_server.url + link[link.index("/account/") :])
    page.wait_for_load_state()
    tap_continue(page)
    assert case.reference in page.inner_text("main")
    check_page(page, assert_accessible)
    page.goto(live_server.url + reverse("portal:customer_case", args=[case.reference]))
    page.wait_for_load_state()
    assert "Pwy sy'n delio ag ef" in page.inner_text("main")  # who is dealing with it
    check_page(page, assert_accessible)


def test_a_councillor_raises_and_follows_an_enquiry_on_a_phone(
    phone: Any, live_server: Any, public: None, councillor: Any, assert_accessible_on: Any
) -> None:
    page = phone
    assert_accessible = assert_accessible_on(page)
    councillor.ward = "Ashcombe"
    councillor.save(update_fields=["ward"])
    page.goto(live_server.url + reverse("login"))
    page.wait_for_load_state()
    check_page(page, assert_accessible)
    page.fill("#id_username", councillor.username)
    page.fill("#id_password", PASSWORD)
    tap_and_wait(page, "button[type=submit]")
    check_page(page, assert_accessible)
    tap_and_wait(page, "main a:has-text('Raise something for a resident')")
    check_page(page, assert_accessible)
    page.tap("label[for=id_kind_0]")
    page.select_option("#id_service", label="Repairs to a council home")
    page.fill("#id_resident_name", "Gwen Jones")
    page.fill("#id_resident_email", "gwen@example.org")
    page.fill("#id_title", "Damp in the bedroom, Elm Row")
    page.fill("#id_details", "Reported in March; nothing done.")
    page.tap("label[for=id_has_consent]")
    page.fill("#id_consent_evidence", "By email on 3 March")
    tap_and_wait(page, "main button:has-text('Send')")
    case = Case.objects.get()
    assert case.reference in page.inner_text("main")
    check_page(page, assert_accessible)
    page.goto(live_server.url + reverse("portal:councillor_home"))
    page.wait_for_load_state()
    assert case.reference in page.inner_text("main")
    check_page(page, assert_accessible)
    Case.objects.update(ward="Ashcombe")
    page.goto(live_server.url + reverse("portal:councillor_ward"))
    page.wait_for_load_state()
    assert "fewer than 5" in page.inner_text("main")
    check_page(page, assert_accessible)
