"""What the top of the case page says: what is due on the case and the action an officer most likely takes next.

Both are read from the case as it stands (its status, open stage, contributions, remedies and waiting customer
requests); nothing here writes. The page still offers every action the status allows: this only picks one to
put first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.text import Truncator

from putright.cases.choices import CaseStatus
from putright.cases.models import Case, Contribution, CustomerRequest, Remedy
from putright.cases.page_contents import PageContents


@dataclass(frozen=True)
class DueItem:
    """One thing due on the case: what, by when, and whether that day has passed."""

    what: str
    due: date | None
    overdue: bool


# Other apps' dates on the case for "What is due": each source gives (case, today) its items. The ombudsman app
# adds the reply owed to an ombudsman's enquiry in its AppConfig.ready() (this app sits below it).
DueSource = Callable[[Case, date], list[DueItem]]
# Each source with the case page's section (`page_contents.add_section`) whose rows it reads, if it names one.
_due_sources: dict[DueSource, str | None] = {}


def add_due_source(source: DueSource, section: str | None = None) -> None:
    """`section`: the page's section (`page_contents.add_section`) the source reads; not asked when it has none."""
    _due_sources.setdefault(source, section)


@dataclass(frozen=True)
class NextAction:
    """The action most likely next: the action page's slug, the button's words and why it is suggested."""

    slug: str
    label: str
    why: str


def due_items(
    case: Case,
    stages: list[Any],
    contributions: list[Contribution],
    requests: list[CustomerRequest],
    today: date,
    *,
    answered_together: bool,
    has: PageContents | None = None,
) -> list[DueItem]:
    """Everything still to be done on the case with a date, soonest first (undated remedies last). A part answered
    together (`split_parts.answered_with`) owes no acknowledgement of its own: it is acknowledged with the case that
    answers it. `has`: the page's `page_contents`, so an other app's source with no rows for the case is not asked."""
    items: list[DueItem] = []
    for request in requests:  # waiting requests always have a due date (CustomerRequest.objects.waiting())
        due = request.due_date or today
        items.append(DueItem(f"Customer waiting: {request.due_label.lower()}", due, due < today))
    for stage in stages:
        if stage.pk != case.current_stage_id or stage.responded_date or stage.status != "open":
            continue
        if stage.acknowledge_due_date and not stage.acknowledged_date and not answered_together:
            due = stage.acknowledge_due_date
            items.append(DueItem(f"Acknowledge stage {stage.number}", due, due < today))
        if stage.panel_meeting_due_date and not stage.panel_met_on:
            due = stage.panel_meeting_due_date
            items.append(DueItem(f"Review panel to meet (stage {stage.number})", due, due < today))
        items.append(
            DueItem(f"Respond to stage {stage.number}", stage.response_due_date, stage.response_due_date < today)
        )
    for contribution in contributions:
        if contribution.is_outstanding:
            items.append(
                DueItem(
                    f"Contribution from {contribution.service_area.name}",
                    contribution.due_date,
                    contribution.is_overdue_on(today),
                )
            )
    for stage in stages:
        remedy: Remedy
        for remedy in stage.remedies.all():
            if remedy.completed_date is None:
                what = f"Remedy: {Truncator(remedy.description).chars(60)}"
                items.append(DueItem(what, remedy.due_date, remedy.is_overdue_on(today)))
    for source, section in _due_sources.items():
        if section is None or has is None or has.shows(section):
            items.extend(source(case, today))
    return sorted(items, key=lambda item: (item.due is None, item.due or today))


@dataclass(frozen=True)
class LateReply:
    """The current stage's acknowledgement or response date has passed: the customer is owed an apology and a new
    date."""

    stage_number: int
    what: str  # "acknowledgement" or "response" (`Stage.late_step`)
    response_due: date  # the date that passed
    new_date: date | None  # the new date given to the customer, while it is still ahead


def late_reply(case: Case, stages: list[Any], today: date, *, answered_together: bool) -> LateReply | None:
    """The open stage whose acknowledgement or response is late, if it is (the case page then asks the handler for
    a new date). A part answered together (`split_parts.answered_with`) owes nothing of its own: its lead's is the
    one that can be late."""
    if not case.is_open or answered_together:
        return None
    for stage in stages:
        if stage.pk == case.current_stage_id and (late := stage.late_step(today)):
            passed = stage.acknowledge_due_date if late == "acknowledgement" else stage.response_due_date
            return LateReply(stage.number, late, passed, stage.expected_reply_on(today))
    return None


def next_action(case: Case, allowed: set[str], requests: list[CustomerRequest]) -> NextAction | None:
    """The status action an officer most likely takes next, if the case's status allows one."""
    if "escalate" in allowed and any(request.kind == "escalation" for request in requests):
        return NextAction("escalate", "Escalate", "The customer has asked for the next stage.")
    status = case.status
    if "acknowledge" in allowed and status in (CaseStatus.RECEIVED, CaseStatus.ESCALATED):
        return NextAction("acknowledge", "Acknowledge", "Not yet acknowledged.")
    if "start_investigation" in allowed:
        return NextAction("start-investigation", "Start investigation", "Acknowledged; not yet being investigated.")
    if "respond" in allowed and status == CaseStatus.INVESTIGATING:
        return NextAction("respond", "Record response", "Under investigation; the response is next.")
    if "close" in allowed:
        if status == CaseStatus.RESPONDED:
            return NextAction("close", "Close", "Responded; close it once the customer has no more to ask.")
        return NextAction("close", "Close", "Record it and close it: it has no procedure to follow.")
    return None
