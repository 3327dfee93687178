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
    extension_cap_fixed_by: str = ""
    response_date_agreed_at_acknowledgement: bool = False
    panel_meets_within_working_days: int | None = None
    late_acknowledgement_delays_response: bool = False
    escalation_window_amount: int | None = None
    escalation_window_unit: DurationUnit = DurationUnit.CALENDAR_DAYS
    receipt_day_is_day_zero: bool = True
    excludes_boxing_day: bool = False
    source: str = ""
    acknowledgement_is_local_practice: bool = False
    timing_not_confirmed: str = ""

    @property
    def cap_is_fixed(self) -> bool:
        """Whether the extension cap is a maximum set by regulation or model procedure (no good-reason override)."""
        return self.max_extension_working_days is not None and bool(self.extension_cap_fixed_by.strip())

    def cap_text(self) -> str:
        """'caps stage 2 at 65 working days': the whole period when it is counted in working days."""
        cap = self.max_extension_working_days
        if self.respond_unit == DurationUnit.WORKING_DAYS:
            return f"caps stage {self.stage_number} at {self.respond_amount + (cap or 0)} working days"
        return f"caps extensions of stage {self.stage_number} at {cap} working days"
