"""Reading hazards: the case page's section, the customer's view, the alerts' list and the timeliness figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from putright.cases.hazards.eligibility import applies_to, hazard_calendar, hazard_words_in, tenure_question_applies
from putright.cases.hazards.models import Hazard, HazardMilestone
from putright.cases.models import Case
from putright.organisation.models import Organisation
from putright.organisation.selectors import current_organisation
from putright.procedures.hazard_clock import Step

# How long before an emergency step is due its owners are warned (it has 24 hours in all).
EMERGENCY_WARNING = timedelta(hours=6)


class StepState:
    DONE = "done"
    DONE_LATE = "done_late"
    NOT_NEEDED = "not_needed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    WAITING = "waiting"

    LABELS = {
        DONE: "Done on time",
        DONE_LATE: "Done late",
        NOT_NEEDED: "Not needed",
        OVERDUE: "Overdue",
        DUE_SOON: "Due soon",
        WAITING: "Not yet due",
    }
    TAG_CLASSES = {
        DONE: "govuk-tag--green",
        DONE_LATE: "govuk-tag--orange",
        NOT_NEEDED: "govuk-tag--grey",
        OVERDUE: "govuk-tag--red",
        DUE_SOON: "govuk-tag--yellow",
        WAITING: "govuk-tag--blue",
    }


def warn_from(milestone: HazardMilestone) -> datetime:
    """When the step's owners start being warned: 6 hours ahead for an emergency, else from the working day before."""
    if not milestone.due_is_date:
        return milestone.due_at - EMERGENCY_WARNING
    due_day = timezone.localtime(milestone.due_at).date()
    day = due_day - timedelta(days=1)
    calendar = hazard_calendar()
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def state_of(milestone: HazardMilestone, now: datetime) -> str:
    if milestone.not_needed:
        return StepState.NOT_NEEDED
    if milestone.done_at is not None:
        return StepState.DONE_LATE if milestone.was_late else StepState.DONE
    if now > milestone.due_at:
        return StepState.OVERDUE
    if now >= warn_from(milestone):
        return StepState.DUE_SOON
    return StepState.WAITING


@dataclass(frozen=True)
class StepRow:
    milestone: HazardMilestone
    state: str

    @property
    def state_label(self) -> str:
        return StepState.LABELS[self.state]

    @property
    def tag_class(self) -> str:
        return StepState.TAG_CLASSES[self.state]


@dataclass(frozen=True)
class HazardRow:
    hazard: Hazard
    steps: list[StepRow]

    @property
    def open_steps(self) -> list[StepRow]:
        return [row for row in self.steps if row.milestone.is_open]


@dataclass(frozen=True)
class HazardSection:
    """What the case page shows about Awaab's Law (nothing at all when it does not apply and no hazard is recorded)."""

    applies: bool
    ask_tenure: bool
    words: list[str]
    hazards: list[HazardRow]

    @property
    def shown(self) -> bool:
        return self.applies or self.ask_tenure or bool(self.hazards)

    @property
    def has_steps(self) -> bool:
        return any(row.steps for row in self.hazards)

    @property
    def needs_decision(self) -> bool:
        """Words suggest a hazard and the officer has not yet said whether it is one."""
        return self.applies and bool(self.words) and not self.hazards


def hazard_rows(hazards: Iterable[Hazard], now: datetime) -> list[HazardRow]:
    return [
        HazardRow(hazard, [StepRow(step, state_of(step, now)) for step in hazard.milestones.all()])
        for hazard in hazards
    ]


def hazards_of(case: Case) -> QuerySet[Hazard]:
    return (
        Hazard.objects.filter(case=case)
        .select_related("confirmed_by", "owner_team")
        .prefetch_related("milestones__done_by")
    )


def hazard_section(
    case: Case, now: datetime | None = None, organisation: Organisation | None = None, *, has_hazards: bool = True
) -> HazardSection:
    """`has_hazards=False` when the caller knows the case has none recorded (the case page asks once): not read."""
    organisation = organisation or current_organisation()
    applies = applies_to(case, organisation)
    return HazardSection(
        applies=applies,
        ask_tenure=tenure_question_applies(case, organisation),
        words=hazard_words_in(case, organisation) if applies else [],
        hazards=hazard_rows(hazards_of(case), now or timezone.now()) if has_hazards else [],
    )


def timed_hazards_of(case: Case) -> list[Hazard]:
    """Emergency and significant hazards on the case, with their steps (for the customer and the response letter)."""
    return [hazard for hazard in hazards_of(case) if hazard.is_timed]


def steps_to_warn_about(now: datetime) -> QuerySet[HazardMilestone]:
    """Open steps due within the warning window (or already overdue), soonest first; the alerts filter exactly."""
    horizon = now + timedelta(days=5)  # wider than any warning window, so a long weekend is covered
    return (
        HazardMilestone.objects.filter(done_at__isnull=True, not_needed=False, due_at__lte=horizon)
        .select_related("hazard__case__service_area", "hazard__owner_team", "hazard__case__lead_officer")
        .order_by("due_at")
    )


@dataclass(frozen=True)
class StepTimeliness:
    """How many of one step fell due in a period, and how many were done by their due moment."""

    step: str
    label: str
    due: int
    on_time: int
    late: int
    overdue: int  # not yet done and past due

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def hazard_timeliness(
    cases: QuerySet[Case], start: date, end: date, now: datetime | None = None
) -> list[StepTimeliness]:
    """For each step on these cases, those due between `start` and `end` (inclusive): on time, late, or overdue.

    Counted by when each step fell due, apart from the complaints' own response times (the Housing Ombudsman looks
    at both)."""
    now = now or timezone.now()
    first = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    last = timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))
    rows: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    milestones = HazardMilestone.objects.filter(
        hazard__case__in=cases, due_at__gte=first, due_at__lt=last, not_needed=False
    ).only("step", "due_at", "done_at")
    for milestone in milestones:
        counts = rows.setdefault(milestone.step, [0, 0, 0, 0])
        labels[milestone.step] = milestone.label
        counts[0] += 1
        if milestone.done_at is not None:
            counts[1 if milestone.done_at <= milestone.due_at else 2] += 1
        elif now > milestone.due_at:
            counts[3] += 1
    order = [step.value for step in Step]
    return [StepTimeliness(step, labels[step], *rows[step]) for step in sorted(rows, key=lambda key: order.index(key))]
