"""Plain data for one stage's rules, so deadline arithmetic never needs the database."""

from __future__ import annotations

from dataclasses import dataclass

from putright.procedures.choices import ClockStart, DurationUnit


@dataclass(frozen=True)
class StageRuleData:
    procedure_name: str
    stage_number: int
    stage_name: str
    acknowledge_working_days: int | None
    respond_amount: int
    respond_unit: DurationUnit
    respond_from: ClockStart
    max_extension_working_days: int | None
    escalation_window_amount: int | None = None
    escalation_window_unit: DurationUnit = DurationUnit.CALENDAR_DAYS
    receipt_day_is_day_zero: bool = True
    excludes_boxing_day: bool = False
    source: str = ""
