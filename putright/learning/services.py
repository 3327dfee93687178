"""Raising and completing learning actions; each writes to the timeline of every case it came from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import EventKind, Outcome
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.core.text import long_date
from putright.learning.choices import ActionStatus
from putright.learning.models import LearningAction
from putright.ombudsman.choices import AT_FAULT
from putright.organisation.models import ServiceArea, User

UPHELD = (Outcome.UPHELD, Outcome.PARTLY_UPHELD)


def cases_without_a_finding(cases: Sequence[Case]) -> list[Case]:
    """The cases with no upheld stage and no ombudsman finding of fault (one query)."""
    upheld = Q(stages__outcome__in=UPHELD) | Q(ombudsman_referrals__decision__in=[str(d) for d in AT_FAULT])
    found = set(Case.objects.filter(upheld, pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
    return [case for case in cases if case.pk not in found]


def raise_learning_action(
    *,
    cases: Sequence[Case],
    actor: User,
    title: str,
    finding: str,
    owner: User,
    due_date: date,
    service_area: ServiceArea | None = None,
    today: date | None = None,
) -> LearningAction:
    """Record a change the council will make because it found fault in one or more complaints."""
    today = today or timezone.localdate()
    if not cases:
        raise RuleError("Enter the case or cases the learning comes from", "cases")
    if not title.strip():
        raise RuleError("Enter what will change", "title")
    if not finding.strip():
        raise RuleError("Enter what went wrong", "finding")
    if due_date < today:
        raise RuleError("The due date must be today or later", "due_date")
    missing = cases_without_a_finding(cases)
    if missing:
        raise RuleError(
            f"{', '.join(c.reference for c in missing)} "
            f"{'has' if len(missing) == 1 else 'have'} no upheld finding: learning actions come from complaints "
            "upheld (or partly upheld) by the council or found at fault by an ombudsman",
            "cases",
        )
    with transaction.atomic():
        action = LearningAction.objects.create(
            title=title.strip(),
            finding=finding.strip(),
            owner=owner,
            due_date=due_date,
            service_area=service_area,
            created_by=actor,
        )
        action.cases.set(cases)
        for case in cases:
            events.record(
                case,
                EventKind.LEARNING_ACTION,
                f"Learning action: {action.title} (owner {owner}, due {long_date(due_date)}).",
                actor=actor,
                data={"learning_action": action.pk, "owner": owner.pk, "due_date": due_date.isoformat()},
            )
    return action


def start_learning_action(*, action: LearningAction, actor: User) -> LearningAction:
    if action.status != ActionStatus.PLANNED:
        raise RuleError("Only a planned action can be started", "status")
    action.status = ActionStatus.IN_PROGRESS
    action.save(update_fields=["status"])
    return action


def complete_learning_action(
    *,
    action: LearningAction,
    actor: User,
    improvement: str,
    evidence: str,
    completed_date: date,
    publish: bool,
    today: date | None = None,
) -> LearningAction:
    """Record the change as made, with evidence; optionally publish it in "you said, we did"."""
    today = today or timezone.localdate()
    if not action.is_open:
        raise RuleError("This action is already done or cancelled", "status")
    if not improvement.strip():
        raise RuleError("Enter what was changed", "improvement")
    if not evidence.strip():
        raise RuleError("Enter the evidence that it is done", "evidence")
    if completed_date > today:
        raise RuleError("The date it was done must be today or in the past", "completed_date")
    with transaction.atomic():
        action.status = ActionStatus.DONE
        action.improvement = improvement.strip()
        action.evidence = evidence.strip()
        action.completed_date = completed_date
        action.is_published = publish
        action.save(update_fields=["status", "improvement", "evidence", "completed_date", "is_published"])
    return action
