"""Warnings before an ombudsman order or recommendation is due, so the council complies on time (Code 9.7:
the governing body hears of "compliance with Ombudsman orders"; the LGSCO publishes each council's share of
recommendations complied with).

Run once a day by the scheduler (`jobs.py`). A remedy not yet done whose due date is
today or within PUTRIGHT_OMBUDSMAN_DUE_SOON_WORKING_DAYS working days (default 5), and our reply to an ombudsman's
enquiry not yet sent whose due date is within that window or has passed, are sent to:
- the case's lead officer, or whoever recorded the referral when the case has none;
- the complaints team's mailbox (the organisation's complaints email), which liaises with the ombudsman (Code 4.1).

Each alert is an outbox email with a once-only key (remedy or referral, recipient, day): a second run on the same day
records nothing more, and the warning repeats each working day until the remedy is recorded as done or its date
passes, or until our reply is recorded as sent (an overdue reply is still owed, so it keeps being named).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.cases.access import can_see
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    record_alert,
)
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.ombudsman.selectors import remedies_due_between, replies_due_by
from putright.organisation.models import Organisation
from putright.organisation.selectors import current_organisation
from putright.procedures.selectors import calendar_for, due_soon_limit

logger = logging.getLogger(__name__)

REMEDY_DUE_SOON = "ombudsman_remedy_due"
REPLY_DUE = "ombudsman_reply_due"


@dataclass
class RemedyAlertRun:
    """What one run recorded; `already` counts alerts an earlier run had recorded today."""

    recorded: int = 0
    replies: int = 0  # of `recorded`, those about our reply to an ombudsman's enquiry
    already: int = 0
    nobody: int = 0  # remedies with no one to tell (no owner with an email address and no mailbox)
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.recorded} ombudsman alert(s) recorded ({self.replies} about replies due); "
            f"{self.already} already sent"
        )
        if self.nobody:
            text += f"; {self.nobody} with nobody to tell"
        return text + (f"; failed for {', '.join(self.failed)}" if self.failed else "")


def _owner(referral: OmbudsmanReferral) -> Recipient | None:
    """The case's lead officer, or failing them whoever recorded the referral: the first who is active, has an
    email address and may open the case (a restricted social care case stays with those allowed to see it)."""
    case = referral.case
    candidates = (
        (case.lead_officer, "You are the lead officer on the case."),
        (referral.created_by, "You recorded the referral to the ombudsman."),
    )
    for user, why in candidates:
        recipient = person_recipient(user, why)
        if recipient is not None and user is not None and can_see(user, case):
            return recipient
    return None


def recipients_for(referral: OmbudsmanReferral, organisation: Organisation) -> list[Recipient]:
    """The referral's owner and the complaints team's mailbox, each once."""
    found = [owner] if (owner := _owner(referral)) is not None else []
    mailbox = mailbox_recipient(organisation, "The complaints team liaises with the ombudsman.")
    if mailbox is not None and all(recipient.destination.address != mailbox.key for recipient in found):
        found.append(mailbox)
    return found


def _context(remedy: OmbudsmanRemedy, organisation: Organisation, today: date) -> dict[str, Any]:
    referral = remedy.referral
    case = referral.case
    calendar = calendar_for(organisation)
    return {
        "reference": case.reference,
        "ombudsman_name": referral.get_ombudsman_display(),
        "ombudsman_reference": referral.ombudsman_reference,
        "remedy_kind": remedy.get_kind_display(),
        "description": remedy.description,
        "due_date": remedy.due_date,
        "is_due_today": remedy.due_date == today,
        "working_days_left": calendar.working_days_between(today, remedy.due_date),
        "lead_officer_name": str(case.lead_officer) if case.lead_officer else "nobody",
        "referral_url": settings.PUTRIGHT_SITE_URL + reverse("ombudsman:case", args=[case.reference]),
    }


def send_remedy_alerts(*, today: date, working_days: int | None = None) -> RemedyAlertRun:
    """Record today's warnings for ombudsman remedies due within the warning window; sent after each commits."""
    organisation = current_organisation()
    calendar = calendar_for(organisation)
    result = RemedyAlertRun()
    if not calendar.is_working_day(today):
        return result  # nobody is at work to act on it; the next working day's run warns again
    days = settings.PUTRIGHT_OMBUDSMAN_DUE_SOON_WORKING_DAYS if working_days is None else working_days
    last = due_soon_limit(today, calendar, days)
    for remedy in remedies_due_between(today, last):
        recipients = recipients_for(remedy.referral, organisation)
        if not recipients:
            logger.warning("Nobody to warn that ombudsman remedy %s is due", remedy.pk)
            result.nobody += 1
            continue
        for recipient in recipients:
            recorded = record_alert(
                about=f"the ombudsman remedy alert for remedy {remedy.pk}",
                key=f"{REMEDY_DUE_SOON}:{remedy.pk}:{recipient.key}:{today}",
                template=REMEDY_DUE_SOON,
                recipient=recipient,
                case=remedy.referral.case,
                context=partial(_context, remedy, organisation, today),
                organisation=organisation,
            )
            if recorded is Recorded.FAILED:
                result.failed.append(remedy.referral.case.reference)
            elif recorded is Recorded.ALREADY:
                result.already += 1
            else:
                result.recorded += 1
    _send_reply_alerts(result, organisation, today, last)
    return result


def _reply_context(referral: OmbudsmanReferral, organisation: Organisation, today: date) -> dict[str, Any]:
    case = referral.case
    due = referral.response_due_date or today
    calendar = calendar_for(organisation)
    return {
        "reference": case.reference,
        "ombudsman_name": referral.get_ombudsman_display(),
        "ombudsman_reference": referral.ombudsman_reference,
        "due_date": due,
        "is_due_today": due == today,
        "is_overdue": due < today,
        "working_days": calendar.working_days_between(due, today)
        if due < today
        else calendar.working_days_between(today, due),
        "lead_officer_name": str(case.lead_officer) if case.lead_officer else "nobody",
        "referral_url": settings.PUTRIGHT_SITE_URL + reverse("ombudsman:case", args=[case.reference]),
    }


def _send_reply_alerts(result: RemedyAlertRun, organisation: Organisation, today: date, last: date) -> None:
    """Warnings for our replies to ombudsman enquiries due by `last` (overdue ones too) and not yet sent."""
    for referral in replies_due_by(last):
        recipients = recipients_for(referral, organisation)
        if not recipients:
            logger.warning("Nobody to warn that the reply on ombudsman referral %s is due", referral.pk)
            result.nobody += 1
            continue
        for recipient in recipients:
            recorded = record_alert(
                about=f"the ombudsman reply alert for referral {referral.pk}",
                key=f"{REPLY_DUE}:{referral.pk}:{recipient.key}:{today}",
                template=REPLY_DUE,
                recipient=recipient,
                case=referral.case,
                context=partial(_reply_context, referral, organisation, today),
                organisation=organisation,
            )
            if recorded is Recorded.FAILED:
                result.failed.append(referral.case.reference)
            elif recorded is Recorded.ALREADY:
                result.already += 1
            else:
                result.recorded += 1
                result.replies += 1


def scheduled_remedy_alerts(now: datetime) -> str:
    """The scheduler's entry point: today's warnings, as one line for the run's record."""
    return str(send_remedy_alerts(today=timezone.localtime(now).date()))
