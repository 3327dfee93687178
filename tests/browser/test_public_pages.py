"""Public and councillor pages in a real browser: axe-core on every page and error state, in English and
Welsh, and a complaint sent end to end with the keyboard alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from putright.cases.models import Case

pytestmark = pytest.mark.browser
PNG = {"name": "ceiling.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32}
NOT_A_PDF = {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": b"MZ not really a PDF"}


def go(page, live_server, path: str) -> None:
    page.goto(live_server.url + path)
    page.wait_for_load_state()


def continue_(page) -> None:
    page.click("main button[type=submit]:has-text('Continue'), main button[type=submit]:has-text('Parhau')")
    page.wait_for_load_state()


def errors(page) -> str:
    return page.inner_text(".govuk-error-summary")


def test_start_page_and_language_switch_are_accessible(page, live_server, public, assert_accessible):
    go(page, live_server, "/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Complaints, comments and compliments"
    assert page.get_by_role("link", name="Staff sign in").count() == 1
    assert_accessible()
    page.click("button:has-text('Cymraeg')")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert page.inner_text("h1") == "Cwynion, sylwadau a chanmoliaeth"
    assert_accessible()
    go(page, live_server, reverse("portal:journey", args=["complaint"]))  # the choice is remembered
    assert page.get_attribute("html", "lang") == "cy"
    assert_accessible()
    page.click("button:has-text('English')")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_complaint_page_and_error_state_is_accessible(page, live_server, public, assert_accessible, language):
    go(page, live_server, "/")
    if language == "cy":
        page.click("button:has-text('Cymraeg')")
        page.wait_for_load_state()
    go(page, live_server, reverse("portal:journey", args=["complaint"]))
    fill = {
        "who": lambda: page.check("#id_for_whom_1"),
        "someone-else": lambda: (
            page.fill("#id_their_name", "Gwen Jones"),
            page.fill("#id_relationship", "Her daughter"),
            page.check("#id_has_consent"),
        ),
        "service": lambda: page.check("#id_service_1"),
        "what-happened": lambda: page.fill("#id_what_happened", "The ceiling leaks and nobody has come."),
        "when": lambda: (
            page.fill("#id_happened_on_0", "3"),
            page.fill("#id_happened_on_1", "10"),
            page.fill("#id_happened_on_2", "2025"),
        ),
        "where": lambda: page.fill("#id_where_postcode", "CF10 1EP"),
        "evidence": lambda: page.set_input_files("#id_evidence", [PNG]),
        "put-right": lambda: page.fill("#id_put_right", "Fix it."),
        "name": lambda: page.fill("#id_full_name", "Ann Jones"),
        "contact": lambda: (page.check("#id_contact_method_0"), page.fill("#id_email", "ann@example.org")),
        "help": lambda: None,
    }
    wrong = {
        "where": lambda: page.fill("#id_where_postcode", "nonsense"),
        "evidence": lambda: page.set_input_files("#id_evidence", [NOT_A_PDF]),
        "help": None,
    }
    for slug, answer in fill.items():
        assert page.url.endswith(f"/{slug}/"), page.url
        assert_accessible()
        if slug in wrong:
            if wrong[slug] is None:
                answer()
                continue_(page)
                continue
            wrong[slug]()
        continue_(page)  # without an answer (or with a wrong one): the error state
        page.locator(".govuk-error-summary").first.wait_for()  # the answer page has loaded
        assert page.locator(".govuk-error-summary").count() == 1, slug
        assert page.title().startswith("Error:" if language == "en" else "Gwall:")
        assert_accessible()
        answer()
        continue_(page)
    assert "check-your-answers" in page.url
    assert_accessible()
    page.click("main button:has-text('Send'), main button:has-text('Anfon')")
    page.wait_for_load_state()
    case = Case.objects.get()
    assert case.reference in page.inner_text(".govuk-panel")
    assert_accessible()


def test_a_complaint_sent_with_the_keyboard_alone(page, live_server, public):
    def tab_to(selector: str, limit: int = 80) -> None:
        for _press in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"could not reach {selector} with Tab")

    def submit() -> None:
        tab_to("main button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

    go(page, live_server, "/")
    tab_to("a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to("#id_for_whom_0")  # "Me"
    page.keyboard.press("Space")
    submit()
    tab_to("input[name=service]")  # the first choice in the group takes focus
    page.keyboard.press("ArrowDown")  # and the arrow keys move (and select) within it
    submit()
    tab_to("#id_what_happened")
    page.keyboard.type("The repair to my kitchen ceiling was done badly and it leaks again.")
    submit()
    tab_to("#id_happened_on_0")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("10")
    page.keyboard.press("Tab")
    page.keyboard.type("2025")
    submit()
    tab_to("#id_where_address")
    page.keyboard.type("4 Elm Row")
    submit()
    submit()  # no evidence to send
    tab_to("#id_put_right")
    page.keyboard.type("Repair it properly.")
    submit()
    tab_to("#id_full_name")
    page.keyboard.type("Ann Jones")
    submit()
    tab_to("input[name=contact_method]")
    page.keyboard.press("Space")  # email
    tab_to("#id_email")
    page.keyboard.type("ann@example.org")
    submit()
    submit()  # no help needed
    assert "Check your answers" in page.inner_text("h1")
    submit()
    assert "Complaint sent" in page.inner_text(".govuk-panel")
    case = Case.objects.get()
    assert case.service_area.slug == "housing-repairs"  # ArrowDown chose the second option
    assert case.customer.email == "ann@example.org"


@pytest.mark.parametrize("journey", ["comment", "compliment"])
def test_comment_and_compliment_pages_are_accessible(page, live_server, public, assert_accessible, journey):
    go(page, live_server, reverse("portal:journey", args=[journey]))
    for slug, answer in (
        ("service", lambda: page.check("#id_service_0")),
        ("message", lambda: page.fill("#id_message", "Thank you to the crew on Elm Row.")),
    ):
        assert page.url.endswith(f"/{slug}/")
        assert_accessible()
        continue_(page)
        page.locator(".govuk-error-summary").first.wait_for()  # the answer page has loaded
        assert page.locator(".govuk-error-summary").count() == 1
        assert_accessible()
        answer()
        continue_(page)
    page.fill("#id_email", "ann@example.org")
    continue_(page)
    assert "Enter your name" in errors(page)
    assert_accessible()
    page.fill("#id_full_name", "Ann Jones")
    continue_(page)
    assert_accessible()
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    assert Case.objects.get().reference in page.inner_text(".govuk-panel")
    assert_accessible()


def test_not_sent_pages_are_accessible(page, live_server, public, assert_accessible, settings):
    go(page, live_server, reverse("portal:journey", args=["comment"]))
    page.check("#id_service_0")
    page.evaluate("document.getElementById('id_website').value = 'http://spam.example'")  # what a robot does
    continue_(page)
    assert page.inner_text("h1") == "Your form has not been sent"
    assert_accessible()

    settings.PUTRIGHT_SUBMISSIONS_PER_HOUR = 0
    go(page, live_server, reverse("portal:journey", args=["comment"]))
    page.check("#id_service_0")
    continue_(page)
    page.fill("#id_message", "More benches in the park, please.")
    continue_(page)
    continue_(page)
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    assert "A lot of forms have been sent" in page.inner_text("main")
    assert Case.objects.count() == 0
    assert_accessible()


def test_councillor_pages_and_errors_are_accessible(page, live_server, public, councillor, assert_accessible):
    go(page, live_server, reverse("login"))
    page.fill("#id_username", councillor.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(reverse("portal:councillor_home"))  # not the staff pages, which 404 for them
    assert "You have not raised anything yet" in page.inner_text("main")
    assert_accessible()

    page.get_by_role("link", name="Raise something for a resident").first.click()
    page.wait_for_load_state()
    assert_accessible()
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    summary = errors(page)
    assert "Confirm that the resident has agreed" in summary and "Enter the resident's full name" in summary
    assert_accessible()

    page.check("#id_kind_0")
    page.select_option("#id_service", label="Repairs to a council home")
    page.fill("#id_resident_name", "Gwen Jones")
    page.fill("#id_resident_email", "gwen@example.org")
    page.fill("#id_title", "Damp in the bedroom, Elm Row")
    page.fill("#id_details", "Reported in March; nothing done.")
    page.check("#id_has_consent")
    page.fill("#id_consent_evidence", "By email on 3 March")
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    case = Case.objects.get()
    assert case.reference in page.inner_text(".govuk-notification-banner")
    assert_accessible()
    page.get_by_role("link", name="What you have raised").first.click()
    page.wait_for_load_state()
    assert case.reference in page.inner_text("#raised-cases")
    assert_accessible()
    # The ward page: first without a ward, then with counts (one case, so "fewer than 5").
    page.get_by_role("link", name="Your ward").first.click()
    page.wait_for_load_state()
    assert "We do not know which ward you represent" in page.inner_text("main")
    assert_accessible()
    councillor.ward = "Ashcombe"
    councillor.save(update_fields=["ward"])
    Case.objects.update(ward="Ashcombe")
    page.reload()
    page.wait_for_load_state()
    assert "fewer than 5" in page.inner_text("table") and case.reference not in page.inner_text("main")
    assert_accessible()
    page.click("button:has-text('Cymraeg')")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert_accessible()


def test_customer_account_pages_and_errors_are_accessible(page, live_server, public, make_case, assert_accessible):
    from datetime import timedelta

    from django.utils import timezone

    from putright.cases import lifecycle
    from putright.cases.choices import Outcome
    from putright.cases.models import Stage
    from putright.notifications.models import OutboundMessage
    from putright.organisation.models import User

    open_case = make_case(title="Damp in the bedroom")
    # A social tenant's, with a significant hazard on its own clock (Awaab's Law): shown on their case page.
    from putright.cases.hazards import services as hazards
    from putright.cases.hazards.models import HazardKind, HazardSeverity
    from putright.organisation.models import Team
    from putright.people.models import Customer

    Customer.objects.filter(pk=open_case.customer_id).update(tenure="lcra")
    open_case.customer.refresh_from_db()
    hazards.assess_hazard(
        case=open_case,
        actor=User.objects.get(username="olivia_officer"),
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Mould on the bedroom wall",
        aware_at=open_case.received_at,
        owner_team=Team.objects.create(name="Repairs", service_area=open_case.service_area),
    )
    answered = make_case(title="Repair done badly")
    officer = User.objects.get(username="olivia_officer")
    lifecycle.acknowledge(case=answered, actor=officer, definition="The repair was done badly.")
    answered = lifecycle.respond(case=answered, actor=officer, outcome=Outcome.NOT_UPHELD, reasons="Done well.")

    go(page, live_server, "/")
    page.get_by_role("link", name="See your cases").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Sign in to see your cases"
    assert_accessible()
    page.click("main button:has-text('Send me a link')")
    page.wait_for_load_state()
    assert "Enter your email address" in errors(page)
    assert_accessible()
    page.fill("#id_email", "ann@example.org")
    page.click("main button:has-text('Send me a link')")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Check your email"
    assert_accessible()

    body = OutboundMessage.objects.get(template_name="portal_sign_in").body_text
    link = next(word for word in body.split() if "/account/sign-in/" in word)
    go(page, live_server, link[link.index("/account/") :])
    assert_accessible()
    page.click("main button:has-text('Sign in')")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Your cases"
    assert open_case.reference in page.inner_text("#your-cases") and answered.reference in page.inner_text(
        "#your-cases"
    )
    assert_accessible()
    go(page, live_server, link[link.index("/account/") :])  # the link is spent
    assert "expired or has already been used" in page.inner_text("h1")
    assert_accessible()

    go(page, live_server, reverse("portal:customer_case", args=[open_case.reference]))
    assert "Who is dealing with it" in page.inner_text("main")
    assert "The hazard in your home" in page.inner_text("main")
    assert_accessible()
    page.get_by_role("link", name="Send us more information or evidence").click()
    page.wait_for_load_state()
    assert_accessible()
    page.set_input_files("#id_evidence", [NOT_A_PDF])
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    assert "Enter what you would like to tell us" in errors(page) and "must be a PDF" in errors(page)
    assert_accessible()
    page.fill("#id_text", "The mould has spread to the hall.")
    page.set_input_files("#id_evidence", [PNG])
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    assert "ceiling.png" in page.inner_text("main") and "You sent more information" in page.inner_text("main")
    assert_accessible()

    page.get_by_role("link", name="Ask us to call you back").click()
    page.wait_for_load_state()
    page.fill("#id_phone", "")
    page.click("main button:has-text('Ask for a call back')")
    page.wait_for_load_state()
    assert "Enter when is best to call you" in errors(page)
    assert_accessible()

    go(page, live_server, reverse("portal:escalate", args=[open_case.reference]))
    assert "still looking into your complaint" in page.inner_text("h1")
    assert_accessible()
    go(page, live_server, reverse("portal:withdraw", args=[open_case.reference]))
    assert_accessible()

    go(page, live_server, reverse("portal:escalate", args=[answered.reference]))
    assert "stage 2" in page.inner_text("h1")
    assert_accessible()
    Stage.objects.filter(pk=answered.current_stage_id).update(
        escalation_closes_date=timezone.localdate() - timedelta(days=1)
    )
    go(page, live_server, reverse("portal:escalate", args=[answered.reference]))
    assert "has passed" in page.inner_text("h1") and "Ombudsman" in page.inner_text("main")
    assert_accessible()

    lifecycle.close(case=answered, actor=officer)
    go(page, live_server, reverse("portal:survey", args=[answered.reference]))
    assert_accessible()
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    assert "Select how satisfied you are" in errors(page)
    assert_accessible()

    page.click("button:has-text('Cymraeg')")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "cy"
    assert_accessible()
    go(page, live_server, reverse("portal:customer_case", args=[answered.reference]))
    assert_accessible()


def test_staff_pages_stay_english_after_choosing_welsh(page, live_server, public, make_case, complaints_officer):
    case = make_case()
    go(page, live_server, "/")
    page.click("button:has-text('Cymraeg')")
    page.wait_for_load_state()
    go(page, live_server, reverse("login"))
    assert page.get_attribute("html", "lang") == "en"
    page.fill("#id_username", complaints_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    go(page, live_server, reverse("cases:detail", args=[case.reference]))
    assert page.get_attribute("html", "lang") == "en" and "Skip to main content" in page.content()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_published_reports_are_accessible(page, live_server, public, manager, assert_accessible, language):
    from django.utils import timezone

    from putright.reporting.publishing import publish_annual_report

    publish_annual_report(user=manager, year=2025, today=timezone.localdate())
    if language == "cy":
        go(page, live_server, "/")
        page.click("button:has-text('Cymraeg')")
        page.wait_for_load_state()
    go(page, live_server, reverse("publications:list"))
    assert page.get_attribute("html", "lang") == language
    assert_accessible()
    page.click("a:has-text('2025-26')")
    page.wait_for_load_state()
    assert "2025-26" in page.inner_text("h1")
    assert_accessible()
    go(page, live_server, reverse("publications:you_said_we_did"))
    assert_accessible()
