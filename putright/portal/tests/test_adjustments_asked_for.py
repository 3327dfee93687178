"""What a resident asks for on the public form becomes adjustments on their record for staff to confirm."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.models import Case
from putright.people.models import AdjustmentRequest, ReasonableAdjustment
from putright.portal.tests.conftest import token_on_check_page

pytestmark = pytest.mark.django_db


def send_complaint(client, answer_complaint, help_needed):
    answer_complaint(client, {"help": {"help_needed": help_needed}})
    client.post(reverse("portal:check", args=["complaint"]), {"token": token_on_check_page(client)})
    return Case.objects.get()


def test_an_officer_confirms_what_the_customer_asked_for_without_retyping_it(
    client, answer_complaint, complaints_officer, frozen_today
):
    case = send_complaint(client, answer_complaint, "I am dyslexic, and large print please")
    assert ReasonableAdjustment.objects.count() == 0  # nothing is agreed until staff confirm it
    client.force_login(complaints_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Adjustments asked for, to confirm" in page
    assert "Letters and documents in large print" in page
    asked = AdjustmentRequest.objects.get(suggested="Letters and documents in large print")
    url = reverse("cases:action", args=[case.reference, "adjustment"])
    assert f"{url}?request={asked.pk}" in page
    form = client.get(f"{url}?request={asked.pk}").content.decode()
    assert 'value="Letters and documents in large print"' in form
    today = timezone.localdate()  # frozen: a year on from 29 February would be no date
    response = client.post(
        url,
        {
            "description": "Letters and documents in large print",
            "agreed_on_0": today.day,
            "agreed_on_1": today.month,
            "agreed_on_2": today.year,
            "review_on_0": today.day,
            "review_on_1": today.month,
            "review_on_2": today.year + 1,
            "request_id": asked.pk,
        },
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.adjustment.description == "Letters and documents in large print"
    assert asked.adjustment.customer_id == case.customer_id
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f"{url}?request={asked.pk}" not in page  # confirmed: listed with the agreed adjustments
    assert "Dyslexia" in page.split("Adjustments asked for, to confirm")[1]  # the other is still to confirm


def test_a_request_confirmed_twice_or_from_another_customers_case_is_refused(
    client, answer_complaint, complaints_officer, make_case, frozen_today
):
    case = send_complaint(client, answer_complaint, "Large print")
    other = make_case()
    asked = AdjustmentRequest.objects.get()
    client.force_login(complaints_officer)
    today = timezone.localdate()
    form = {
        "description": "Large print",
        "agreed_on_0": today.day,
        "agreed_on_1": today.month,
        "agreed_on_2": today.year,
        "review_on_0": today.day,
        "review_on_1": today.month,
        "review_on_2": today.year + 1,
        "request_id": asked.pk,
    }
    refused = client.post(reverse("cases:action", args=[other.reference, "adjustment"]), form)
    assert "already been confirmed, or is not this customer" in refused.content.decode()
    client.post(reverse("cases:action", args=[case.reference, "adjustment"]), form)
    again = client.post(reverse("cases:action", args=[case.reference, "adjustment"]), form)
    assert "already been confirmed" in again.content.decode()
    assert ReasonableAdjustment.objects.count() == 1
