"""Awaab's Law deadlines: when each step on a hazard in a social tenant's home is due, and why.

The Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025 (SI 2025/1042), made under
section 10A of the Landlord and Tenant Act 1985 as inserted by section 42 of the Social Housing (Regulation) Act
2023. The clock starts when the landlord becomes aware of the hazard (a complaint can be that awareness); see
docs/rules-deadlines.md, "Hazards in social housing (Awaab's Law)".

- An emergency hazard: investigate, and make the home safe, within 24 hours. Clock hours, through nights, weekends
  and bank holidays.
- A significant hazard: investigate within 10 working days of becoming aware (reg 6); a written summary of the
  findings to the tenant within 3 working days of the investigation ending (reg 9); safety work within 5 working
  days of the investigation ending (reg 11(2)(a)); further work begun within 5 working days of it or, where that is
  not reasonably possible, within 12 weeks.

Pure: callers pass the moments and the calendar. Working-day steps are due by the end of their day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from putright.procedures.calendar import SkippedDay, WorkingCalendar

EMERGENCY_HOURS = 24
INVESTIGATE_WORKING_DAYS = 10
SUMMARY_WORKING_DAYS = 3
SAFETY_WORKS_WORKING_DAYS = 5
FURTHER_WORKS_WORKING_DAYS = 5
FURTHER_WORKS_LONGSTOP_WEEKS = 12
SOURCE = "Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025 (SI 2025/1042)"


class Severity(StrEnum):
    EMERGENCY = "emergency"
    SIGNIFICANT = "significant"


class Step(StrEnum):
    """The steps the regulations time, in the order they fall due."""

    INVESTIGATE = "investigate"
    MAKE_SAFE = "make_safe"
    SUMMARY = "summary"
    SAFETY_WORKS = "safety_works"
    FURTHER_WORKS = "further_works"


STEP_LABELS: dict[Step, str] = {
    Step.INVESTIGATE: "Investigate the hazard",
    Step.MAKE_SAFE: "Make the home safe (emergency action)",
    Step.SUMMARY: "Written summary of the findings to the tenant",
    Step.SAFETY_WORKS: "Safety work to make the home safe",
    Step.FURTHER_WORKS: "Further work begun",
}

STEPS_FOR: dict[Severity, tuple[Step, ...]] = {
    Severity.EMERGENCY: (Step.INVESTIGATE, Step.MAKE_SAFE),
    Severity.SIGNIFICANT: (Step.INVESTIGATE, Step.SUMMARY, Step.SAFETY_WORKS, Step.FURTHER_WORKS),
}

# Steps that only follow when the investigation finds a hazard that needs work.
WORKS_STEPS = frozenset({Step.SAFETY_WORKS, Step.FURTHER_WORKS})


@dataclass(frozen=True)
class StepDue:
    step: Step
    due_at: datetime
    due_is_date: bool  # a working-day step: due by the end of `due_at`'s day, shown as a date
    explanation: tuple[str, ...]
    provisional: bool = False  # counted from the investigation's due date because it has not yet ended

    @property
    def label(self) -> str:
        return STEP_LABELS[self.step]


def _fmt_day(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def _fmt_moment(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


def _skipped(skipped: list[SkippedDay]) -> str:
    if not skipped:
        return "no days skipped"
    return "days not counted: " + "; ".join(day.describe() for day in skipped)


def end_of_day(day: date, tzinfo: object) -> datetime:
    """The last moment of `day` in the given time zone: a working-day step is on time until then."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=tzinfo)  # type: ignore[arg-type]


def hazard_deadlines(
    severity: Severity,
    *,
    aware_at: datetime,
    calendar: WorkingCalendar,
    investigation_ended_at: datetime | None = None,
    further_works_not_possible_in_5_days: bool = False,
) -> list[StepDue]:
    """Every step's due moment for a hazard the landlord became aware of at `aware_at` (a local, aware datetime).

    The day of awareness is day 0 for working days. Steps counted from the end of the investigation are provisional
    until it ends: they are then counted from the investigation's due date, the latest it may end.
    """
    if severity == Severity.EMERGENCY:
        # Elapsed hours: counted in UTC, so a night the clocks change is still 24 hours long.
        due = (aware_at.astimezone(UTC) + timedelta(hours=EMERGENCY_HOURS)).astimezone(aware_at.tzinfo)
        emergency_lines = (
            f"Became aware of the hazard at {_fmt_moment(aware_at)}.",
            f"Due by {_fmt_moment(due)}: {EMERGENCY_HOURS} hours later, counted in clock hours through nights, "
            "weekends and bank holidays.",
            f"Rule: {SOURCE}, emergency hazards.",
        )
        return [StepDue(step, due, False, emergency_lines) for step in STEPS_FOR[severity]]
    tz = aware_at.tzinfo
    aware_day = aware_at.date()
    investigate_day, skipped = calendar.add_working_days(aware_day, INVESTIGATE_WORKING_DAYS)
    steps = [
        StepDue(
            Step.INVESTIGATE,
            end_of_day(investigate_day, tz),
            True,
            (
                f"Became aware of the hazard on {_fmt_day(aware_day)} (day 0).",
                f"Investigate by {_fmt_day(investigate_day)}: {INVESTIGATE_WORKING_DAYS} working days later; "
                f"{_skipped(skipped)}.",
                f"Rule: {SOURCE}, regulation 6.",
            ),
        )
    ]
    if investigation_ended_at is not None:
        ended_day = investigation_ended_at.date()
        start_text = f"the investigation ended on {_fmt_day(ended_day)}"
        provisional = False
    else:
        ended_day = investigate_day
        start_text = (
            f"the investigation's due date ({_fmt_day(ended_day)}), because it has not ended yet; the date moves "
            "earlier when it ends earlier"
        )
        provisional = True
    for step, days, rule in (
        (Step.SUMMARY, SUMMARY_WORKING_DAYS, "regulation 9"),
        (Step.SAFETY_WORKS, SAFETY_WORKS_WORKING_DAYS, "regulation 11(2)(a)"),
    ):
        due_day, skipped = calendar.add_working_days(ended_day, days)
        steps.append(
            StepDue(
                step,
                end_of_day(due_day, tz),
                True,
                (
                    f"Due by {_fmt_day(due_day)}: {days} working days after {start_text}; {_skipped(skipped)}.",
                    f"Rule: {SOURCE}, {rule}.",
                ),
                provisional,
            )
        )
    lines: tuple[str, ...]
    if further_works_not_possible_in_5_days:
        due_day = ended_day + timedelta(weeks=FURTHER_WORKS_LONGSTOP_WEEKS)
        lines = (
            f"Begin by {_fmt_day(due_day)}: {FURTHER_WORKS_LONGSTOP_WEEKS} weeks after {start_text}, because "
            f"beginning within {FURTHER_WORKS_WORKING_DAYS} working days was recorded as not reasonably possible "
            "(a calendar period: weekends and bank holidays are not skipped).",
            f"Rule: {SOURCE}, further works.",
        )
    else:
        due_day, skipped = calendar.add_working_days(ended_day, FURTHER_WORKS_WORKING_DAYS)
        lines = (
            f"Begin by {_fmt_day(due_day)}: {FURTHER_WORKS_WORKING_DAYS} working days after {start_text}; "
            f"{_skipped(skipped)}. Where that is not reasonably possible, record why: the work must then begin "
            f"within {FURTHER_WORKS_LONGSTOP_WEEKS} weeks.",
            f"Rule: {SOURCE}, further works.",
        )
    steps.append(StepDue(Step.FURTHER_WORKS, end_of_day(due_day, tz), True, lines, provisional))
    return steps
