"""Recording a hazard and its steps (Awaab's Law). Each change writes its timeline event in the same transaction.

The steps' due moments come from `putright.procedures.hazard_clock`; they are stored with their explanation so the
case page, the alerts and the reports read one answer, and worked out again whenever what they count from changes
(the investigation ends, further work is recorded as not possible within 5 working days).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import EventKind
from putright.cases.hazards.eligibility import applies_to, hazard_calendar
from putright.cases.hazards.models import (
    AccommodationResponse,
    Hazard,
    HazardKind,
    HazardMilestone,
    HazardSeverity,
    InvestigationFinding,
)
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.organisation.models import Team, User
from putright.procedures.hazard_clock import WORKS_STEPS, Severity, Step, hazard_deadlines


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _not_future(moment: datetime, field: str, what: str) -> None:
    if moment > timezone.now():
        raise RuleError(f"{what} cannot be in the future", field)


def assess_hazard(
    *,
    case: Case,
    actor: User,
    kind: HazardKind,
    severity: HazardSeverity,
    description: str,
    aware_at: datetime,
    owner_team: Team | None,
    reason: str = "",
) -> Hazard:
    """Record the officer's decision about a possible hazard; an emergency or significant one starts its clocks.

    `aware_at` is when the landlord became aware: for a hazard reported in the complaint, when the complaint came in.
    """
    if not applies_to(case):
        raise RuleError("Awaab's Law applies only to housing cases from social tenants of a landlord in England")
    _not_future(aware_at, "aware_on", "The day you became aware")
    description = description.strip()
    if not description:
        raise RuleError("Enter what the hazard is and where it is in the home", "description")
    if severity == HazardSeverity.NONE and not reason.strip():
        raise RuleError("Enter why this is not an emergency or significant hazard", "reason")
    if severity != HazardSeverity.NONE and owner_team is None:
        raise RuleError("Select the team that will carry out the steps (usually repairs)", "owner_team")
    with transaction.atomic():
        hazard = Hazard.objects.create(
            case=case,
            kind=kind,
            severity=severity,
            description=description,
            reason=reason.strip(),
            aware_at=aware_at,
            confirmed_by=actor,
            confirmed_at=timezone.now(),
            owner_team=owner_team if severity != HazardSeverity.NONE else None,
        )
        if hazard.is_timed:
            _write_steps(hazard)
        if severity == HazardSeverity.NONE:
            summary = (
                f"Possible hazard ({hazard.get_kind_display().lower()}) assessed as neither an emergency nor a "
                f"significant hazard: {hazard.reason}"
            )
        else:
            first = hazard.milestones.order_by("due_at").first()
            assert first is not None
            summary = (
                f"{hazard.get_severity_display()} confirmed ({hazard.get_kind_display().lower()}): "
                f"{hazard.description}. Aware since {_local(aware_at):%d %b %Y %H:%M}; owned by "
                f"{owner_team}. First step due {_due_text(first)}."
            )
        events.record(
            case,
            EventKind.HAZARD_ASSESSED,
            summary,
            actor=actor,
            data={"hazard": hazard.pk, "severity": severity.value, "kind": kind.value},
        )
    return hazard


def _due_text(milestone: HazardMilestone) -> str:
    due = _local(milestone.due_at)
    return f"{due:%d %b %Y}" if milestone.due_is_date else f"{due:%d %b %Y %H:%M}"


def _write_steps(hazard: Hazard) -> None:
    """Create or re-date every step from what is recorded now; done steps keep their dates."""
    investigation = hazard.milestones.filter(step=Step.INVESTIGATE).first()
    ended = investigation.done_at if investigation is not None else None
    plan = hazard_deadlines(
        Severity(hazard.severity),
        aware_at=_local(hazard.aware_at),
        calendar=hazard_calendar(),
        investigation_ended_at=_local(ended) if ended else None,
        further_works_not_possible_in_5_days=bool(hazard.further_works_reason),
    )
    existing = {milestone.step: milestone for milestone in hazard.milestones.all()}
    no_work = hazard.finding == InvestigationFinding.NO_WORK_NEEDED
    for due in plan:
        milestone = existing.get(due.step) or HazardMilestone(hazard=hazard, step=due.step)
        if milestone.done_at is None:
            milestone.due_at = due.due_at
            milestone.due_is_date = due.due_is_date
            milestone.provisional = due.provisional
            milestone.explanation = list(due.explanation)
        milestone.not_needed = no_work and due.step in WORKS_STEPS and milestone.done_at is None
        milestone.save()


def record_step_done(
    *,
    hazard: Hazard,
    step: Step,
    done_at: datetime,
    actor: User,
    note: str,
    finding: InvestigationFinding | None = None,
    further_works_reason: str = "",
) -> HazardMilestone:
    """Record that a step was done, and when. Ending the investigation re-dates the steps counted from it."""
    step = Step(step)
    milestone = hazard.milestones.filter(step=step).first()
    if milestone is None:
        raise RuleError("That step is not timed for this hazard", "step")
    if milestone.done_at is not None:
        raise RuleError(f"{milestone.label} was already recorded as done", "step")
    if milestone.not_needed:
        raise RuleError(f"{milestone.label} is not needed: the investigation found no hazard that needs work", "step")
    _not_future(done_at, "done_on", "The day it was done")
    if done_at < hazard.aware_at:
        raise RuleError("It cannot have been done before the landlord became aware of the hazard", "done_on")
    if not note.strip():
        raise RuleError("Enter what was done", "note")
    is_significant_investigation = step == Step.INVESTIGATE and hazard.severity == HazardSeverity.SIGNIFICANT
    if is_significant_investigation and finding is None:
        raise RuleError("Select what the investigation found", "finding")
    with transaction.atomic():
        milestone.done_at = done_at
        milestone.done_by = actor
        milestone.note = note.strip()
        milestone.save(update_fields=["done_at", "done_by", "note"])
        if is_significant_investigation:
            hazard.finding = finding or ""
            hazard.further_works_reason = further_works_reason.strip()
            hazard.save(update_fields=["finding", "further_works_reason"])
            _write_steps(hazard)
        late = " (late: it was due " + _due_text(milestone) + ")" if milestone.was_late else ""
        summary = f"{milestone.label} done on {_local(done_at):%d %b %Y %H:%M}{late}: {milestone.note}"
        if is_significant_investigation and hazard.finding:
            summary += f" Found: {hazard.get_finding_display().lower()}."
        if hazard.further_works_reason:
            summary += f" Further work cannot begin within 5 working days: {hazard.further_works_reason}"
        events.record(
            hazard.case,
            EventKind.HAZARD_STEP_DONE,
            summary,
            actor=actor,
            data={"hazard": hazard.pk, "step": step.value, "late": milestone.was_late},
        )
    return milestone


def record_alternative_accommodation(
    *, hazard: Hazard, offered_at: datetime, details: str, response: AccommodationResponse, actor: User
) -> Hazard:
    """Record the alternative accommodation offered when the home cannot be made safe in time."""
    if not hazard.is_timed:
        raise RuleError("Alternative accommodation is recorded for an emergency or significant hazard", "hazard")
    _not_future(offered_at, "offered_on", "The day it was offered")
    if not details.strip():
        raise RuleError("Enter what accommodation was offered", "details")
    with transaction.atomic():
        hazard.accommodation_offered_at = offered_at
        hazard.accommodation_details = details.strip()
        hazard.accommodation_response = response
        hazard.save(update_fields=["accommodation_offered_at", "accommodation_details", "accommodation_response"])
        events.record(
            hazard.case,
            EventKind.HAZARD_ACCOMMODATION,
            f"Alternative accommodation offered on {_local(offered_at):%d %b %Y}: {hazard.accommodation_details} "
            f"({hazard.get_accommodation_response_display().lower()})",
            actor=actor,
            data={"hazard": hazard.pk, "response": response.value},
        )
    return hazard
