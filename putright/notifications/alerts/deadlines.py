"""Staff alerts and the daily digest: what is due soon, what is overdue, and what has stayed overdue too long.

Run once a day by the scheduler (`jobs.py`). Every alert is an outbox email, so it is retried and never lost,
and carries a once-only key (case, recipient, kind, day), so a second run on the same day records nothing more.

- due soon: something is due within PUTRIGHT_DUE_SOON_WORKING_DAYS working days -> the lead officer and the
  managers of their team;
- overdue: the due date has passed -> the same people, each day until it is dealt with;
- escalation: overdue by more than PUTRIGHT_ESCALATE_AFTER_WORKING_DAYS working days -> the heads of service of the
  case's service, once per missed date.

With nobody to tell (no lead officer, no email address, no head of service), the alert goes to the organisation's
complaints mailbox rather than nowhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from itertools import groupby
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.audit.models import AccessLogEntry
from putright.cases.models import Case
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import sending_together
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    queue_staff_email_once,
    record_alert,
)
from putright.notifications.selectors import (
    heads_of_service_by_service,
    managers_by_team,
    open_cases_due_by,
    open_cases_led_by_active_staff,
)
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation
from putright.organisation.signals import RestrictedAccessChange
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.selectors import calendar_for, due_soon_limit

logger = logging.getLogger(__name__)

DUE_SOON, OVERDUE, ESCALATION = "staff_due_soon", "staff_overdue", "staff_escalation"


# --- policy arithmetic (pure: dates in, dates out) ---------------------------------------------------------------


def escalation_cutoff(today: date, calendar: WorkingCalendar, working_days: int) -> date:
    """The latest due date that is more than `working_days` working days behind `today`.

    A case due on day D is `calendar.working_days_between(D, today)` working days overdue; walking back from today,
    the count passes `working_days` at the cutoff.
    """
    day, overdue_by = today, 0
    while overdue_by <= working_days:
        if calendar.is_working_day(day):
            overdue_by += 1
        day -= timedelta(days=1)
    return day


# --- recipients ---------------------------------------------------------------------------------------------------


def officer_for(case: Case) -> User | None:
    """Who answers for the case day to day: its lead officer, else the handler of its current stage."""
    stage = case.current_stage
    return case.lead_officer or (stage.handler if stage else None)


@dataclass
class AlertRun:
    """What one run recorded; `already` counts alerts an earlier run had recorded (so were not sent again)."""

    due_soon: int = 0
    overdue: int = 0
    escalations: int = 0
    already: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.due_soon} due soon, {self.overdue} overdue, {self.escalations} escalation(s) recorded"
        text += f"; {self.already} already sent"
        return text + (f"; failed for {', '.join(self.failed)}" if self.failed else "")


class Alerter:
    """One run's state: the calendar, the dates and everyone who might be told, each looked up once."""

    def __init__(self, today: date, cases: list[Case]) -> None:
        self.today = today
        self.organisation = current_organisation()
        self.mailbox = mailbox_recipient(self.organisation)
        officers = [officer_for(case) for case in cases]
        self.managers = managers_by_team(officer.team_id for officer in officers if officer and officer.team_id)
        self.heads = heads_of_service_by_service(case.service_area_id for case in cases)

    def team_recipients(self, case: Case) -> list[Recipient]:
        officer = officer_for(case)
        found = [person_recipient(officer, "You are the lead officer.")]
        if officer is not None and officer.team_id is not None:
            found += [
                person_recipient(manager, "You manage the lead officer's team.")
                for manager in self.managers.get(officer.team_id, [])
                if manager.pk != officer.pk
            ]
        return self._or_mailbox(found)

    def head_recipients(self, case: Case) -> list[Recipient]:
        found = [
            person_recipient(head, "You are the head of service.") for head in self.heads.get(case.service_area_id, [])
        ]
        return self._or_mailbox(found)

    def _or_mailbox(self, found: list[Recipient | None]) -> list[Recipient]:
        people = [recipient for recipient in found if recipient is not None]
        if people:
            return people
        return [self.mailbox] if self.mailbox else []

    def context(self, case: Case) -> dict[str, Any]:
        due = case.next_due_date or self.today
        officer = officer_for(case)
        calendar = calendar_for(self.organisation)
        return {
            "reference": case.reference,
            "case_title": case.title,
            "service_name": case.service_area.name,
            "due_label": case.next_due_label or "Next step",
            "due_date": due,
            "working_days_overdue": calendar.working_days_between(due, self.today),
            "lead_officer_name": str(officer) if officer else "nobody",
            "case_url": settings.PUTRIGHT_SITE_URL + reverse("cases:detail", args=[case.reference]),
        }


def _alerts_for(case: Case, today: date, soon: date, cutoff: date, alerter: Alerter) -> Iterator[tuple[str, Recipient]]:
    due = case.next_due_date
    if due is None:
        return
    if due < today:
        for recipient in alerter.team_recipients(case):
            yield OVERDUE, recipient
        if due <= cutoff:
            for recipient in alerter.head_recipients(case):
                yield ESCALATION, recipient
    elif due <= soon:
        for recipient in alerter.team_recipients(case):
            yield DUE_SOON, recipient


def _dedupe_key(kind: str, case: Case, recipient: Recipient, today: date) -> str:
    # Due-soon and overdue alerts repeat daily; an escalation goes once for each missed date.
    when = case.next_due_date if kind == ESCALATION else today
    return f"{kind}:{case.pk}:{recipient.key}:{when}"


