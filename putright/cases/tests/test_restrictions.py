"""Restrictions on contact after unacceptable behaviour: what, why, who decided, the customer told, a review date
never missing; shown on the case, flagged for review on Today, and reviewed to be kept or ended."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import EventKind
from putright.people.choices import Tenure
from putright.people.models import ContactRestriction, Customer

pytestmark = pytest.mark.usefixtures("frozen_today")


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture
def case(make_case, lead_officer):
    return make_case(lead=lead_officer)


def _restrict(client, case, manager, *, review_on, told_on=None, decided_on=None):
    today = timezone.localdate()
    return client.post(
        reverse("cases:action", args=[case.reference, "restrict-contact"]),
        {
            "restriction": "Contact by email only, to the complaints manager",
            "reason": "Abusive calls to staff on 3 occasions",
            "decided_by": str(manager.pk),
            **_date("decided_on", decided_on or today - timedelta(days=2)),
            **_date("customer_told_on", told_on or today - timedelta(days=1)),
            "how_told": "Letter",
            **_date("review_on", review_on),
        },
    )


def test_a_restriction_is_recorded_shown_on_the_case_and_on_the_timeline(client, case, lead_officer, manager):
    client.force_login(lead_officer)
    today = timezone.localdate()
    response = _restrict(client, case, manager, review_on=today + timedelta(days=90))
    assert response.status_code == 302
    restriction = ContactRestriction.objects.get(customer=case.customer)
    assert (restriction.decided_by, restriction.how_told) == (manager, "Letter")
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Contact restricted: Contact by email only, to the complaints manager" in page
    assert "Abusive calls to staff on 3 occasions" in page
    assert case.events.filter(kind=EventKind.CONTACT_RESTRICTED).exists()


@pytest.mark.parametrize(
    ("review_in_days", "told_days_ago", "message"),
    [
        (0, 1, "The review date must be in the future"),
        (400, 1, "A restriction must be reviewed within 12 months of the decision"),
        (90, 3, "The customer cannot have been told before the decision was made"),
    ],
)
def test_a_restriction_without_a_proper_review_date_or_notice_is_refused(
    client, case, lead_officer, manager, review_in_days, told_days_ago, message
):
    client.force_login(lead_officer)
    today = timezone.localdate()
    page = _restrict(
        client,
        case,
        manager,
        review_on=today + timedelta(days=review_in_days),
        told_on=today - timedelta(days=told_days_ago),
    ).content.decode()
    assert message in page
    assert not ContactRestriction.objects.exists()


def test_the_review_is_due_within_12_calendar_months_and_the_timeline_reads_as_sentences(
    client, case, lead_officer, manager
):
    """A decision on 1 December 2025 is reviewed by 1 December 2026 at the latest: 2 December is refused."""
    manager.first_name, manager.last_name = "Leon", "Marsh"
    manager.save()
    client.force_login(lead_officer)
    decided, told = date(2025, 12, 1), date(2025, 12, 2)
    refused = _restrict(client, case, manager, decided_on=decided, told_on=told, review_on=date(2026, 12, 2))
    assert refused.status_code == 200
    assert "A restriction must be reviewed within 12 months of the decision: by 1 December 2026 at the latest" in (
        refused.content.decode()
    )
    accepted = _restrict(client, case, manager, decided_on=decided, told_on=told, review_on=date(2026, 12, 1))
    assert accepted.status_code == 302
    event = case.events.get(kind=EventKind.CONTACT_RESTRICTED)
    assert event.summary == (
        "Contact restricted: Contact by email only, to the complaints manager. Decided by Leon Marsh on "
        "1 December 2025; customer told on 2 December 2025; review by 1 December 2026."
    )


def test_a_restriction_due_for_review_is_flagged_on_today_and_the_case(client, case, lead_officer, manager):
    today = timezone.localdate()
    restriction = ContactRestriction.objects.create(
        customer=case.customer,
        restriction="No visits to the office",
        reason="Threats",
        decided_by=manager,
        decided_on=today - timedelta(days=200),
        customer_told_on=today - timedelta(days=199),
        how_told="Letter",
        review_date=today,
    )
    client.force_login(manager)
    today_page = client.get(reverse("cases:today")).content.decode()
    assert "Restrictions on contact to review" in today_page
    assert reverse("cases:action", args=[case.reference, "review-restriction"]) in today_page
    assert "Review due" in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    # Someone else's decision is not on an investigating officer's Today page.
    client.force_login(lead_officer)
    assert "Restrictions on contact to review" not in client.get(reverse("cases:today")).content.decode()

    # Kept: a new review date is required, then set.
    client.force_login(manager)
    url = reverse("cases:action", args=[case.reference, "review-restriction"])
    page = client.post(url, {"restriction": restriction.pk, "decision": "keep", "note": "Still needed"}).content
    assert "Enter a review date in the future" in page.decode()
    client.post(
        url,
        {
            "restriction": restriction.pk,
            "decision": "keep",
            "note": "Still needed",
            **_date("next_review_on", today + timedelta(days=60)),
        },
    )
    restriction.refresh_from_db()
    assert (restriction.review_date, restriction.last_reviewed_on) == (today + timedelta(days=60), today)
    # Kept again: 12 calendar months from today (18 March 2026) is 18 March 2027, not a day later.
    too_late = {"restriction": restriction.pk, "decision": "keep", "note": "Still needed"}
    page = client.post(url, {**too_late, **_date("next_review_on", date(2027, 3, 19))}).content.decode()
    assert "A restriction must be reviewed again within 12 months: by 18 March 2027 at the latest" in page
    assert client.post(url, {**too_late, **_date("next_review_on", date(2027, 3, 18))}).status_code == 302
    assert "Restrictions on contact to review" not in client.get(reverse("cases:today")).content.decode()
    assert "Review due" not in client.get(reverse("cases:detail", args=[case.reference])).content.decode()

    # Ended: no longer shown on the case.
    client.post(url, {"restriction": restriction.pk, "decision": "end", "note": "Behaviour has improved"})
    restriction.refresh_from_db()
    assert restriction.ended_on == today
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Contact restricted: No visits to the office" not in page
    assert case.events.filter(kind=EventKind.RESTRICTION_REVIEWED).count() == 3  # kept twice, then ended


def test_the_tenure_is_recorded_from_the_case(client, case, lead_officer):
    client.force_login(lead_officer)
    assert "Not known" in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    client.post(reverse("cases:action", args=[case.reference, "tenure"]), {"tenure": "lcra"})
    assert Customer.objects.get(pk=case.customer_id).tenure == Tenure.LOW_COST_RENTAL
    assert case.events.filter(kind=EventKind.TENURE_RECORDED).exists()
