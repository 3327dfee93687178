"""Reads for learning actions, scoped so an action never reveals a case the reader may not see."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from putright.cases.access import cases_visible_to
from putright.cases.models import Case
from putright.core.periods import Period
from putright.learning.choices import OPEN_ACTION_STATUSES, ActionStatus
from putright.learning.models import LearningAction
from putright.organisation.models import User


def actions_visible_to(user: User) -> QuerySet[LearningAction]:
    """Actions whose every case the user may see (one hidden case hides the action: its title may identify it)."""
    hidden = Case.objects.exclude(pk__in=cases_visible_to(user).values("pk"))
    return LearningAction.objects.exclude(cases__in=hidden.values("pk")).select_related("owner", "service_area")


def get_action_for(user: User, action_id: int) -> LearningAction:
    action = actions_visible_to(user).filter(pk=action_id).first()
    if action is None:
        raise Http404("No such learning action")
    return action


def overdue_on(today: date) -> Q:
    """Not done yet and due before `today`: the count on the learning page, the tag on each action, the daily alert."""
    return Q(status__in=OPEN_ACTION_STATUSES, due_date__lt=today)


def overdue_actions(user: User, today: date) -> QuerySet[LearningAction]:
    return actions_visible_to(user).filter(overdue_on(today)).order_by("due_date")


def open_actions(user: User, today: date) -> QuerySet[LearningAction]:
    """Actions not done yet, soonest due first, each with `is_overdue` (`overdue_on`)."""
    return (
        actions_visible_to(user)
        .filter(status__in=OPEN_ACTION_STATUSES)
        .annotate(is_overdue=ExpressionWrapper(overdue_on(today), output_field=BooleanField()))
        .order_by("due_date", "pk")
    )


def done_actions(user: User) -> QuerySet[LearningAction]:
    """Actions carried out, newest first: the record of what complaints changed stays on the learning page."""
    return actions_visible_to(user).filter(status=ActionStatus.DONE).order_by("-completed_date", "-pk")


def published_you_said_we_did(period: Period) -> QuerySet[LearningAction]:
    """What the public page shows: published changes completed in the period, none tied to a restricted case (a
    restricted case's details are never published, even without names)."""
    return (
        LearningAction.objects.filter(
            status=ActionStatus.DONE,
            is_published=True,
            completed_date__gte=period.start,
            completed_date__lte=period.end,
        )
        .exclude(cases__is_restricted=True)
        .select_related("service_area")
        .order_by("-completed_date", "-pk")
    )


def you_said_we_did(user: User, period: Period) -> QuerySet[LearningAction]:
    """Published changes completed in the period, for the annual report and the public list."""
    return (
        actions_visible_to(user)
        .filter(
            status=ActionStatus.DONE,
            is_published=True,
            completed_date__gte=period.start,
            completed_date__lte=period.end,
        )
        .order_by("completed_date", "pk")
    )


def actions_for_cases(user: User, cases: QuerySet[Case]) -> QuerySet[LearningAction]:
    """Actions raised from any of `cases` that the user may see (for the statutory social care reports)."""
    return actions_visible_to(user).filter(
        pk__in=LearningAction.objects.filter(cases__in=cases.values("pk")).values("pk")
    )


def overdue_actions_to_chase(today: date) -> QuerySet[LearningAction]:
    """Every open action past its due date, with its owner and service, for the daily alert job (a system read,
    not scoped to a user)."""
    return (
        LearningAction.objects.filter(overdue_on(today))
        .select_related("owner", "service_area")
        .order_by("due_date", "pk")
    )
