"""The staff home page shows each person what needs them today, and nothing they may not see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases import services
from putright.cases.choices import Channel
from putright.cases.models import Case, Contact, CustomerRequest
from putright.cases.requests import raise_request

pytestmark = pytest.mark.django_db


def today_page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:today"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def overdue(make_case, lead_officer):
    case = make_case(lead=lead_officer, title="Roof still leaking")
    Case.objects.filter(pk=case.pk).update(next_due_date=timezone.localdate() - timedelta(days=2))
    return case


def test_the_complaints_officer_sees_contacts_customers_waiting_and_cases_due(
    client, overdue, make_case, complaints_officer
):
    Contact.objects.create(channel=Channel.EMAIL, received_at=timezone.now(), subject="Bins again", raw_text="...")
    waiting = make_case(title="Wants a call")
    request = CustomerRequest.objects.create(case=waiting, kind="callback", phone="01632 960 001", email="a@b.org")
    raise_request(request)
    page = today_page(client, complaints_officer)
    assert "Contacts to triage (1)" in page and "Bins again" in page
    assert "Customers waiting (1)" in page and waiting.reference in page
    assert overdue.reference in page and "Overdue" in page


def test_an_officer_sees_their_own_cases_due_and_no_contacts(client, overdue, make_case, lead_officer, waste_leader):
    Contact.objects.create(channel=Channel.EMAIL, received_at=timezone.now(), subject="Bins again", raw_text="...")
    page = today_page(client, lead_officer)
    assert overdue.reference in page and "Contacts to triage" not in page
    other = today_page(client, waste_leader)  # the case is not theirs
    assert overdue.reference not in other and "Nothing is waiting for you" in other


def test_a_contributor_sees_what_they_were_asked_for(client, make_case, lead_officer, waste_leader, waste):
    case = make_case(lead=lead_officer)
    services.request_contribution(
        case=case,
        service_area=waste,
        actor=lead_officer,
        request_note="Collection dates for March",
        due_date=timezone.localdate() + timedelta(days=3),
        requested_from=waste_leader,
    )
    page = today_page(client, waste_leader)
    assert "Contributions asked of you" in page and "Collection dates for March" in page


def test_a_restricted_case_stays_off_other_teams_pages(
    client, make_case, adult_social_care, social_care_officer, waste_leader, complaints_officer
):
    case = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits stopped")
    Case.objects.filter(pk=case.pk).update(
        lead_officer=social_care_officer, next_due_date=timezone.localdate() - timedelta(days=1)
    )
    assert case.reference in today_page(client, social_care_officer)
    assert case.reference not in today_page(client, waste_leader)
    assert case.reference not in today_page(client, complaints_officer)


def test_signing_in_lands_staff_on_today_and_others_never_see_it(client, complaints_officer, councillor):
    client.force_login(complaints_officer)
    assert client.get(reverse("portal:signed_in")).url == reverse("cases:today")
    client.force_login(councillor)
    assert client.get(reverse("cases:today")).status_code == 404
    client.logout()
    assert client.get(reverse("cases:today")).url.startswith("/sign-in/")


def test_a_new_case_nobody_leads_is_on_the_complaints_teams_today_until_someone_is_named(
    client, make_case, complaints_officer, lead_officer
):
    """A web complaint becomes a case with no lead officer: it must not wait unseen until it is nearly late."""
    unled = make_case(lead=None, title="Damp in the back bedroom")
    page = today_page(client, complaints_officer)
    assert "New cases with no lead officer (1)" in page and unled.reference in page
    assert "New cases with no lead officer" not in today_page(client, lead_officer)  # the complaints team hands out

    Case.objects.filter(pk=unled.pk).update(lead_officer=lead_officer)
    assert "New cases with no lead officer" not in today_page(client, complaints_officer)


def test_contributions_and_remedies_past_their_date_are_tagged_overdue_like_the_cases(
    client, make_case, lead_officer, waste_leader, waste, frozen_today
):
    import html
    import re
    from decimal import Decimal

    from putright.cases import lifecycle
    from putright.cases.choices import Outcome, RemedyType
    from putright.cases.lifecycle import RemedyDetails
    from putright.cases.models import Contribution, Remedy

    today = timezone.localdate()
    late, _soon = (
        services.request_contribution(
            case=make_case(lead=lead_officer),
            service_area=waste,
            actor=lead_officer,
            request_note=note,
            due_date=today + timedelta(days=1),
            requested_from=waste_leader,
        )
        for note in ("Collection dates for March", "Crew notes for April")
    )
    Contribution.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=3))
    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The repair was late.",
        remedies=[RemedyDetails(RemedyType.FINANCIAL, "Compensation for the delay", Decimal("150"), None)],
    )
    Remedy.objects.filter(stage__case=case).update(due_date=today - timedelta(days=1))

    def line(page: str, words: str) -> str:
        [found] = [li for li in re.findall(r"<li>.*?</li>", page, re.S) if words in li]
        return re.sub(r"<[^>]+>", "", html.unescape(found))

    asked = today_page(client, waste_leader)
    assert line(asked, "Collection dates").endswith("Overdue")
    assert line(asked, "Crew notes").endswith("Due soon")
    remedies = today_page(client, lead_officer)
    assert line(remedies, case.reference).endswith(f"due {(today - timedelta(days=1)):%-d %b %Y} Overdue")
