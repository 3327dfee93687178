"""Stage deadlines that explain themselves: which rule, counted from which event, which days were skipped.

Pure: callers pass the dates and the calendar (see docs/rules.md §0 and §6 for the rules encoded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from putright.procedures.calendar import SkippedDay, WorkingCalendar, add_months, last_day_of_months_commencing
from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.rules import StageRuleData

LOCAL_PRACTICE = " (the organisation's own practice, not set by the regulations)"


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
    customer_agreed_on: date | None = None


@dataclass(frozen=True)
class StageDeadlines:
    acknowledge_by: Deadline | None
    respond_by: Deadline
    original_respond_by: date
    is_provisional: bool  # the response date waits on an acknowledgement not yet recorded
    panel_meet_by: Deadline | None = None  # a review panel's meeting (children's social care stage 3)

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


@lru_cache(maxsize=4096)  # deadlines worked out in bulk (lifecycle.history) name the same days again and again
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
    agreed_respond_by: date | None = None,
) -> StageDeadlines:
    """When the stage must be acknowledged and answered, and why.

    `received` is the day the stage's clock starts: receipt of the complaint for stage 1, receipt of the
    escalation request for later stages.
    """
    title = f"{rule.procedure_name}, stage {rule.stage_number}"
    if rule.stage_name.strip() and rule.stage_name.strip().lower() != f"stage {rule.stage_number}":
        title += f" ({rule.stage_name.strip()})"  # a name of its own ("Review panel"), not "Stage 1" again
    day_zero = "day 0" if rule.receipt_day_is_day_zero else "day 1 if it is a working day"
    ack_deadline: Deadline | None = None
    if rule.acknowledge_working_days is not None:
        ack_date, skipped = add_working_days_explained(calendar, rule, received, rule.acknowledge_working_days)
        ack_deadline = Deadline(
            ack_date,
            (
                f"{title}: received on {_fmt(received)} ({day_zero}).",
                f"Acknowledge by {_fmt(ack_date)}: {rule.acknowledge_working_days} working days after receipt"
                f"{LOCAL_PRACTICE if rule.acknowledgement_is_local_practice else ''}; {_skipped_text(skipped)}.",
            ),
        )
    panel: Deadline | None = None
    if rule.panel_meets_within_working_days is not None:
        meet_by, skipped = add_working_days_explained(calendar, rule, received, rule.panel_meets_within_working_days)
        panel = Deadline(
            meet_by,
            (
                f"Review panel to meet by {_fmt(meet_by)}: {rule.panel_meets_within_working_days} working days after "
                f"the request; {_skipped_text(skipped)}.",
            ),
        )
    lines: list[str] = [] if ack_deadline else [f"{title}: received on {_fmt(received)} ({day_zero})."]
    if panel is not None:
        lines.extend(panel.explanation)
    is_provisional = False
    start = received
    start_text = "receipt"
    if rule.respond_from == ClockStart.ACKNOWLEDGEMENT and ack_deadline is not None:
        start, start_text, is_provisional = _response_clock_start(rule, ack_deadline.due_date, acknowledged)
    original = _respond_date(rule, calendar, start, start_text, lines)
    if rule.source:
        lines.append(f"Rule: {rule.source}.")
    if rule.timing_not_confirmed:
        lines.append(f"Not yet confirmed: {rule.timing_not_confirmed}")
    if agreed_respond_by is not None and acknowledged is not None:
        lines.append(
            f"Respond by {_fmt(agreed_respond_by)}: the date agreed with the customer when the complaint was "
            f"acknowledged on {_fmt(acknowledged)}; the period above ({_fmt(original)}) is the backstop"
            f"{'' if agreed_respond_by <= original else ', and this longer period was agreed before it ended'}."
        )
        original = agreed_respond_by
    if rule.cap_is_fixed:
        lines.append(f"No extension beyond that: {rule.extension_cap_fixed_by} {rule.cap_text()}.")
    due = original
    for extension in extensions:
        if extension.granted_on > due:
            # Extensions are agreed before the deadline: one recorded after it leaves the stage late.
            lines.append(
                f"Extension to {_fmt(extension.new_due_date)} recorded on {_fmt(extension.granted_on)}, after the "
                f"response was due ({_fmt(due)}): not counted, so the response stays due {_fmt(due)}."
            )
            break
        lines.append(
            f"Extended on {_fmt(extension.granted_on)} from {_fmt(due)} to {_fmt(extension.new_due_date)} "
            f"({calendar.working_days_between(due, extension.new_due_date)} working days; "
            f"{_agreement_text(extension)}): {extension.reason}"
        )
        due = extension.new_due_date
    return StageDeadlines(
        acknowledge_by=ack_deadline,
        respond_by=Deadline(due, tuple(lines)),
        original_respond_by=original,
        is_provisional=is_provisional,
        panel_meet_by=panel,
    )


def _response_clock_start(rule: StageRuleData, ack_due: date, acknowledged: date | None) -> tuple[date, str, bool]:
    """Where a response counted from the acknowledgement starts: (day, how it is described, provisional?).

    A late acknowledgement buys no time: the clock starts at the acknowledgement but never later than the day
    it was due, unless the procedure version says a late acknowledgement moves the response date.
    """
    if acknowledged is None:
        text = (
            f"the latest acknowledgement date allowed ({_fmt(ack_due)}), because the acknowledgement is not yet "
            "recorded; the date moves earlier when it is"
        )
        return ack_due, text, True
    if acknowledged > ack_due and not rule.late_acknowledgement_delays_response:
        text = (
            f"the day the acknowledgement was due ({_fmt(ack_due)}): it was sent late, on {_fmt(acknowledged)}, "
            "and a late acknowledgement gives no extra time to respond"
        )
        return ack_due, text, False
    return acknowledged, f"acknowledgement on {_fmt(acknowledged)}", False


def _agreement_text(extension: ExtensionData) -> str:
    if not extension.agreed_with_customer:
        return "not agreed with the customer"
    if extension.customer_agreed_on is None:
        return "agreed with the customer"
    return f"agreed with the customer on {_fmt(extension.customer_agreed_on)}"


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
        # "The period of 6 months commencing on the day on which the complaint was received" (SI 2009/309 reg 14):
        # the day of receipt is the period's first day (docs/rules-deadlines.md, "Periods of months").
        due = last_day_of_months_commencing(start, rule.respond_amount)
        lines.append(
            f"Respond by {_fmt(due)}: the last day of {rule.respond_amount} months commencing on the day of "
            f"{start_text} (a calendar period, so weekends and bank holidays are not skipped; a longer period may "
            "be agreed before it ends)."
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


_UNIT_WORDS = {
    DurationUnit.WORKING_DAYS: "working days",
    DurationUnit.CALENDAR_DAYS: "days",
    DurationUnit.MONTHS: "months",
}


def escalation_window(
    *,
    amount: int | None,
    unit: DurationUnit,
    responded: date,
    calendar: WorkingCalendar,
    matter_months: int | None = None,
    matter_date: date | None = None,
    received: date | None = None,
) -> tuple[date | None, str]:
    """The last day to ask for the next stage, and why.

    The SPSO and NIPSO model procedures: `matter_months` (six) from the matter or the customer becoming aware of
    it, or `amount` from this stage's reply, whichever is later. When the matter's date is not recorded the day
    the complaint was received stands in for it: the latest it can be, so the window is never shown closing early.
    """
    by_reply = escalation_closes_on(amount=amount, unit=unit, responded=responded, calendar=calendar)
    if by_reply is None:
        return None, ""
    reply_text = f"{amount} {_UNIT_WORDS[unit]} from the reply on {_fmt(responded)} ({_fmt(by_reply)})"
    if matter_months is None or (matter_date is None and received is None):
        return by_reply, f"May ask for the next stage until {_fmt(by_reply)}: {reply_text}."
    anchor = matter_date or received
    assert anchor is not None
    anchor_text = (
        f"the matter or the customer becoming aware of it on {_fmt(anchor)}"
        if matter_date
        else f"receipt of the complaint on {_fmt(anchor)}, as the date of the matter is not recorded"
    )
    by_matter = add_months(anchor, matter_months)
    closes = max(by_reply, by_matter)
    return closes, (
        f"May ask for the next stage until {_fmt(closes)}: the later of {reply_text} and {matter_months} months "
        f"from {anchor_text} ({_fmt(by_matter)})."
    )


def working_days_until(calendar: WorkingCalendar, today: date, due: date) -> int:
    """Working days from today to the due date; negative when overdue (by working days passed)."""
    if due >= today:
        return calendar.working_days_between(today, due)
    return -calendar.working_days_between(due, today)


@dataclass(frozen=True)
class TimeLimit:
    """Whether a complaint came within the procedure's time limit to complain."""

    months: int
    matter_date: date
    ends_on: date
    received: date

    @property
    def is_late(self) -> bool:
        return self.received > self.ends_on

    @property
    def explanation(self) -> str:
        verdict = "outside" if self.is_late else "within"
        return (
            f"Made on {_fmt(self.received)}, {verdict} the time limit: {self.months} months from the matter or the "
            f"customer becoming aware of it ({_fmt(self.matter_date)}) ends on {_fmt(self.ends_on)}."
        )


def complaint_time_limit(*, matter_date: date | None, received: date, months: int | None) -> TimeLimit | None:
    """The time limit to complain, counted from the matter or, if later, the customer becoming aware of it.

    None when the procedure has no limit or the matter's date is not recorded.
    """
    if months is None or matter_date is None:
        return None
    return TimeLimit(months=months, matter_date=matter_date, ends_on=add_months(matter_date, months), received=received)
