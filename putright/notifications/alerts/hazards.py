"""Warnings before an Awaab's Law step is missed (docs/rules-deadlines.md, "Hazards in social housing").

Run every 15 minutes by the scheduler (`jobs.py`), on every day: an emergency's 24 hours run through nights,
weekends and bank holidays. A step not done is sent
- when it comes due soon: 6 hours before an emergency step; from the start of the working day before a
  significant hazard's step;
- when it is overdue, once a day until it is recorded as done;
to the hazard's owner team (each active member with an email address who may open the case) and to whoever
answers for the case, or, with nobody to tell, to the complaints mailbox.

Each email is an outbox row with a once-only key, so a second run records nothing more; a step re-dated (the
investigation ended early) warns again for its new date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from putright.cases.access import can_see
from putright.cases.hazards.models import HazardMilestone
from putright.cases.hazards.selectors import StepState, state_of, steps_to_warn_about
from putright.notifications.alerts.deadlines import officer_for
from putright.notifications.outbound.services import sending_together
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    record_alert,
)
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation

HAZARD_DUE = "staff_hazard_due"


@dataclass
class HazardAlertRun:
    due_soon: int = 0
    overdue: int = 0
    already: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.due_soon} hazard step(s) due soon, {self.overdue} overdue; {self.already} already sent"
        return text + (f"; failed for {', '.join(self.failed)}" if self.failed else "")


def recipients_for(milestone: HazardMilestone, organisation: Organisation) -> list[Recipient]:
    """The owner team's members and the case's officer, each once, if they may open the case; else the mailbox."""
    hazard = milestone.hazard
    case = hazard.case
    found: dict[str, Recipient] = {}
    team_members: list[User] = list(hazard.owner_team.members.all()) if hazard.owner_team else []
    candidates: list[tuple[User | None, str]] = [
        (member, f"Your team, {hazard.owner_team}, owns this hazard.") for member in team_members
    ]
    candidates.append((officer_for(case), "You answer for the complaint the hazard was reported in."))
    for user, why in candidates:
        recipient = person_recipient(user, why)
        if recipient is not None and user is not None and can_see(user, case):
            found.setdefault(recipient.key, recipient)
    if found:
        return list(found.values())
    mailbox = mailbox_recipient(organisation, "Nobody in the owner team could be emailed.")
    return [mailbox] if mailbox else []


def _context(milestone: HazardMilestone, overdue: bool) -> dict[str, Any]:
    hazard = milestone.hazard
    case = hazard.case
    return {
        "reference": case.reference,
        "hazard": f"{hazard.get_severity_display()}: {hazard.get_kind_display()}",
        "description": hazard.description,
        "step": milestone.label,
        "due_at": timezone.localtime(milestone.due_at),
        "due_is_date": milestone.due_is_date,
        "is_overdue": overdue,
        "explanation": milestone.explanation,
        "case_url": settings.PUTRIGHT_SITE_URL + reverse("cases:detail", args=[case.reference]),
    }


def send_hazard_alerts(*, now: datetime) -> HazardAlertRun:
    """Record the warnings due at `now`; each is sent after it commits."""
    organisation = current_organisation()
    result = HazardAlertRun()
    today = timezone.localtime(now).date()
    with sending_together():
        for milestone in steps_to_warn_about(now):
            state = state_of(milestone, now)
            if state not in (StepState.DUE_SOON, StepState.OVERDUE):
                continue
            overdue = state == StepState.OVERDUE
            when = f"overdue:{today}" if overdue else f"soon:{milestone.due_at.isoformat()}"
            for recipient in recipients_for(milestone, organisation):
                recorded = record_alert(
                    about=f"the hazard alert for step {milestone.pk}",
                    key=f"{HAZARD_DUE}:{milestone.pk}:{when}:{recipient.key}",
                    template=HAZARD_DUE,
                    recipient=recipient,
                    case=milestone.hazard.case,
                    context=partial(_context, milestone, overdue),
                    organisation=organisation,
                )
                if recorded is Recorded.FAILED:
                    result.failed.append(milestone.hazard.case.reference)
                elif recorded is Recorded.ALREADY:
                    result.already += 1
                elif overdue:
                    result.overdue += 1
                else:
                    result.due_soon += 1
    return result


def scheduled_hazard_alerts(now: datetime) -> str:
    return str(send_hazard_alerts(now=now))
