"""A complaint's whole life in a real browser, as each person who touches it.

The resident complains and later asks for stage 2; the complaints officer gives the case a lead officer; the
handler (lead officer) acknowledges, asks another service to contribute and responds with a remedy; the
contributor answers; a stage 2 reviewer takes the escalation; the manager carries out the remedy and reads the
dashboard. At each hand-over the test checks the work reached the right person: their email in the outbox, their
queue, and nobody else's. axe-core checks every staff page visited.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from putright.cases.models import Case, Contribution, Remedy
from putright.notifications.models import OutboundMessage
from tests.browser.screen import first_screen

pytestmark = pytest.mark.browser

RESIDENT = "ann@example.org"


def go(page, live_server, path: str) -> None:
    page.goto(live_server.url + path)
    page.wait_for_load_state()


def sign_in_as(page, live_server, user) -> None:
    page.context.clear_cookies()
    go(page, live_server, reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def submit(page, words: str) -> None:
    page.click(f"main form[method=post] button[type=submit]:has-text('{words}')")
    page.wait_for_load_state()


def fill_date(page, field: str, day) -> None:
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def emails_to(address: str) -> list[str]:
    return list(
        OutboundMessage.objects.filter(to_address=address).order_by("pk").values_list("template_name", flat=True)
    )


def choose_from_menu(page, menu: str, item: str) -> None:
    """Open one of the case page's action menus and follow one of its links."""
    page.get_by_role("button", name=menu).click()
    page.get_by_role("link", name=item, exact=True).click()
    page.wait_for_load_state()


def complain_as_resident(page, live_server) -> Case:
    go(page, live_server, reverse("portal:journey", args=["complaint"]))
    steps = [
        lambda: page.check("#id_for_whom_0"),  # me
        lambda: page.check("#id_service_1"),  # housing repairs
        lambda: page.fill("#id_what_happened", "My kitchen ceiling has leaked since October and nobody has come."),
        lambda: (
            page.fill("#id_happened_on_0", "3"),
            page.fill("#id_happened_on_1", "10"),
            page.fill("#id_happened_on_2", "2026"),
        ),
        lambda: page.fill("#id_where_address", "4 Elm Row"),
        lambda: None,  # no evidence
        lambda: page.fill("#id_put_right", "Repair the ceiling and pay for the ruined cupboard."),
        lambda: page.fill("#id_full_name", "Ann Jones"),
        lambda: (page.check("#id_contact_method_0"), page.fill("#id_email", RESIDENT)),
        lambda: None,  # no help needed
    ]
    for answer in steps:
        answer()
        page.click("main button[type=submit]:has-text('Continue')")
        page.wait_for_load_state()
    page.click("main button:has-text('Send')")
    page.wait_for_load_state()
    case = Case.objects.get()
    assert case.reference in page.inner_text(".govuk-panel")
    return case


