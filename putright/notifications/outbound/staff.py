"""Emails to staff: who gets one and why, and recording each at most once.

Every staff email (an alert, a reminder, a piece of work given to someone) goes to a `Recipient`, a member of staff
who can be emailed or else the complaints team's mailbox, with a sentence saying why they get it. Each is recorded
with `queue_staff_email_once` under a once-only key the caller builds from what the email is about, so a scheduled job
that runs twice (or two workers racing) records it once, and it is sent after the surrounding transaction commits.
A scheduled job recording many alerts uses `record_alert`, so one failure is logged and stops none of the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from putright.cases.models import Case
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import Destination, complaints_team, queue_message_once
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    key: str  # stable identity for the once-only key: a user's id, or the mailbox address
    destination: Destination
    why: str  # "You are the lead officer." ...


def mailbox_recipient(organisation: Organisation, why: str = "No one else could be told.") -> Recipient | None:
    """The complaints team's mailbox, if the organisation has one."""
    destination = complaints_team()
    return Recipient(destination.address, destination, why) if destination else None


def person_recipient(user: User | None, why: str) -> Recipient | None:
    """A member of staff who can be emailed (active, with an address), or None."""
    if user is None or not user.is_active or not user.email:
        return None
    return Recipient(f"user{user.pk}", Destination(MessageChannel.EMAIL, str(user), user.email), why)


def queue_staff_email_once(
    *,
    key: str,
    template: str,
    recipient: Recipient,
    case: Case | None,
    context: dict[str, Any],
    organisation: Organisation | None = None,
) -> OutboundMessage | None:
    """Record an English email to `recipient` unless one with this once-only `key` was recorded before (then None).

    The context every staff email shares (the organisation's name, the recipient's name, why they get it) is added
    to `context`. Pass `organisation` when the caller has it already: outside a web request it is read afresh
    each time, and a job recording many emails need not read it for each.
    """
    if organisation is None:
        organisation = current_organisation()
    return queue_message_once(
        dedupe_key=key,
        case=case,
        template_name=template,
        destination=recipient.destination,
        language=MessageLanguage.ENGLISH,
        context={
            "organisation_name": organisation.name,
            "recipient_name": recipient.destination.name,
            "why": recipient.why,
            **context,
        },
    )


class Recorded(Enum):
    """What became of one alert: recorded now, recorded by an earlier run, or failed (logged)."""

    RECORDED = "recorded"
    ALREADY = "already"
    FAILED = "failed"


def record_alert(
    *,
    about: str,
    key: str,
    template: str,
    recipient: Recipient,
    case: Case | None,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    organisation: Organisation | None = None,
) -> Recorded:
    """`queue_staff_email_once` for one of many alerts: a failure is logged as "Could not record <about>" (e.g.
    "the staff_overdue alert for C-1") and returned as FAILED, so it stops none of the rest. `context` may be a
    function that works the context out: a failure there is one alert's failure too."""
    try:
        message = queue_staff_email_once(
            key=key,
            template=template,
            recipient=recipient,
            case=case,
            context=context() if callable(context) else context,
            organisation=organisation,
        )
    except Exception:
        logger.exception("Could not record %s", about)
        return Recorded.FAILED
    return Recorded.ALREADY if message is None else Recorded.RECORDED
