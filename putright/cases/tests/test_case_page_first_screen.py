"""The top of the case page: what is due, the next likely action first, every other action in a menu, and
nothing to act with for those who may only read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle, services
from putright.cases.choices import Outcome, RemedyType
from putright.cases.first_screen import next_action
from putright.cases.models import CustomerRequest
from putright.cases.requests import raise_request, waiting_requests
from putright.cases.views.detail import GENERAL_ACTIONS, STATUS_ACTIONS

pytestmark = pytest.mark.django_db

# Every read the case page makes for a signed-in lead officer: the session and user, the case, the access log entry,
# and one read per section (stages, remedies and extensions in three however many there are).
QUERIES_ON_THE_CASE_PAGE = 27


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
    page, not once per item: a case two stages long with several remedies costs no more reads than a new one."""
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
    with django_assert_max_num_queries(len(new_case.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Remedy</dt>") == 6 and page.count("call 01234. Best times") == 3
