"""Sending the public complaint form stays as quick as it is: the queries the final "Send" makes are counted, and
what it writes for the committee figures agrees with the figures worked out again from the cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from putright.cases.choices import EventKind
from putright.cases.models import Case
from putright.notifications.models import OutboundMessage
from putright.portal.models import SubmissionReceipt
from putright.portal.tests.conftest import token_on_check_page
from putright.reporting.facts import facts_out_of_step
from putright.reporting.totals import totals_out_of_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# The session, the token not sent before, the address's count of forms sent, the service and procedure, the
# customer, contact, case (the year's first, so its reference counter is made), stage, the "logged" event, the
# receipt to the customer and its sending task, the stage facts and totals, the received-case totals, the webhooks,
# the submission's receipt and files, the count and the session written: 37 on 2026-12-05, with what runs after the
# commit (49 before the savepoints, fact rewrites and re-reads were cut; 38 before the received-case totals, one
# INSERT more; 39 before the session's save lost its savepoint, core.sessions). On PostgreSQL the count is written in
# one statement rather than five (core.cache_writes): 33. The sending task is written in the case's transaction
# (core.enqueueing): on PostgreSQL, in a transaction of its own after the commit, it was three statements more.
MOST_QUERIES = 33 if connection.vendor == "postgresql" else 37


def test_sending_the_complaint_form_makes_a_known_number_of_queries(
    client, answer_complaint, django_capture_on_commit_callbacks
):
    answer_complaint(client)
    token = token_on_check_page(client)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("portal:sent", args=["complaint"])
    assert len(queries.captured_queries) <= MOST_QUERIES, "\n".join(q["sql"][:150] for q in queries.captured_queries)
    case = Case.objects.get()
    assert SubmissionReceipt.objects.get(token=token).case == case
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.LOGGED]
    assert OutboundMessage.objects.filter(case=case).count() == 1
    assert facts_out_of_step() == []
    assert totals_out_of_step() == []


def test_a_failure_part_way_through_sending_writes_nothing_and_the_complaint_can_be_sent_again(
    client, answer_complaint, monkeypatch
):
    """The case, its customer, contact, events, receipt and figures are written together or not at all; the answers
    stay in the browser's session, so sending again makes the case once."""
    from putright.people.models import Customer
    from putright.reporting import facts

    answer_complaint(client)
    token = token_on_check_page(client)
    refresh = facts.refresh_case_facts

    def fail_after_the_case_was_written(case_id: int, **kwargs: object) -> None:
        assert Case.objects.filter(pk=case_id).exists()  # part-way: the case, stage and event are written by now
        raise RuntimeError("The database went away")

    monkeypatch.setattr(facts, "refresh_case_facts", fail_after_the_case_was_written)
    with pytest.raises(RuntimeError):
        client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert (Case.objects.count(), Customer.objects.count(), OutboundMessage.objects.count()) == (0, 0, 0)
    assert not SubmissionReceipt.objects.exists()

    monkeypatch.setattr(facts, "refresh_case_facts", refresh)
    response = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
    assert response.url == reverse("portal:sent", args=["complaint"])
    assert Case.objects.count() == 1
    assert facts_out_of_step() == []
    assert totals_out_of_step() == []
