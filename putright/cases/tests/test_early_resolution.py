"""Early resolution: its own path where the procedure allows it, never under the Complaint Handling Code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.cases.choices import CaseStatus
from putright.cases.models import EarlyResolution
from putright.procedures.models import Procedure
from putright.procedures.services import ProcedureError, copy_procedure, publish_new_version

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def early_procedure(db):
    procedure = copy_procedure(source=Procedure.objects.get(slug="psow"), slug="our-two-stage", name="Ours", actor=None)
    publish_new_version(
        procedure=procedure,
        actor=None,
        change_note="Early resolution in 48 hours",
        stage_changes={},
        early_resolution_hours=48,
    )
    return procedure


def test_the_code_allows_no_early_resolution_stage(db):
    code_copy = copy_procedure(source=Procedure.objects.get(slug="joint-code"), slug="ours", name="Ours", actor=None)
    with pytest.raises(ProcedureError, match="allows no early resolution"):
        publish_new_version(
            procedure=code_copy, actor=None, change_note="Try it", stage_changes={}, early_resolution_hours=48
        )


def test_a_complaint_put_right_within_48_hours_is_resolved_early_and_counted_apart(
    client, make_case, lead_officer, early_procedure, manager
):
    case = make_case(lead=lead_officer, procedure="our-two-stage")
    client.force_login(lead_officer)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    url = reverse("cases:action", args=[case.reference, "resolve-early"])
    assert url in page and "before it becomes a formal complaint" in page
    response = client.post(url, {"how_resolved": "Repair booked for Monday; Ms Jones is happy", "lock_version": 1})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert EarlyResolution.objects.get(case=case).how_resolved == "Repair booked for Monday; Ms Jones is happy"
    assert "Resolved early" in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    client.force_login(manager)
    report = client.get(reverse("reporting:root_causes")).content.decode()
    assert re.search(r"Housing repairs</th><td[^>]*>1</td>", report)


def test_after_the_window_or_under_the_code_it_is_a_formal_complaint(
    frozen_today, client, make_case, lead_officer, early_procedure
):
    late = make_case(lead=lead_officer, procedure="our-two-stage", received_at=timezone.now() - timedelta(hours=49))
    code = make_case(lead=lead_officer)
    client.force_login(lead_officer)
    assert "Resolve early" not in client.get(reverse("cases:detail", args=[late.reference])).content.decode()
    response = client.post(
        reverse("cases:action", args=[late.reference, "resolve-early"]),
        {"how_resolved": "Fixed", "lock_version": late.lock_version},
    )
    assert "it is now a formal complaint" in response.content.decode()
    response = client.post(
        reverse("cases:action", args=[code.reference, "resolve-early"]),
        {"how_resolved": "Fixed", "lock_version": code.lock_version},
    )
    assert "procedure has no early resolution" in response.content.decode()
    assert not EarlyResolution.objects.exists()