def send_staff_alerts(*, today: date) -> AlertRun:
    """Record today's due-soon, overdue and escalation alerts; they are sent after each commits."""
    organisation = current_organisation()
    calendar = calendar_for(organisation)
    if not calendar.is_working_day(today):
        return AlertRun()  # nobody is at work to act on them; Monday's run reports the weekend's changes
    soon = due_soon_limit(today, calendar)
    cutoff = escalation_cutoff(today, calendar, settings.PUTRIGHT_ESCALATE_AFTER_WORKING_DAYS)
    cases = list(open_cases_due_by(soon))
    alerter = Alerter(today, cases)
    planned = [
        (kind, case, recipient, _dedupe_key(kind, case, recipient, today))
        for case in cases
        for kind, recipient in _alerts_for(case, today, soon, cutoff, alerter)
    ]
    # One read for the keys already used, so a second run does not render what it would not record.
    keys = [key for *_, key in planned]
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        existing.update(OutboundMessage.objects.filter(dedupe_key__in=batch).values_list("dedupe_key", flat=True))
    result = AlertRun()
    with sending_together():  # one task sends the day's alerts over one connection
        for kind, case, recipient, key in planned:
            if key in existing:
                result.already += 1
                continue
            recorded = record_alert(
                about=f"the {kind} alert for {case.reference}",
                key=key,
                template=kind,
                recipient=recipient,
                case=case,
                context=partial(alerter.context, case),
                organisation=alerter.organisation,
            )
            if recorded is Recorded.FAILED:
                result.failed.append(case.reference)
            elif recorded is Recorded.ALREADY:
                result.already += 1
            elif kind == DUE_SOON:
                result.due_soon += 1
            elif kind == OVERDUE:
                result.overdue += 1
            else:
                result.escalations += 1
    return result


def send_daily_digests(*, today: date) -> int:
    """One email a day to each lead officer listing their open cases, most urgent first. Returns how many."""
    organisation = current_organisation()
    calendar = calendar_for(organisation)
    if not calendar.is_working_day(today):
        return 0
    soon = due_soon_limit(today, calendar)
    with sending_together():  # one task sends the digests over one connection
        return _record_digests(organisation, today, soon)


def _record_digests(organisation: Organisation, today: date, soon: date) -> int:
    recorded = 0
    for officer, group in groupby(open_cases_led_by_active_staff(), key=lambda case: case.lead_officer):
        recipient = person_recipient(officer, "")
        if recipient is None:
            continue
        rows = [
            {
                "reference": case.reference,
                "title": case.title,
                "due_label": case.next_due_label,
                "due_date": case.next_due_date,
                "flag": _flag(case.next_due_date, today, soon),
            }
            for case in group
        ]
        context = {
            "reference": "",
            "today": today,
            "cases": rows,
            "overdue_count": sum(row["flag"] == "OVERDUE" for row in rows),
            "due_soon_count": sum(row["flag"] == "DUE SOON" for row in rows),
            "queue_url": settings.PUTRIGHT_SITE_URL + reverse("cases:my_cases"),
        }
        outcome = record_alert(
            about=f"the digest for {officer}",
            key=f"staff_digest:{recipient.key}:{today}",
            template="staff_digest",
            recipient=recipient,
            case=None,
            context=context,
            organisation=organisation,
        )
        recorded += outcome is Recorded.RECORDED
    return recorded


def _flag(due: date | None, today: date, soon: date) -> str:
    if due is None:
        return ""
    if due < today:
        return "OVERDUE"
    return "DUE SOON" if due <= soon else ""


# --- access to every restricted case ------------------------------------------------------------------------------


def restricted_access_changed(change: RestrictedAccessChange) -> int:
    """Subscribed to `organisation.signals.RESTRICTED_ACCESS_CHANGED` (the staff admin page)."""
    return record_restricted_access_change(user=change.user, changed_by=change.changed_by, granted=change.granted)


def record_restricted_access_change(*, user: User, changed_by: User, granted: bool) -> int:
    """Record that `changed_by` gave (or took away) `user`'s "may see all restricted cases", and tell the other
    administrators by email (the complaints mailbox when there are none). Returns how many were told."""
    entry = AccessLogEntry.objects.create(
        user=changed_by,
        object_type="user",
        object_reference=str(user.pk),
        action="grant_restricted" if granted else "revoke_restricted",
    )
    organisation = current_organisation()
    others = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(pk__in=[changed_by.pk, user.pk])
    recipients = [r for r in (person_recipient(u, "You are an administrator.") for u in others) if r is not None]
    if not recipients:
        mailbox = mailbox_recipient(organisation)
        recipients = [mailbox] if mailbox is not None else []
    if not recipients:
        logger.warning("Nobody could be told that %s changed restricted access for %s", changed_by, user)
    for recipient in recipients:
        queue_staff_email_once(
            key=f"staff_restricted_access:{entry.pk}:{recipient.key}",
            template="staff_restricted_access",
            recipient=recipient,
            case=None,
            context={
                "changed_by_name": str(changed_by),
                "user_name": str(user),
                "username": user.username,
                "granted": granted,
                "changed_at": timezone.localtime(),
            },
            organisation=organisation,
        )
    return len(recipients)
