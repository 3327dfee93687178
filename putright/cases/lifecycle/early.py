"""Early resolution: a complaint put right within hours of receipt, before it becomes a formal complaint.

Only where the case's procedure version sets an early resolution window; never under the Complaint Handling Code,
which allows no informal stage (Code 5.2; docs/rules.md, "Early resolution").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import CaseStatus, EventKind, StageStatus
from putright.cases.lifecycle.stages import _end_case
from putright.cases.lifecycle.transitions import lock_case
from putright.cases.models import Case, EarlyResolution
from putright.core.errors import TransitionError
from putright.organisation.models import User


def early_resolution_until(case: Case) -> datetime | None:
    """The moment the case's early resolution window closes; None when its procedure has none."""
    version = case.procedure_version
    hours = version.early_resolution_hours if version is not None else None
    return case.received_at + timedelta(hours=hours) if hours else None


def may_resolve_early(case: Case, now: datetime | None = None) -> bool:
    until = early_resolution_until(case)
    return until is not None and case.status == CaseStatus.RECEIVED and (now or timezone.now()) <= until


def resolve_early(*, case: Case, actor: User, how_resolved: str, expected_version: int | None = None) -> Case:
    """Close a just-received complaint that was put right to the customer's satisfaction, within the window."""
    with transaction.atomic():
        case = lock_case(case, expected_version)
        until = early_resolution_until(case)
        if until is None:
            raise TransitionError(f"{case.reference}'s procedure has no early resolution: respond at stage 1")
        if case.status != CaseStatus.RECEIVED:
            raise TransitionError(
                f"{case.reference} is {case.get_status_display().lower()}: only a complaint not yet acknowledged "
                "can be resolved early"
            )
        now = timezone.now()
        if now > until:
            raise TransitionError(
                f"The time for early resolution ended {timezone.localtime(until):%-d %B %Y at %H:%M}: "
                "it is now a formal complaint"
            )
        if not how_resolved.strip():
            raise TransitionError("Enter how it was put right, as agreed with the customer", "how_resolved")
        _end_case(case, CaseStatus.CLOSED, StageStatus.CLOSED)
        EarlyResolution.objects.create(case=case, how_resolved=how_resolved.strip(), resolved_at=now, resolved_by=actor)
        events.record(
            case,
            EventKind.CLOSED,
            f"Resolved early, to the customer's satisfaction: {how_resolved.strip()}",
            actor=actor,
            visible_to_customer=True,
            data={"early_resolution": True},
        )
    return case
