"""Staff journeys in a real browser, with axe-core checking every page and error state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from putright.portal.tests.two_factor_helpers import app_code

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user, check=None) -> None:
    """Sign in as a person does; an administrator (or a reader of restricted cases) sets up an authenticator app
    on the way, with the code worked out from the key the page shows. `check` runs on each page of that."""
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if reverse("two_factor_setup") in page.url:
        if check:
            check()
        page.fill("#id_code", app_code(page.inner_text("#secret")))
        page.click("button:has-text('Continue')")
        page.wait_for_load_state()
        assert len(page.locator("#recovery-codes li").all()) == 10
        if check:
            check()
        page.click("text=I have kept my recovery codes")
        page.wait_for_load_state()


def test_sign_in_page_and_its_error_are_accessible(page, live_server, presets, complaints_officer, assert_accessible):
    page.goto(live_server.url + reverse("login"))
    assert_accessible()
    page.fill("#id_username", complaints_officer.username)
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    assert "Enter a correct username and password" in page.inner_text(".govuk-error-summary")
    assert_accessible()


def test_an_officer_logs_a_phone_complaint_and_acknowledges_it(
    page, live_server, presets, complaints_officer, housing, lead_officer, assert_accessible
):
    sign_in(page, live_server, complaints_officer)
    assert page.inner_text("h1") == "What needs you today"
    assert_accessible()

    page.get_by_role("link", name="Log a contact", exact=True).click()
    assert_accessible()
    page.click("button:has-text('Log it')")  # empty form: every error listed at the top
    summary = page.inner_text(".govuk-error-summary")
    assert "Select how the contact came in" in summary and "Enter what the customer said" in summary
    assert_accessible()

    page.check("#id_channel_0")  # phone
    page.fill("#id_received_on_0", "5")
    page.fill("#id_received_on_1", "1")
    page.fill("#id_received_on_2", "2026")
    page.fill("#id_raw_text", "My kitchen ceiling has leaked since October and nobody has come.")
    page.fill("#id_last_name", "Okafor")
    page.fill("#id_phone", "01442 000000")
    page.check("#id_preferred_contact_method_1")  # phone
    page.check("#id_kind_0")  # complaint
    page.fill("#id_kind_reason", "Unhappy that a reported repair was not done")
    page.select_option("#id_service_area", label="Housing repairs")
    page.select_option("#id_procedure", label="Complaint Handling Code (Housing Ombudsman / LGSCO)")
    page.fill("#id_title", "Kitchen ceiling leak not repaired")
    page.select_option("#id_lead_officer", index=1)
    page.click("button:has-text('Log it')")
    page.wait_for_load_state()
    assert "Kitchen ceiling leak not repaired" in page.inner_text("h1")
    assert "Complaint PR-2026-" in page.inner_text(".govuk-notification-banner")
    assert "Monday 12 January 2026" in page.content()  # acknowledge by: 5 working days after 5 January
    assert_accessible()

    page.get_by_role("link", name="Acknowledge", exact=True).click()
    page.fill("#id_definition", "")
    page.click("button:has-text('Record acknowledgement')")
    assert "Enter the complaint definition" in page.inner_text(".govuk-error-summary")
    assert_accessible()
    page.fill("#id_definition", "The kitchen ceiling leak reported in October has not been repaired.")
    page.click("button:has-text('Record acknowledgement')")
    page.wait_for_load_state()
    assert "Acknowledgement recorded" in page.inner_text(".govuk-notification-banner")
    assert "Stage 1 acknowledged" in page.inner_text(".moj-timeline")
    assert_accessible()


def test_the_log_page_fills_in_the_usual_procedure_for_the_service_and_the_kind(
    page, live_server, presets, complaints_officer, housing
):
    from putright.procedures.models import Procedure

    ids = {slug: str(pk) for slug, pk in Procedure.objects.values_list("slug", "pk")}
    sign_in(page, live_server, complaints_officer)
    page.goto(live_server.url + reverse("cases:log"))
    page.check("#id_kind_1")  # service request
    page.select_option("#id_service_area", label="Housing repairs")
    assert page.input_value("#id_procedure") == ids["service-request"]  # not the service's complaint procedure
    page.check("#id_kind_2")  # enquiry
    assert page.input_value("#id_procedure") == ids["member-enquiry"]
    page.check("#id_kind_0")  # complaint
    assert page.input_value("#id_procedure") == ids["joint-code"]
    page.check("#id_kind_3")  # comment: no procedure
    assert page.input_value("#id_procedure") == ""
    page.check("#id_kind_1")
    page.select_option("#id_procedure", value=ids["joint-code"])  # the officer's own choice stays
    page.check("#id_kind_2")
    assert page.input_value("#id_procedure") == ids["joint-code"]


def test_queues_search_and_triage_pages_are_accessible(
    page, live_server, presets, complaints_officer, make_case, lead_officer, assert_accessible
):
    case = make_case(lead=lead_officer, text="Damp and mould in the bedroom")
    # A social tenant's damp complaint with a significant hazard on its own clock (Awaab's Law).
    from putright.cases.hazards import services as hazards
    from putright.cases.hazards.models import HazardKind, HazardSeverity
    from putright.people.models import Customer

    Customer.objects.filter(pk=case.customer_id).update(tenure="lcra")
    case.customer.refresh_from_db()
    hazards.assess_hazard(
        case=case,
        actor=lead_officer,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.SIGNIFICANT,
        description="Black mould on the bedroom wall",
        aware_at=case.received_at,
        owner_team=lead_officer.team,
    )
    sign_in(page, live_server, complaints_officer)
    for name in ("cases:all_cases", "cases:team_cases", "cases:contacts", "cases:search"):
        page.goto(live_server.url + reverse(name))
        assert_accessible()
    page.goto(live_server.url + reverse("cases:search") + "?q=mould")
    assert case.reference in page.inner_text("table")
    assert_accessible()
    for slug in ("respond", "extend", "call", "split", "decline"):
        page.goto(live_server.url + reverse("cases:action", args=[case.reference, slug]))
        page.click("main form[method=post] button[type=submit]")
        page.locator(".govuk-error-summary").first.wait_for()  # the answer page has loaded
        assert page.locator(".govuk-error-summary").count() == 1, slug
        assert_accessible()


def test_what_waits_on_staff_is_accessible(
    page, live_server, presets, complaints_officer, make_case, lead_officer, waste_leader, waste, assert_accessible
):
    """Customer requests, contributions and remedies: each page and its error state, as each person."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from putright.cases import lifecycle, services
    from putright.cases.choices import Outcome, RemedyType
    from putright.cases.models import CustomerRequest
    from putright.cases.requests import raise_request

    case = make_case(lead=lead_officer, text="Damp and mould in the bedroom")
    request = CustomerRequest.objects.create(case=case, kind="callback", phone="01632 960 001", email="a@b.org")
    raise_request(request)
    services.request_contribution(
        case=case,
        service_area=waste,
        actor=lead_officer,
        request_note="Collection dates",
        due_date=timezone.localdate() + timedelta(days=2),
        requested_from=waste_leader,
    )
    answered = make_case(lead=lead_officer, title="Answered")
    lifecycle.respond(
        case=answered,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="Late.",
        remedies=[lifecycle.RemedyDetails(RemedyType.FINANCIAL, "Compensation", Decimal("150"), None)],
    )
    remedy = answered.stages.get().remedies.get()

    sign_in(page, live_server, complaints_officer)
    assert case.reference in page.inner_text("main")  # Today: the customer waiting
    assert_accessible()
    for url in (
        reverse("cases:customer_requests"),
        reverse("cases:outstanding_remedies"),
        reverse("cases:detail", args=[case.reference]),
        reverse("cases:action", args=[answered.reference, "close"]),
        reverse("cases:action", args=[case.reference, "hazard"]),
        reverse("cases:action", args=[case.reference, "hazard-step"]),
    ):
        page.goto(live_server.url + url)
        assert_accessible()
    for url in (
        reverse("cases:customer_request_done", args=[case.reference, request.pk]),
        reverse("cases:remedy_done", args=[answered.reference, remedy.pk]),
        reverse("cases:action", args=[answered.reference, "close"]),
        reverse("cases:action", args=[answered.reference, "remedy"]),
        reverse("cases:action", args=[case.reference, "progress-update"]),
        reverse("cases:action", args=[case.reference, "hazard-step"]),
    ):
        page.goto(live_server.url + url)
        page.fill("main form[method=post] textarea >> nth=0", "")
        page.click("main form[method=post] button[type=submit]")
        page.locator(".govuk-error-summary").first.wait_for()  # the answer page has loaded
        assert page.locator(".govuk-error-summary").count() == 1, url
        assert_accessible()

    page.context.clear_cookies()
    sign_in(page, live_server, waste_leader)
    assert "Contributions asked of you" in page.inner_text("main")
    page.goto(live_server.url + reverse("cases:my_contributions"))
    assert case.reference in page.inner_text("table")
    assert_accessible()


