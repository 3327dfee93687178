"""The information-governance lead's Records page: legal holds placed and lifted on the case's timeline, and the
cases the retention schedule will erase tonight."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import CaseStatus, EventKind
from putright.cases.models import Case
from putright.records.models import LegalHold

pytestmark = pytest.mark.django_db


@pytest.fixture
def ig_lead(manager):
    manager.reads_access_log = True
    manager.save(update_fields=["reads_access_log"])
    return manager


def test_a_hold_is_placed_and_lifted_on_the_cases_timeline(client, make_case, ig_lead):
    case = make_case()
    client.force_login(ig_lead)
    response = client.post(
        reverse("records:home"), {"reference": case.reference.lower(), "reason": "Claim in the county court"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(case=case, lifted_at__isnull=True)
    assert case.events.filter(
        kind=EventKind.LEGAL_HOLD, summary="Legal hold placed: Claim in the county court"
    ).exists()
    page = client.get(reverse("records:home")).content.decode()
    assert case.reference in page and "Claim in the county court" in page
    again = client.post(reverse("records:home"), {"reference": case.reference, "reason": "Again"}).content.decode()
    assert f"{case.reference} is already held" in again
    assert client.post(reverse("records:lift_hold", args=[hold.pk])).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == ig_lead
    assert case.events.filter(kind=EventKind.LEGAL_HOLD, summary="Legal hold lifted").exists()


def test_an_unknown_case_or_no_reason_is_refused_in_plain_words(client, ig_lead, organisation):
    client.force_login(ig_lead)
    page = client.post(reverse("records:home"), {"reference": "PR-2020-99999", "reason": "x"}).content.decode()
    assert "There is no case PR-2020-99999" in page
    page = client.post(reverse("records:home"), {"reference": "PR-2020-99999", "reason": ""}).content.decode()
    assert "Enter why the case must be kept" in page
    assert not LegalHold.objects.exists()


def test_the_page_lists_what_the_schedule_will_erase_tonight(client, make_case, ig_lead):
    old = make_case()
    Case.objects.filter(pk=old.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=7 * 365))
    recent = make_case()
    Case.objects.filter(pk=recent.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=365))
    client.force_login(ig_lead)
    page = client.get(reverse("records:home")).content.decode()
    assert "would erase the personal data of 1 case(s)" in page.lower()
    assert old.reference in page and recent.reference not in page
    old.refresh_from_db()
    assert old.title != "Erased under the retention schedule"  # a dry run


def test_only_the_information_governance_lead_has_the_page(client, manager, complaints_officer):
    for user in (manager, complaints_officer):
        client.force_login(user)
        assert client.get(reverse("records:home")).status_code == 404
