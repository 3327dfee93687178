"""Email reminders to review a restriction on contact (docs/rules.md, "Unacceptable behaviour"), sent through the
outbox to a real SMTP server: to the person who decided it, once before the review date and once after it passes."""

from __future__ import annotations

from datetime import date

import pytest

from putright.core.scheduler import default_jobs
from putright.notifications.alerts.restrictions import send_restriction_review_reminders
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import send_due
from putright.organisation.models import Organisation, User
from putright.people.models import ContactRestriction

pytestmark = pytest.mark.django_db

MAILBOX = "complaints@council.example"


@pytest.fixture
def restriction(make_case, lead_officer, organisation, settings):
    settings.PUTRIGHT_RESTRICTION_REVIEW_REMINDER_DAYS = 7
    User.objects.filter(pk=lead_officer.pk).update(email="liam@council.example")
    Organisation.objects.filter(pk=organisation.pk).update(complaints_email=MAILBOX)
    lead_officer.refresh_from_db()
    case = make_case(lead=lead_officer)
    return case, ContactRestriction.objects.create(
        customer=case.customer,
        restriction="Contact by email only, to one named officer.",
        reason="Repeated abusive phone calls; email keeps the complaint moving.",
        decided_by=lead_officer,
        decided_on=date(2026, 3, 2),
        customer_told_on=date(2026, 3, 3),
        how_told="Letter",
        review_date=date(2026, 6, 1),
        recorded_by=lead_officer,
    )


def test_the_person_who_decided_is_reminded_before_and_after_the_review_date(restriction, running_smtp):
    case, restricted = restriction
    assert send_restriction_review_reminders(today=date(2026, 5, 24)).recorded == 0  # 8 days ahead: not yet
    assert send_restriction_review_reminders(today=date(2026, 5, 25)).recorded == 1
    assert send_restriction_review_reminders(today=date(2026, 5, 26)).recorded == 0
    assert send_restriction_review_reminders(today=date(2026, 6, 1)).already == 1
    send_due()
    [soon] = [m for m in running_smtp.received if m["To"] == "liam@council.example"]  # not the customer's letters
    assert soon["To"] == "liam@council.example"
    assert " ".join(soon["Subject"].split()) == (
        f"Review due soon: contact restriction ({case.reference}), review by 1 June 2026"
    )
    body = soon.get_payload(0).get_payload(decode=True).decode()
    assert "must be reviewed by 1 June 2026" in body and f"/cases/{case.reference}" in body
    assert case.customer.full_name not in body  # the email names the case, not the customer

    assert send_restriction_review_reminders(today=date(2026, 6, 2)).recorded == 1
    assert send_restriction_review_reminders(today=date(2026, 6, 9)).recorded == 0
    send_due()
    to_liam = [m for m in running_smtp.received if m["To"] == "liam@council.example"]
    assert " ".join(to_liam[1]["Subject"].split()).startswith("Review overdue: contact restriction")

    # Reviewed and kept with a new date: the reminders start again for that date; ended: none.
    ContactRestriction.objects.filter(pk=restricted.pk).update(review_date=date(2026, 9, 1))
    assert send_restriction_review_reminders(today=date(2026, 8, 28)).recorded == 1
    ContactRestriction.objects.filter(pk=restricted.pk).update(ended_on=date(2026, 9, 2))
    assert send_restriction_review_reminders(today=date(2026, 9, 3)).recorded == 0


def test_when_the_decider_has_left_the_complaints_team_is_reminded(restriction, lead_officer):
    User.objects.filter(pk=lead_officer.pk).update(is_active=False)
    assert send_restriction_review_reminders(today=date(2026, 6, 2)).recorded == 1
    assert OutboundMessage.objects.get(template_name="staff_restriction_review").to_address == MAILBOX


def test_the_scheduler_runs_the_reminders_each_day():
    job = next(job for job in default_jobs() if job.name == "restriction_review_reminders")
    assert job.daily_at is not None
