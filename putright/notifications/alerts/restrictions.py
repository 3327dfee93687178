"""Emails reminding staff to review a restriction on contact (docs/rules.md, "Unacceptable behaviour"): once when
its review date comes within PUTRIGHT_RESTRICTION_REVIEW_REMINDER_DAYS days, and once the day after the date has
passed without a review, to the person who decided it (or, when they cannot be emailed or may not open the
customer's case, the complaints team's mailbox).

The email names the case to review it from, not the customer. Each is an outbox row with a once-only key (the
restriction, its review date, the reminder and the recipient): the daily job never sends one twice, and a review that
sets a new date starts the reminders again for that date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.cases.access import can_see
from putright.cases.models import Case
from putright.core.text import long_date
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    record_alert,
)
from putright.organisation.selectors import current_organisation
from putright.people.models import ContactRestriction

TEMPLATE = "staff_restriction_review"
DUE_SOON, PASSED = "due", "passed"


def reminder_for(restriction: ContactRestriction, today: date, days_before: int) -> str | None:
    """Which reminder a restriction in force is owed today: "due" from `days_before` days ahead up to its review
    date, "passed" after it."""
    if restriction.ended_on is not None:
        return None
    if restriction.review_date < today:
        return PASSED
    if (restriction.review_date - today).days <= days_before:
        return DUE_SOON
    return None


def _recipient(restriction: ContactRestriction, case: Case | None) -> Recipient | None:
    person = person_recipient(restriction.decided_by, "You decided this restriction.")
    if person is not None and case is not None and can_see(restriction.decided_by, case):
        return person
    return mailbox_recipient(current_organisation(), "The person who decided it cannot be emailed about this case.")


@dataclass
class RestrictionReminderRun:
    recorded: int = 0
    already: int = 0
    failed: list[int] = field(default_factory=list)  # the restrictions whose reminder could not be recorded

    def __str__(self) -> str:
        text = f"{self.recorded} restriction review reminder(s) recorded; {self.already} already sent"
        return text + (f"; failed for restriction(s) {', '.join(map(str, self.failed))}" if self.failed else "")


def send_restriction_review_reminders(*, today: date) -> RestrictionReminderRun:
    """Record today's reminders of restriction reviews coming up or passed; each is sent after it commits."""
    result = RestrictionReminderRun()
    days_before = int(settings.PUTRIGHT_RESTRICTION_REVIEW_REMINDER_DAYS)
    organisation = current_organisation()
    restrictions = (
        ContactRestriction.objects.filter(ended_on__isnull=True, review_date__lte=today + timedelta(days=days_before))
        .select_related("decided_by")
        .order_by("review_date", "pk")
    )
    for restriction in restrictions:
        which = reminder_for(restriction, today, days_before)
        if which is None:
            continue
        case = Case.objects.filter(customer_id=restriction.customer_id).order_by("-received_at").first()
        recipient = _recipient(restriction, case)
        if recipient is None:
            continue
        recorded = record_alert(
            about=f"the restriction review reminder for restriction {restriction.pk}",
            key=f"{TEMPLATE}:{which}:{restriction.pk}:{restriction.review_date}:{recipient.key}",
            template=TEMPLATE,
            recipient=recipient,
            case=case,
            context={
                "reference": case.reference if case else "",
                "case_url": settings.PUTRIGHT_SITE_URL + reverse("cases:detail", args=[case.reference]) if case else "",
                "decided_on": long_date(restriction.decided_on),
                "review_date": long_date(restriction.review_date),
                "is_passed": which == PASSED,
            },
            organisation=organisation,
        )
        if recorded is Recorded.FAILED:
            result.failed.append(restriction.pk)
        elif recorded is Recorded.ALREADY:
            result.already += 1
        else:
            result.recorded += 1
    return result


def scheduled_restriction_reminders(now: datetime) -> str:
    """The scheduler's entry point: today's reminders, as one line for the run's record."""
    return str(send_restriction_review_reminders(today=timezone.localtime(now).date()))