def test_a_complaint_travels_from_the_resident_through_every_officer_and_back(
    page,
    live_server,
    public,
    complaints_officer,
    lead_officer,
    waste_leader,
    waste,
    head_of_service,
    manager,
    assert_accessible,
):
    officer, handler, contributor, reviewer = complaints_officer, lead_officer, waste_leader, head_of_service
    for person, address in (
        (officer, "olivia@council.example"),
        (handler, "liam@council.example"),
        (contributor, "wendy@council.example"),
        (reviewer, "hannah@council.example"),
        (manager, "mark@council.example"),
    ):
        person.email = address
        person.save(update_fields=["email"])
    staff = [officer, handler, contributor, reviewer, manager]
    page.set_viewport_size({"width": 1280, "height": 800})
    today = timezone.localdate()

    # The resident complains online and is told it was received.
    case = complain_as_resident(page, live_server)
    assert emails_to(RESIDENT) == ["logged"]
    assert case.lead_officer is None

    # The complaints officer finds it among the new cases with no lead officer and gives it one.
    sign_in_as(page, live_server, officer)
    assert case.reference in page.inner_text("main")
    assert_accessible()
    page.get_by_role("link", name=case.reference).first.click()
    page.wait_for_load_state()
    top = first_screen(page)
    assert "What is due" in top and "Acknowledge stage 1" in top and "Summary" in top
    assert page.get_by_role("link", name="Acknowledge", exact=True).is_visible()  # the next likely action
    assert_accessible()
    choose_from_menu(page, "Record or change", "Change lead officer")
    assert_accessible()
    page.select_option("#id_officer", value=str(handler.pk))
    submit(page, "")
    case.refresh_from_db()
    assert case.lead_officer == handler
    assert_accessible()

    # The handler sees it in their cases, acknowledges it (the resident is told) and asks Waste to contribute.
    sign_in_as(page, live_server, handler)
    go(page, live_server, reverse("cases:my_cases"))
    assert case.reference in page.inner_text("main")
    assert_accessible()
    go(page, live_server, reverse("cases:detail", args=[case.reference]))
    page.get_by_role("link", name="Acknowledge", exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_definition", "The kitchen ceiling leak reported in October has not been repaired.")
    submit(page, "Record acknowledgement")
    assert "Acknowledgement recorded" in page.inner_text(".govuk-notification-banner")
    assert emails_to(RESIDENT) == ["logged", "acknowledgement"]
    assert page.get_by_role("link", name="Start investigation", exact=True).is_visible()
    assert_accessible()
    choose_from_menu(page, "Record or change", "Ask a service to contribute")
    assert_accessible()
    page.select_option("#id_service_area", value=str(waste.pk))
    page.select_option("#id_requested_from", value=str(contributor.pk))
    page.fill("#id_request_note", "When were the bins at 4 Elm Row last collected?")
    fill_date(page, "due_date", today + timedelta(days=3))
    submit(page, "")
    assert "Contribution from Waste and recycling" in page.inner_text("#due")
    assert_accessible()
    asked = [p for p in staff if "staff_contribution_requested" in emails_to(p.email)]
    assert asked == [contributor]

    # The contributor finds the request in their queue and answers; they may read the case, not act on it.
    sign_in_as(page, live_server, contributor)
    assert "Contributions asked of you" in page.inner_text("main") and case.reference in page.inner_text("main")
    assert_accessible()
    go(page, live_server, reverse("cases:my_contributions"))
    assert case.reference in page.inner_text("table")
    assert_accessible()
    page.get_by_role("link", name="Record contribution").first.click()
    page.wait_for_load_state()
    assert_accessible()
    page.fill("#id_contribution", "Collected on the usual Tuesday round; no missed collections logged.")
    submit(page, "")
    assert Contribution.objects.get(case=case).received_at is not None
    told = [p for p in staff if "staff_contribution_received" in emails_to(p.email)]
    assert told == [handler]
    go(page, live_server, reverse("cases:detail", args=[case.reference]))
    assert "You can read this case but not change it" in page.inner_text("#due")
    assert page.get_by_role("button", name="Record or change").count() == 0
    assert page.locator(f"a[href*='/cases/{case.reference}/respond/']").count() == 0
    assert_accessible()
    go(page, live_server, reverse("cases:my_contributions"))
    assert case.reference not in page.inner_text("main")

    # The handler reads the contribution, investigates and responds with a remedy the manager will carry out.
    sign_in_as(page, live_server, handler)
    go(page, live_server, reverse("cases:detail", args=[case.reference]))
    assert "no missed collections logged" in page.inner_text("#contributions ~ table")
    page.get_by_role("link", name="Start investigation", exact=True).click()
    page.wait_for_load_state()
    submit(page, "")
    page.get_by_role("link", name="Record response", exact=True).click()
    page.wait_for_load_state()
    assert_accessible()
    page.check("input[name=outcome][value=upheld]")
    page.fill("#id_reasons", "The repair was booked but never done.")
    page.select_option("#id_remedy_type", value="financial")
    page.fill("#id_remedy_description", "Pay for the cupboard the leak ruined")
    page.fill("#id_remedy_amount", "120")
    fill_date(page, "remedy_due", today + timedelta(days=1))
    page.select_option("#id_remedy_owner", value=str(manager.pk))
    submit(page, "")
    case.refresh_from_db()
    assert case.status == "responded"
    assert emails_to(RESIDENT)[-1] == "stage_response"
    owners = [p for p in staff if "staff_remedy_assigned" in emails_to(p.email)]
    assert owners == [manager]
    assert "Remedy: Pay for the cupboard the leak ruined" in page.inner_text("#due")
    assert_accessible()

    # The resident signs in to their account and asks for stage 2.
    page.context.clear_cookies()
    go(page, live_server, reverse("portal:sign_in"))
    page.fill("#id_email", RESIDENT)
    page.click("main button:has-text('Send me a link')")
    page.wait_for_load_state()
    body = OutboundMessage.objects.filter(template_name="portal_sign_in").latest("pk").body_text
    link = next(word for word in body.split() if "/account/sign-in/" in word)
    go(page, live_server, link[link.index("/account/") :])
    page.click("main button:has-text('Sign in')")
    page.wait_for_load_state()
    go(page, live_server, reverse("portal:escalate", args=[case.reference]))
    page.click("main button:has-text('Ask for the next stage')")
    page.wait_for_load_state()
    waiting_told = [p for p in staff if "staff_customer_request" in emails_to(p.email)]
    assert waiting_told == [handler]

    # The complaints officer sees the customer waiting and escalates to the stage 2 reviewer.
    sign_in_as(page, live_server, officer)
    go(page, live_server, reverse("cases:customer_requests") + "?scope=all")
    assert case.reference in page.inner_text("main")
    assert_accessible()
    go(page, live_server, reverse("cases:detail", args=[case.reference]))
    assert "Customer waiting" in first_screen(page)
    assert_accessible()
    page.locator("a.app-case-actions__next", has_text="Escalate").click()  # the next likely action
    page.wait_for_load_state()
    page.select_option("#id_handler", value=str(reviewer.pk))
    submit(page, "")
    case.refresh_from_db()
    assert case.status == "escalated" and case.current_stage.number == 2
    assigned = [p for p in staff if "staff_stage_assigned" in emails_to(p.email)]
    assert assigned == [reviewer]
    assert_accessible()

    # The stage 2 reviewer finds it in their cases, acknowledges and responds (from the status menu).
    sign_in_as(page, live_server, reviewer)
    go(page, live_server, reverse("cases:my_cases"))
    assert case.reference in page.inner_text("main")
    assert_accessible()
    go(page, live_server, reverse("cases:detail", args=[case.reference]))
    assert "Respond to stage 2" in page.inner_text("#due")
    assert_accessible()
    page.get_by_role("link", name="Acknowledge", exact=True).click()
    page.wait_for_load_state()
    submit(page, "Record acknowledgement")
    choose_from_menu(page, "Change status", "Record response")
    page.check("input[name=outcome][value=not_upheld]")
    page.fill("#id_reasons", "Stage 1 put this right; the payment is on its way.")
    submit(page, "")
    case.refresh_from_db()
    assert case.status == "responded" and case.current_stage.number == 2
    assert emails_to(RESIDENT).count("stage_response") == 2
    assert_accessible()
    go(page, live_server, reverse("cases:today"))
    assert "Pay for the cupboard" not in page.inner_text("main")  # the remedy is the manager's, not theirs

    # The manager finds the remedy due on their Today page, records it done, and reads the dashboard.
    sign_in_as(page, live_server, manager)
    assert "Remedies due" in page.inner_text("main") and case.reference in page.inner_text("main")
    assert_accessible()
    go(page, live_server, reverse("cases:outstanding_remedies"))
    assert case.reference in page.inner_text("table")
    assert_accessible()
    remedy = Remedy.objects.get(stage__case=case)
    go(page, live_server, reverse("cases:remedy_done", args=[case.reference, remedy.pk]))
    page.fill("#id_evidence", "Paid by BACS, reference 4471")
    submit(page, "")
    remedy.refresh_from_db()
    assert remedy.completed_date == today
    assert_accessible()
    go(page, live_server, reverse("reporting:dashboard"))
    headline = first_screen(page)
    assert "Complaints received" in headline and "What the cases were" in headline
    assert page.locator("svg[role=img]").first.is_visible()
    assert_accessible()
