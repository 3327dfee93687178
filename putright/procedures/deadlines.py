"""Stage deadlines that explain themselves: which rule, counted from which event, which days were skipped.

Pure: callers pass the dates and the calendar (see docs/rules.md §0 and §6 for the rules encoded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from putright.procedures.calendar import SkippedDay, WorkingCalendar, add_months
from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.rules import StageRuleData


@dataclass(frozen=True)
class Deadline:
    due_date: date
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class ExtensionData:
    new_due_date: date
    reason: str
    agreed_with_customer: bool
    granted_on: date


@dataclass(frozen=True)
class StageDeadlines:
    acknowledge_by: Deadline | None
    respond_by: Deadline
    original_respond_by: date
    is_provisional: bool  # the response date waits on an acknowledgement not yet recorded

    @property
    def explanation(self) -> list[str]:
        lines: list[str] = []
        if self.acknowledge_by:
            lines.extend(self.acknowledge_by.explanation)
        lines.extend(self.respond_by.explanation)
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "acknowledge_by": self.acknowledge_by.due_date.isoformat() if self.acknowledge_by else None,
            "respond_by": self.respond_by.due_date.isoformat(),
            "explanation": self.explanation,
        }


def _fmt(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def _skipped_text(skipped: Sequence[SkippedDay]) -> str:
    if not skipped:
        return "no days skipped"
    return "days not counted: " + "; ".join(day.describe() for day in skipped)


def _count_from(calendar: WorkingCalendar, rule: StageRuleData, start: date) -> date:
    """The day-0 anchor for counting: `start` itself, or the day before when the start day counts as day 1."""
    if rule.receipt_day_is_day_zero or not calendar.is_working_day(start):
        return start
    return start - timedelta(days=1)


def add_working_days_explained(
    calendar: WorkingCalendar, rule: StageRuleData, start: date, days: int
) -> tuple[date, list[SkippedDay]]:
    return calendar.add_working_days(_count_from(calendar, rule, start), days)


def stage_deadlines(
    rule: StageRuleData,
    *,
    received: date,
    acknowledged: date | None,
    calendar: WorkingCalendar,
    extensions: Sequence[ExtensionData] = (),
) -> StageDeadlines:
    """When the stage must be acknowledged and answered, and why.

    `received` is the day the stage's clock starts: receipt of the complaint for stage 1, receipt of the
    escalation request for later stages.
    """
    title = f"{rule.procedure_name}, stage {rule.stage_number} ({rule.stage_name})"
    day_zero = "day 0" if rule.receipt_day_is_day_zero else "day 1 if it is a working day"
    ack_deadline: Deadline | None = None
    if rule.acknowledge_working_days is not None:
        ack_date, skipped = add_working_days_explained(calendar, rule, received, rule.acknowledge_working_days)
        ack_deadline = Deadline(
            ack_date,
            (
                f"{title}: received on {_fmt(received)} ({day_zero}).",
                f"Acknowledge by {_fmt(ack_date)}: {rule.acknowledge_working_days} working days after receipt; "
                f"{_skipped_text(skipped)}.",
            ),
        )
    lines: list[str] = [] if ack_deadline else [f"{title}: received on {_fmt(received)} ({day_zero})."]
    is_provisional = False
    start = received
    start_text = "receipt"
    if rule.respond_from == ClockStart.ACKNOWLEDGEMENT and ack_deadline is not None:
        if acknowledged is not None:
            start = acknowledged
            start_text = f"acknowledgement on {_fmt(acknowledged)}"
        else:
            start = ack_deadline.due_date
            is_provisional = True
            start_text = (
                f"the latest acknowledgement date allowed ({_fmt(start)}), because the acknowledgement is not yet "
                "recorded; the date moves earlier when it is"
            )
    original = _respond_date(rule, calendar, start, start_text, lines)
    if rule.source:
        lines.append(f"Rule: {rule.source}.")
    due = original
    for extension in extensions:
        agreed = "agreed with the customer" if extension.agreed_with_customer else "not agreed with the customer"
        moved = calendar.working_days_between(due, extension.new_due_date)
        lines.append(
            f"Extended on {_fmt(extension.granted_on)} from {_fmt(due)} to {_fmt(extension.new_due_date)} "
            f"({moved} working days; {agreed}): {extension.reason}"
        )
        due = extension.new_due_date
    return StageDeadlines(
        acknowledge_by=ack_deadline,
        respond_by=Deadline(due, tuple(lines)),
        original_respond_by=original,
        is_provisional=is_provisional,
    )


def _respond_date(
    rule: StageRuleData, calendar: WorkingCalendar, start: date, start_text: str, lines: list[str]
) -> date:
    if rule.respond_unit == DurationUnit.WORKING_DAYS:
        due, skipped = add_working_days_explained(calendar, rule, start, rule.respond_amount)
        lines.append(
            f"Respond by {_fmt(due)}: {rule.respond_amount} working days after {start_text}; {_skipped_text(skipped)}."
        )
        return due
    if rule.respond_unit == DurationUnit.MONTHS:
        due = add_months(start, rule.respond_amount)
        lines.append(
            f"Respond by {_fmt(due)}: {rule.respond_amount} months after {start_text} (a calendar period, so "
            "weekends and bank holidays are not skipped; a longer period may be agreed before it ends)."
        )
        return due
    due = start + timedelta(days=rule.respond_amount)
    lines.append(f"Respond by {_fmt(due)}: {rule.respond_amount} calendar days after {start_text}.")
    return due


def extension_working_days(calendar: WorkingCalendar, original_due: date, new_due: date) -> int:
    """How many working days an extension adds beyond the stage's original response date."""
    return calendar.working_days_between(original_due, new_due)


def escalation_closes_on(
    *,
    amount: int | None,
    unit: DurationUnit,
    responded: date,
    calendar: WorkingCalendar,
) -> date | None:
    """The last day the customer may ask for the next stage, or None when there is no limit."""
    if amount is None:
        return None
    if unit == DurationUnit.WORKING_DAYS:
        return calendar.add_working_days(responded, amount)[0]
    if unit == DurationUnit.MONTHS:
        return add_months(responded, amount)
    return responded + timedelta(days=amount)


def working_days_until(calendar: WorkingCalendar, today: date, due: date) -> int:
    """Working days from today to the due date; negative when overdue (by working days passed)."""
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)
