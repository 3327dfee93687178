"""Likely duplicates at triage and on the case page, linked or merged in one action."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import CaseStatus, Channel, LinkKind
from putright.cases.duplicates import similarity
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Case, CaseLink
from putright.cases.services import CustomerDetails, log_case, log_contact
from putright.procedures.selectors import current_version

pytestmark = pytest.mark.usefixtures("frozen_today")

ROOF = "I reported a leaking roof at 4 Mill Lane in March and nobody has come to fix it."


@pytest.fixture
def complaint(complaints_officer, housing):
    def make(text=ROOF, *, email="ann@example.org", phone="", last_name="Jones", postcode="HP1 1AA", days_ago=0):
        return log_case(
            channel=Channel.EMAIL,
            received_at=timezone.now() - timedelta(days=days_ago),
            raw_text=text,
            actor=complaints_officer,
            details=CaseDetails(
                kind="complaint",
                kind_reason="Dissatisfied",
                service_area=housing,
                title=text[:40],
                description=text,
                procedure_version=current_version("joint-code"),
            ),
            customer_details=CustomerDetails(
                first_name="Ann", last_name=last_name, email=email, phone=phone, postcode=postcode
            ),
        )

    return make


def contact_from(text=ROOF, **customer):
    details = {"first_name": "Ann", "last_name": "Jones", "email": "ann@example.org", "postcode": "HP1 1AA"}
    return log_contact(
        channel=Channel.EMAIL,
        received_at=timezone.now(),
        raw_text=text,
        actor=None,
        customer_details=CustomerDetails(**(details | customer)),
    )


def triage_page(client, user, contact):
    client.force_login(user)
    return client.get(reverse("cases:triage", args=[contact.pk])).content.decode()


def test_the_same_complaint_from_the_same_email_today_is_shown_at_triage(client, complaints_officer, complaint):
    earlier = complaint()
    page = triage_page(client, complaints_officer, contact_from())
    assert "Possibly the same matter" in page
    assert earlier.reference in page
    assert "Same email address" in page


@pytest.mark.parametrize(
    ("customer", "reason"),
    [
        ({"email": "ANN@example.org", "last_name": "Other"}, "Same email address"),
        ({"email": "", "phone": "+44 7700 900123", "last_name": "Other"}, "Same phone number"),
        ({"email": "ann.j@example.net"}, "Same name and postcode"),
    ],
)
def test_the_same_customer_is_recognised_by_email_phone_or_name_and_postcode(
    client, complaints_officer, complaint, customer, reason
):
    earlier = complaint("Bins not collected", phone="07700 900123")
    page = triage_page(client, complaints_officer, contact_from("A different matter entirely", **customer))
    assert earlier.reference in page
    assert reason in page


def test_someone_else_at_the_same_postcode_in_similar_words_is_shown(client, complaints_officer, complaint):
    earlier = complaint(email="neighbour@example.org", last_name="Patel")
    unrelated = complaint("Parking permit refused for my visitor", email="x@example.org", last_name="Smith")
    text = "The roof at 4 Mill Lane is still leaking, reported in March and nobody came to fix it"
    page = triage_page(client, complaints_officer, contact_from(text, email="ann@example.com", last_name="Brown"))
    assert earlier.reference in page and "Same postcode, similar words" in page
    assert unrelated.reference not in page


def test_an_old_case_or_one_at_another_postcode_is_not_a_likely_duplicate(client, complaints_officer, complaint):
    old = complaint(days_ago=120)
    elsewhere = complaint(email="other@example.org", last_name="Patel", postcode="HP9 9ZZ")
    page = triage_page(client, complaints_officer, contact_from(email="ann@example.com", last_name="Brown"))
    assert old.reference not in page and elsewhere.reference not in page
    assert "Possibly the same matter" not in page


def test_a_restricted_case_the_officer_cannot_see_is_never_hinted(
    client, lead_officer, complaints_officer, adult_social_care
):
    secret = log_case(
        channel=Channel.EMAIL,
        received_at=timezone.now(),
        raw_text=ROOF,
        actor=complaints_officer,
        details=CaseDetails(
            kind="complaint",
            kind_reason="Dissatisfied",
            service_area=adult_social_care,
            title="Care visits missed",
            description=ROOF,
            procedure_version=current_version("adult-social-care"),
        ),
        customer_details=CustomerDetails(first_name="Ann", last_name="Jones", email="ann@example.org"),
    )
    from putright.cases.duplicates import likely_duplicates

    contact = contact_from()
    found = likely_duplicates(
        lead_officer, customer=contact.customer, text=ROOF, postcode="HP1 1AA", received_at=timezone.now()
    )
    assert secret not in [item.case for item in found]


def triage_post(client, contact, housing, **extra):
    return client.post(
        reverse("cases:triage", args=[contact.pk]),
        {
            "decision": "case",
            "case-kind": "complaint",
            "case-kind_reason": "Repeat of an open complaint",
            "case-service_area": housing.pk,
            "case-title": "Roof still leaking",
        }
        | extra,
    )


def test_at_triage_one_choice_links_the_new_case_as_a_duplicate(client, complaints_officer, complaint, housing):
    earlier = complaint()
    contact = contact_from()
    client.force_login(complaints_officer)
    response = triage_post(client, contact, housing, **{"same-same_as": f"link:{earlier.reference}"})
    new = Case.objects.exclude(pk=earlier.pk).get()
    assert response.url == reverse("cases:detail", args=[new.reference])
    assert CaseLink.objects.filter(from_case=new, to_case=earlier, kind=LinkKind.DUPLICATE_OF).exists()
    assert f"a duplicate of {earlier.reference}" in client.get(response.url).content.decode()


def test_at_triage_one_choice_merges_the_new_case_into_the_open_one(client, complaints_officer, complaint, housing):
    earlier = complaint()
    client.force_login(complaints_officer)
    triage_post(client, contact_from(), housing, **{"same-same_as": f"merge:{earlier.reference}"})
    new = Case.objects.exclude(pk=earlier.pk).get()
    assert new.status == CaseStatus.MERGED
    assert CaseLink.objects.filter(from_case=new, to_case=earlier, kind=LinkKind.MERGED_INTO).exists()


def test_a_refused_merge_at_triage_leaves_the_contact_untriaged(client, complaints_officer, complaint, housing):
    earlier = complaint()
    Case.objects.filter(pk=earlier.pk).update(status=CaseStatus.CLOSED)
    contact = contact_from()
    client.force_login(complaints_officer)
    response = triage_post(client, contact, housing, **{"same-same_as": f"merge:{earlier.reference}"})
    assert response.status_code == 200
    assert f"{earlier.reference} is closed; merge into an open case" in response.content.decode()
    contact.refresh_from_db()
    assert contact.triaged_at is None and Case.objects.count() == 1


def test_the_case_page_shows_likely_duplicates_with_link_and_merge_actions(client, complaints_officer, complaint):
    earlier = complaint()
    later = complaint()
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:detail", args=[later.reference])).content.decode()
    assert "Possibly the same matter" in page and earlier.reference in page
    link = reverse("cases:action", args=[later.reference, "link"])
    assert f"{link}?other={earlier.reference}&amp;kind=duplicate_of" in page
    assert reverse("cases:action", args=[later.reference, "merge"]) + f"?other={earlier.reference}" in page
    form = client.get(f"{link}?other={earlier.reference}&kind=duplicate_of").content.decode()
    assert f'value="{earlier.reference}"' in form
    client.post(
        link, {"other_reference": earlier.reference, "kind": "duplicate_of", "lock_version": later.lock_version}
    )
    page = client.get(reverse("cases:detail", args=[later.reference])).content.decode()
    assert "Possibly the same matter" not in page  # linked now: listed under linked cases instead


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
@pytest.mark.parametrize(
    ("one", "other"),
    [(ROOF, "The roof at 4 Mill Lane is still leaking"), ("Bins not collected", "bin collection missed"), ("a", "b")],
)
def test_the_sqlite_measure_is_pg_trgm_similarity(db, one, other):
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(%s, %s)", [one, other])
        [(expected,)] = cursor.fetchall()
    assert similarity(one, other) == pytest.approx(expected, abs=0.001)


def test_a_hint_names_each_reason_once_and_never_reads_received_twice(client, complaints_officer, complaint):
    earlier = complaint()  # received, not yet acknowledged
    page = triage_page(client, complaints_officer, contact_from())
    hint = page.split("Possibly the same matter")[1].split("</li>")[0]
    assert earlier.reference in hint
    assert "received, received" not in hint
    assert f"received {timezone.localtime(earlier.received_at):%-d %B %Y}, status: received" in hint
    assert hint.count("Same email address") == 1