def test_an_administrator_uploads_an_export_reads_the_report_and_imports_the_good_rows(
    page, live_server, presets, assert_accessible, tmp_path
):
    from pathlib import Path

    from putright.cases.models import Case
    from putright.imports import runs
    from putright.imports.models import ImportRun
    from putright.organisation.choices import Role
    from putright.organisation.models import Organisation, ServiceArea, User

    examples = Path(__file__).resolve().parents[2] / "docs" / "imports"
    Organisation.objects.create(
        name="Thornbury Vale District Council",
        nation="ENG",
        responsible_person="Dr Amara Okafor, Director of Adult Social Services",
    )
    for slug in ("waste-recycling", "housing-repairs", "council-tax-benefits", "planning", "environmental-health"):
        ServiceArea.objects.create(
            name=slug.replace("-", " ").capitalize(), slug=slug, default_procedure_slug="joint-code"
        )
    administrator = User.objects.create_user(username="ada_admin", password=PASSWORD, role=Role.ADMINISTRATOR)
    export = tmp_path / "caseworks-cases.csv"
    export.write_text((examples / "caseworks-cases.csv").read_text())  # categories not set up: those rows are bad

    sign_in(page, live_server, administrator, check=assert_accessible)
    page.get_by_role("link", name="Import", exact=True).click()
    assert_accessible()
    page.click("button:has-text('Upload and check')")
    assert "Choose the export to upload" in page.inner_text(".govuk-error-summary")
    assert_accessible()

    page.set_input_files("#id_export", str(export))
    page.set_input_files("#id_mapping", str(examples / "caseworks.toml"))
    page.click("button:has-text('Upload and check')")
    page.wait_for_load_state()
    assert_accessible()  # the progress, before the worker has checked it
    runs.check_run(ImportRun.objects.get().token)  # what the worker does
    page.reload()
    assert "is not a category of" in page.inner_text("table")
    assert_accessible()

    page.check("#id_good_rows_only")
    page.click("button:has-text('good row')")
    page.wait_for_load_state()
    runs.apply_run(ImportRun.objects.get().token)
    page.reload()
    assert "Imported" in page.inner_text("h2 >> nth=-1")
    assert_accessible()
    assert Case.objects.filter(imported_from="CaseWorks").count() == 1  # the compliment: no category to check


def test_the_code_page_and_its_error_are_accessible(page, live_server, presets, complaints_officer, assert_accessible):
    from django.test import Client

    from putright.portal.tests.two_factor_helpers import set_up_app

    client = Client()
    client.post(reverse("login"), {"username": complaints_officer.username, "password": PASSWORD})
    secret, _ = set_up_app(client)  # chosen by this officer; now asked for at every sign-in
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", complaints_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "Enter the code from your authenticator app" in page.inner_text("h1")
    assert_accessible()
    page.click("button:has-text('Continue')")
    assert "Enter the code from your authenticator app" in page.inner_text(".govuk-error-summary")
    assert_accessible()
    page.fill("#id_code", app_code(secret, 1))
    page.click("button:has-text('Continue')")
    page.wait_for_load_state()
    assert page.url.endswith(reverse("cases:today")) or "Today" in page.inner_text("h1")
