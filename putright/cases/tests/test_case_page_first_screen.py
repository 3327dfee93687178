"""The top of the case page: what is due, the next likely action first, every other action in a menu, and
nothing to act with for those who may only read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle, services
from putright.cases.choices import LinkKind, Outcome, RemedyType
from putright.cases.first_screen import next_action
from putright.cases.hazards.models import Hazard, HazardKind, HazardSeverity
from putright.cases.models import CaseLink, CustomerRequest, EarlyResolution, Remedy
from putright.cases.requests import raise_request, waiting_requests
from putright.cases.views.detail import GENERAL_ACTIONS, STATUS_ACTIONS
from putright.ombudsman.services import record_enquiry, refer_to_ombudsman
from putright.people.models import AdjustmentRequest, ContactRestriction, ReasonableAdjustment, VulnerabilityNote
from putright.portal.models import EvidenceFile
from putright.procedures.choices import Ombudsman

pytestmark = pytest.mark.django_db

# Every read the case page makes for a signed-in lead officer on a new case: the session and user, the case, the
# access log entry, one read of which sections have anything (`page_contents`), and one read per section that always
# has something or is not in that read (the stages among them: one read however many there are).
QUERIES_ON_THE_CASE_PAGE = 14
# The sections a new case has nothing in and so does not read (`page_contents`): contributions, links, the customer's
# requests, hazards, early resolution, remedies, the customer's adjustments, vulnerabilities, restrictions,
# adjustments to confirm, files the customer sent and replies owed to an ombudsman. A case with something in a section
# reads it once, however many rows it has.
SECTIONS_READ_ONLY_WHEN_FILLED = 12


def action_url(case, slug: str) -> str:
    return reverse("cases:action", args=[case.reference, slug])


def test_a_new_complaint_puts_acknowledging_first_and_every_other_action_in_the_menus(client, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    client.force_login(lead_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    due = page.split('id="due"')[1].split("</div>")[0]
    assert "Acknowledge stage 1" in due and "Respond to stage 1" in due
    assert f'href="{action_url(case, "acknowledge")}" class="govuk-button' in page  # the main button
    assert page.count(f'href="{action_url(case, "acknowledge")}"') == 1  # not repeated in the menu
    allowed = {name.replace("_", "-") for name in lifecycle.allowed_actions(case)}
    for slug, _label in STATUS_ACTIONS:
        slug = slug.replace("_", "-")
        assert (action_url(case, slug) in page) == (slug in allowed), slug
    for slug, _label in GENERAL_ACTIONS:
        assert action_url(case, slug) in page, slug
    # Read in order: the summary, what is due, then the deadlines and the timeline.
    assert (
        page.index('id="summary"') < page.index('id="due"') < page.index('id="deadlines"') < page.index('id="timeline"')
    )


def test_the_suggested_action_follows_the_case(make_case, lead_officer):
    case = make_case(lead=lead_officer)

    def suggested():
        case.refresh_from_db()
        found = next_action(case, set(lifecycle.allowed_actions(case)), waiting_requests(case))
        return found.slug if found else None

    assert suggested() == "acknowledge"
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak has not been repaired.")
    assert suggested() == "start-investigation"
    lifecycle.start_investigation(case=case, actor=lead_officer)
    assert suggested() == "respond"
    lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Repaired in time.")
    assert suggested() == "close"
    raise_request(CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.ESCALATION))
    assert suggested() == "escalate"  # the customer asked for stage 2


def test_a_reader_is_offered_no_action_anywhere_on_the_page(client, make_case, lead_officer, waste_leader, waste):
    case = make_case(lead=lead_officer)
    lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="Late.",
        remedies=[lifecycle.RemedyDetails(RemedyType.FINANCIAL, "Compensation", Decimal("50"), None)],
    )
    services.request_contribution(
        case=case,
        service_area=waste,
        actor=lead_officer,
        request_note="Collection dates",
        due_date=timezone.localdate() + timedelta(days=2),
    )
    remedy = case.stages.get().remedies.get()
    client.force_login(waste_leader)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "You can read this case but not change it" in page
    assert f"/cases/{case.reference}/" + "remedies/" not in page  # no "Record as done" for the remedy
    assert reverse("cases:remedy_done", args=[case.reference, remedy.pk]) not in page
    for slug, _label in [*STATUS_ACTIONS, *GENERAL_ACTIONS]:
        assert action_url(case, slug.replace("_", "-")) not in page, slug
    assert "moj-button-menu" not in page
    # What is due is still shown to them, and the contribution their service was asked for is theirs to record.
    assert "Remedy: Compensation" in page and "Contribution from Waste and recycling" in page
    assert "Record contribution" in page


def test_the_case_page_reads_the_same_few_times_however_much_the_case_holds(
    client, make_case, lead_officer, head_of_service, waste, django_assert_max_num_queries
):
    """Stages, remedies (with their owners), findings and the customer's call backs are each read once for the
    page, not once per item: a case two stages long with several remedies costs no more reads than a new one, but
    for the three sections it has rows in that a new case has none in (contributions, the customer's requests and
    remedies), and one read of whether a stage follows the one answered (after the final stage, the ombudsman is
    next: the page offers no "Escalate")."""
    url = reverse("cases:detail", args=[make_case(lead=lead_officer).reference])
    client.force_login(lead_officer)
    client.get(url)  # the session and anything read once per process
    with django_assert_max_num_queries(QUERIES_ON_THE_CASE_PAGE) as new_case:
        assert client.get(url).status_code == 200

    case = make_case(lead=lead_officer)
    remedies = [
        lifecycle.RemedyDetails(RemedyType.FINANCIAL, "Compensation", Decimal("50"), None, owner=owner)
        for owner in (lead_officer, head_of_service, None)
    ]
    lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="Late.", remedies=remedies)
    lifecycle.escalate(case=case, actor=lead_officer, handler=head_of_service, requested_on=timezone.localdate())
    case.refresh_from_db()
    lifecycle.respond(
        case=case, actor=head_of_service, outcome=Outcome.PARTLY_UPHELD, reasons="Partly.", remedies=remedies
    )
    services.request_contribution(
        case=case, service_area=waste, actor=lead_officer, request_note="Dates", due_date=timezone.localdate()
    )
    for _ in range(3):
        raise_request(CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.CALLBACK, phone="01234"))
    url = reverse("cases:detail", args=[case.reference])
    with django_assert_max_num_queries(len(new_case.captured_queries) + 3 + 1):
        page = client.get(url).content.decode()
    assert page.count("Remedy</dt>") == 6 and page.count("call 01234. Best times") == 3


def test_the_case_page_shows_every_section_that_has_something_and_skips_reading_those_with_nothing(
    client, make_case, lead_officer, manager, waste, django_assert_max_num_queries
):
    """The page asks once which sections have anything: a case with something in every one still shows each, and a
    case with nothing in them is shown with fewer reads."""
    today = timezone.localdate()
    empty = make_case(lead=lead_officer, last_name="Smith")
    client.force_login(lead_officer)
    client.get(reverse("cases:detail", args=[empty.reference]))  # the session and anything read once per process
    with django_assert_max_num_queries(QUERIES_ON_THE_CASE_PAGE) as empty_reads:
        page = client.get(reverse("cases:detail", args=[empty.reference])).content.decode()
    assert "Contributing services" not in page and "Resolved early" not in page
    assert "Adjustments asked for, to confirm" not in page and "Contact restricted" not in page
    assert "Remedy</dt>" not in page
    assert 'href="#links"' not in page
    assert "Files the customer sent" not in page and "Our reply to the" not in page

    case = make_case(lead=lead_officer, title="Roof still leaking")
    customer = case.customer
    services.request_contribution(
        case=case, service_area=waste, actor=lead_officer, request_note="Dates", due_date=today + timedelta(days=5)
    )
    CaseLink.objects.create(from_case=case, to_case=empty, kind=LinkKind.RELATED, created_by=lead_officer)
    raise_request(CustomerRequest.objects.create(case=case, kind=CustomerRequest.Kind.CALLBACK, phone="01234"))
    Hazard.objects.create(
        case=case,
        kind=HazardKind.DAMP_MOULD,
        severity=HazardSeverity.NONE,
        description="Mould behind the wardrobe",
        aware_at=timezone.now(),
        confirmed_by=lead_officer,
        confirmed_at=timezone.now(),
    )
    EarlyResolution.objects.create(
        case=case, how_resolved="Fixed the gutter the same day", resolved_at=timezone.now(), resolved_by=lead_officer
    )
    ReasonableAdjustment.objects.create(
        customer=customer, description="Large print letters", agreed_date=today, review_date=today + timedelta(days=90)
    )
    VulnerabilityNote.objects.create(
        customer=customer, note="Child with asthma", review_date=today + timedelta(days=90)
    )
    ContactRestriction.objects.create(
        customer=customer,
        restriction="Email only",
        reason="Repeated calls",
        decided_by=manager,
        decided_on=today - timedelta(days=10),
        customer_told_on=today - timedelta(days=9),
        how_told="Letter",
        review_date=today + timedelta(days=80),
    )
    AdjustmentRequest.objects.create(customer=customer, words="Please phone me", suggested="Phone calls")
    Remedy.objects.create(stage=case.current_stage, remedy_type=RemedyType.APOLOGY, description="A written apology")
    EvidenceFile.objects.create(
        case=case, file="evidence/roof.pdf", original_name="roof.pdf", kind="PDF", extension=".pdf", size_bytes=2048
    )
    referral = refer_to_ombudsman(
        case=case, actor=manager, ombudsman=Ombudsman.HOUSING, referred_date=today, ombudsman_reference="HO-ROOF"
    )
    record_enquiry(referral=referral, actor=manager, response_due_date=today + timedelta(days=7))
    with CaptureQueriesContext(connection) as full_reads:
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Contributing services" in page and "Waste and recycling" in page
    assert f">{empty.reference}</a>" in page  # the link, to the case it is related to
    assert 'href="#links">Linked cases (1)</a>' in page  # and the jump to it at the top
    assert "call 01234. Best times" in page
    assert "Mould behind the wardrobe" in page
    assert "Resolved early" in page and "Fixed the gutter the same day" in page
    assert "Large print letters" in page and "Child with asthma" in page
    assert "Contact restricted: Email only" in page
    assert "Adjustments asked for, to confirm" in page and "Phone calls" in page
    assert "Remedy</dt>" in page and "A written apology" in page
    assert "Files the customer sent" in page and "roof.pdf" in page
    due = page.split('id="due"')[1].split("</div>")[0]
    assert "Our reply to the" in due and "(HO-ROOF)" in due  # the reply owed to the ombudsman, in "What is due"
    # The case with nothing in those sections was shown with fewer reads: one for all of them, not one each.
    assert len(empty_reads.captured_queries) + SECTIONS_READ_ONLY_WHEN_FILLED - 1 <= len(full_reads.captured_queries)
