"""Reads for the public and councillor pages, shaped for the templates so the templates decide nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from putright.cases.models import Case, Stage
from putright.organisation.models import User
from putright.portal.access import cases_raised_by
from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.models import ProcedureVersion
from putright.procedures.selectors import CODE_PRESET_SLUG, current_version


@dataclass(frozen=True)
class Timescale:
    """One stage of the complaint procedure, as the start page explains it."""

    number: int
    acknowledge_working_days: int | None
    respond_amount: int
    respond_unit_label: str
    counts_from_acknowledgement: bool


def complaint_timescales() -> list[Timescale]:
    """The stages of the Complaint Handling Code preset, or nothing when it has not been set up."""
    try:
        version = current_version(CODE_PRESET_SLUG)
    except ProcedureVersion.DoesNotExist:
        return []
    return [
        Timescale(
            number=rule.number,
            acknowledge_working_days=rule.acknowledge_working_days,
            respond_amount=rule.respond_amount,
            respond_unit_label=str(DurationUnit(rule.respond_unit).label),
            counts_from_acknowledgement=rule.respond_from == ClockStart.ACKNOWLEDGEMENT,
        )
        for rule in version.stages.all()
    ]


@dataclass(frozen=True)
class RaisedCase:
    """A councillor's view of one case they raised: progress only."""

    reference: str
    title: str
    kind_label: str
    service_name: str
    received_at: datetime
    status_label: str
    is_open: bool
    next_due_date: date | None
    outcome_label: str
    responded_date: date | None
    description: str  # what the councillor entered, as they entered it
    desired_outcome: str


def _latest_outcome(stages: list[Stage]) -> Stage | None:
    answered = [stage for stage in stages if stage.outcome]
    return max(answered, key=lambda stage: stage.number) if answered else None


def raised_case(case: Case) -> RaisedCase:
    latest = _latest_outcome(list(case.stages.all()))
    return RaisedCase(
        reference=case.reference,
        title=case.title,
        kind_label=str(case.get_kind_display()),
        service_name=case.service_area.name,
        received_at=case.received_at,
        status_label=str(case.get_status_display()),
        is_open=case.is_open,
        next_due_date=case.next_due_date,
        outcome_label=str(latest.get_outcome_display()) if latest else "",
        responded_date=latest.responded_date if latest else None,
        description=case.description,
        desired_outcome=case.desired_outcome,
    )


def raised_cases(user: User) -> list[RaisedCase]:
    """Everything this councillor raised, newest first."""
    cases = cases_raised_by(user).prefetch_related("stages").order_by("-received_at")
    return [raised_case(case) for case in cases]
