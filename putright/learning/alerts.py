"""Chasing learning actions past their due date, so service improvements are tracked to completion (Code 9.1
and 9.3: look beyond the case for improvements and report them; Code 8.1: the annual report lists the improvements
made).

Run once a day by the scheduler (`jobs.py`). Each open action past its due date is sent
to its owner and the managers of the owner's team; with none of them reachable, to the complaints team's mailbox.
Each alert is an outbox email with a once-only key (action, recipient, day): a second run on the same day records
nothing more, and the alert repeats each working day until the action is done or cancelled.

The email names the action, its service and dates, but no case: an action can come from restricted cases, and a
manager may not be allowed to open them.
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

from putright.learning.models import LearningAction
from putright.learning.selectors import overdue_actions_to_chase
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    record_alert,
)
from putright.notifications.selectors import managers_by_team
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation
from putright.procedures.selectors import calendar_for

logger = logging.getLogger(__name__)

ACTION_OVERDUE = "learning_action_overdue"


@dataclass
class LearningAlertRun:
    """What one run recorded; `already` counts alerts an earlier run had recorded today."""

    recorded: int = 0
    already: int = 0
    nobody: int = 0  # actions with no one to tell
    failed: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.recorded} overdue learning action alert(s) recorded; {self.already} already sent"
        if self.nobody:
            text += f"; {self.nobody} with nobody to tell"
        return text + (f"; failed for action(s) {', '.join(map(str, self.failed))}" if self.failed else "")


def recipients_for(
    action: LearningAction, managers: dict[int, list[User]], organisation: Organisation
) -> list[Recipient]:
    """The owner and the managers of the owner's team; the complaints team's mailbox when none can be emailed."""
    owner = action.owner
    found = [person_recipient(owner, "You own this learning action.")]
    if owner.team_id is not None:
        found += [
            person_recipient(manager, "You manage the action's owner.")
            for manager in managers.get(owner.team_id, [])
            if manager.pk != owner.pk
        ]
    people = [recipient for recipient in found if recipient is not None]
    if people:
        return people
    why = "Nobody else could be told: the owner and their manager have no email address."
    return [mailbox] if (mailbox := mailbox_recipient(organisation, why)) is not None else []


def _context(action: LearningAction, organisation: Organisation, today: date) -> dict[str, Any]:
    return {
        "reference": "",
        "title": action.title,
        "service_name": action.service_area.name if action.service_area else "",
        "owner_name": str(action.owner),
        "due_date": action.due_date,
        "working_days_overdue": calendar_for(organisation).working_days_between(action.due_date, today),
        "learning_url": settings.PUTRIGHT_SITE_URL + reverse("learning:list"),
    }


def send_overdue_action_alerts(*, today: date) -> LearningAlertRun:
    """Record today's alerts for learning actions past their due date; sent after each commits."""
    organisation = current_organisation()
    result = LearningAlertRun()
    if not calendar_for(organisation).is_working_day(today):
        return result  # nobody is at work to act on it; the next working day's run chases again
    actions = list(overdue_actions_to_chase(today))
    managers = managers_by_team(action.owner.team_id for action in actions if action.owner.team_id)
    for action in actions:
        recipients = recipients_for(action, managers, organisation)
        if not recipients:
            logger.warning("Nobody to tell that learning action %s is overdue", action.pk)
            result.nobody += 1
            continue
        for recipient in recipients:
            recorded = record_alert(
                about=f"the overdue alert for learning action {action.pk}",
                key=f"{ACTION_OVERDUE}:{action.pk}:{recipient.key}:{today}",
                template=ACTION_OVERDUE,
                recipient=recipient,
                case=None,
                context=partial(_context, action, organisation, today),
                organisation=organisation,
            )
            if recorded is Recorded.FAILED:
                result.failed.append(action.pk)
            elif recorded is Recorded.ALREADY:
                result.already += 1
            else:
                result.recorded += 1
    return result


def scheduled_overdue_action_alerts(now: datetime) -> str:
    """The scheduler's entry point: today's alerts, as one line for the run's record."""
    return str(send_overdue_action_alerts(today=timezone.localtime(now).date()))
