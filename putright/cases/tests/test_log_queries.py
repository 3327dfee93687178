"""Logging a complaint by phone stays as quick as it is: the queries it makes are counted, and what it writes for
the committee figures (stage facts and totals) agrees with the figures worked out again from the cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from putright.cases.choices import EventKind
from putright.cases.models import Case
from putright.cases.tests.test_views import sign_in, valid_log_form
from putright.notifications.models import OutboundMessage
from putright.reporting.facts import facts_out_of_step
from putright.reporting.models import StageFact
from putright.reporting.totals import totals_out_of_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# The session and its user, the form's choices, the customer, contact, case (the year's first, so its reference
# counter is made), stage, two timeline events (logged, lead officer), the email to the customer and its sending task,
# the stage facts and totals, the received-case totals, the webhooks: 32 on 2026-12-05, with what runs after the
# commit (42 before the savepoints, fact rewrites and re-reads were cut; 30 before the received-case totals, one
# INSERT more). The sending task is written in the case's transaction (core.enqueueing), not in a transaction of its
# own after the commit: on PostgreSQL that one was three statements more (BEGIN, SET LOCAL, COMMIT), not seen here.
MOST_QUERIES = 32


def test_logging_a_complaint_makes_a_known_number_of_queries(
    client, complaints_officer, housing, lead_officer, django_capture_on_commit_callbacks
):
    sign_in(client, complaints_officer)
    form = valid_log_form(housing, lead_officer)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:log"), form)
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.reference])
    assert len(queries.captured_queries) <= MOST_QUERIES, "\n".join(q["sql"][:150] for q in queries.captured_queries)
    # Everything the queries were for was done: the events, the receipt, the figures' rows.
    assert list(case.events.order_by("pk").values_list("kind", flat=True)) == [
        EventKind.LOGGED,
        EventKind.LEAD_OFFICER_CHANGED,
    ]
    assert OutboundMessage.objects.filter(case=case).count() == 1
    assert StageFact.objects.filter(case=case).count() == 1
    assert facts_out_of_step() == []
    assert totals_out_of_step() == []


def test_a_failure_after_the_case_was_written_leaves_nothing_behind(
    client, complaints_officer, housing, lead_officer, monkeypatch
):
    """Opening the case joins the logging's transaction without savepoints of its own: a failure in the last step
    (the second event's figures) still takes the customer, contact, case, events and email back with it."""
    from putright.cases.models import Contact, TimelineEvent
    from putright.people.models import Customer
    from putright.reporting import facts

    sign_in(client, complaints_officer)
    form = valid_log_form(housing, lead_officer)
    refresh = facts.refresh_case_facts

    def fail_on_the_second_event(case_id: int, *, first_event: bool = False) -> None:
        if first_event:
            refresh(case_id, first_event=True)
            return
        raise RuntimeError("The database went away")

    monkeypatch.setattr(facts, "refresh_case_facts", fail_on_the_second_event)
    with pytest.raises(RuntimeError):
        client.post(reverse("cases:log"), form)
    assert (Customer.objects.count(), Contact.objects.count(), Case.objects.count()) == (0, 0, 0)
    assert (TimelineEvent.objects.count(), OutboundMessage.objects.count(), StageFact.objects.count()) == (0, 0, 0)
    assert not DBTaskResult.objects.exists()  # the email's sending task, written with the case, went with it
