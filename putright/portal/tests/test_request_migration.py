"""Requests sent before they had due dates: their notes get their own kinds, and those still waiting show up."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from conftest import restore_procedure_presets

BEFORE = [("cases", "0007_stage_handler_status_index"), ("portal", "0003_evidence_form_last_used")]
AFTER = [("cases", "0010_customer_request_event_kinds"), ("portal", "0004_customer_requests_as_work")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def presets(transactional_db):
    """Transactional tests run last, after others have flushed the database: put the procedure presets back."""
    restore_procedure_presets()


@pytest.mark.django_db(transaction=True)
def test_old_portal_notes_become_requests_staff_must_deal_with(presets, responded):
    try:
        apps = migrate(BEFORE)
        Event = apps.get_model("cases", "TimelineEvent")
        Request = apps.get_model("portal", "CustomerRequest")
        now = timezone.now()
        asked = Request.objects.create(case_id=responded.pk, kind="escalation", stage_number=1, email="a@b.org")
        Event.objects.create(
            case_id=responded.pk, kind="note_added", summary="Asked", occurred_at=now, data={"portal": "escalation"}
        )
        Event.objects.create(
            case_id=responded.pk, kind="note_added", summary="Adjusted", occurred_at=now, data={"adjustment": 1}
        )
        Event.objects.create(case_id=responded.pk, kind="note_added", summary="A plain note", occurred_at=now)

        apps = migrate(AFTER)
        Event = apps.get_model("cases", "TimelineEvent")
        Request = apps.get_model("portal", "CustomerRequest")
        Case = apps.get_model("cases", "Case")
        kinds = dict(Event.objects.filter(case_id=responded.pk).values_list("summary", "kind"))
        assert kinds["Asked"] == "escalation_requested" and kinds["Adjusted"] == "adjustment_recorded"
        assert kinds["A plain note"] == "note_added"
        request = Request.objects.get(pk=asked.pk)
        assert request.due_date == request.received_date and request.done_at is None  # due at once: staff look
        case = Case.objects.get(pk=responded.pk)
        assert (case.next_due_date, case.next_due_label) == (request.due_date, "Customer asked for the next stage")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
