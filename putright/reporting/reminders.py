"""Emails reminding managers and the complaints team of a return or publication coming up or missed (docs/rules.md,
"Return dates"): once when it comes within PUTRIGHT_RETURN_REMINDER_DAYS days of its date, and once the day after
the date has passed without it being marked done.

Each email is an outbox row with a once-only key (the return, its due date, the reminder and the recipient), so the
daily job never sends the same reminder twice; moving the date sends the reminders again for the new date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.core.text import long_date
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    record_alert,
)
from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.reporting.models import ReturnDate
from putright.reporting.return_dates import due_soon_or_missed, remind_days_before

TEMPLATE = "staff_return_due"
DUE_SOON, MISSED = "due", "missed"


def reminder_for(item: ReturnDate, today: date) -> str | None:
    """Which reminder a return not yet done is owed today: "due" inside the window up to its date, "missed" after."""
    if item.done_on is not None:
        return None
    if item.due_date < today:
        return MISSED
    if (item.due_date - today).days <= remind_days_before():
        return DUE_SOON
    return None


def recipients() -> list[Recipient]:
    """The complaints team's mailbox and each manager who can be emailed."""
    found = [mailbox_recipient(current_organisation(), "The complaints team tracks the returns.")]
    managers = User.objects.filter(role=Role.MANAGER, is_active=True).exclude(email="").order_by("pk")
    found += [person_recipient(manager, "You are a manager.") for manager in managers]
    return [recipient for recipient in found if recipient is not None]


@dataclass
class ReturnReminderRun:
    recorded: int = 0
    already: int = 0
    failed: list[int] = field(default_factory=list)  # the return dates whose reminder could not be recorded

    def __str__(self) -> str:
        text = f"{self.recorded} return reminder(s) recorded; {self.already} already sent"
        return text + (f"; failed for return date(s) {', '.join(map(str, self.failed))}" if self.failed else "")


def _describe(item: ReturnDate) -> str:
    quarter = f", quarter {item.quarter}" if item.quarter else ""
    return f"{item.get_kind_display()} for {item.year}-{(item.year + 1) % 100:02d}{quarter}"


def send_return_reminders(*, today: date) -> ReturnReminderRun:
    """Record today's reminders of returns due soon or missed; each is sent after its transaction commits."""
    result = ReturnReminderRun()
    people = recipients()
    organisation = current_organisation()
    for item in due_soon_or_missed(today):
        which = reminder_for(item, today)
        if which is None:
            continue
        for recipient in people:
            recorded = record_alert(
                about=f"the return reminder for return date {item.pk}",
                key=f"{TEMPLATE}:{which}:{item.pk}:{item.due_date}:{recipient.key}",
                template=TEMPLATE,
                recipient=recipient,
                case=None,
                context={
                    "what": _describe(item),
                    "due_date": long_date(item.due_date),
                    "is_missed": which == MISSED,
                    "page_url": settings.PUTRIGHT_SITE_URL + reverse("reporting:return_dates"),
                },
                organisation=organisation,
            )
            if recorded is Recorded.FAILED:
                result.failed += [item.pk] if item.pk not in result.failed else []
            elif recorded is Recorded.ALREADY:
                result.already += 1
            else:
                result.recorded += 1
    return result


def scheduled_return_reminders(now: datetime) -> str:
    """The scheduler's entry point: today's reminders, as one line for the run's record."""
    return str(send_return_reminders(today=timezone.localtime(now).date()))
