"""Years of demo cases, written in bulk: COPY on PostgreSQL, one `executemany` per table and batch on SQLite.

Each case's history is simulated day by day from its receipt (acknowledge, investigate, extend, respond, escalate,
close, decline, withdraw, merge) and cut at today: whatever has not happened yet by today has not happened, so
old cases are finished and recent ones are open, some overdue and some due soon. A handful of cases at the start
are *forced* to stop in a given state so that every status, outcome and kind is present even for small runs.

This module decides only what happens when (the demo's randomness). Each step is taken by the lifecycle's bulk
history (`lifecycle.History`: the same clock, statuses, escalation windows, what is due next and timeline wording
as a case worked by an officer), on rows this module then inserts in bulk: COPY on PostgreSQL, one `executemany`
per table and batch on SQLite, all in one transaction. Calling the actions once per case and step would take
hours for 100,000 cases. Large seeds check foreign keys and build indexes once at the end (`core.bulk.bulk_load`); the
same seed writes the same rows either way (putright/demo/tests/test_seed_digest.py).
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time as clock
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate, repeat
from operator import attrgetter, itemgetter
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from putright.cases import lifecycle, search
from putright.cases.choices import (
    CHANNEL_CONTACT,
    KINDS_WITHOUT_PROCEDURE,
    CallDirection,
    CallOutcome,
    CaseKind,
    CaseStatus,
    Channel,
    EventKind,
    LinkKind,
    Outcome,
)
from putright.cases.models import (
    CallLog,
    Case,
    CaseLink,
    Contact,
    Contribution,
    Extension,
    ReferenceSequence,
    Remedy,
    Stage,
    TimelineEvent,
)
from putright.core.bulk import Rows, bulk_load, insert_rows, inserted_behind
from putright.core.text import long_date
from putright.demo import responses, returns, text
from putright.demo.organisation import DemoOrganisation
from putright.organisation.models import User
from putright.people.models import Customer, ReasonableAdjustment, Representative, VulnerabilityNote
from putright.procedures.calendar import WorkingCalendar
from putright.procedures.models import ProcedureVersion, StageRule
from putright.procedures.selectors import calendar_for, current_version

YEARS_BACK = 3
BATCH_SIZE = 2_000
S = CaseStatus

# Stop states a forced case is driven to: (kind, service slug or "" for any, status to stop in, stage, outcome).
# Together they cover every status, every outcome, every kind and a third stage.
FORCED: tuple[tuple[str, str, str, int, str], ...] = (
    ("complaint", "", "received", 1, ""),
    ("complaint", "", "acknowledged", 1, ""),
    ("complaint", "", "investigating", 1, ""),
    ("complaint", "", "responded", 1, "not_upheld"),
    ("complaint", "housing-repairs", "escalated", 2, ""),
    ("complaint", "", "investigating", 2, ""),
    ("complaint", "", "closed", 1, "upheld"),
    ("complaint", "housing-repairs", "closed", 1, "partly_upheld"),
    ("complaint", "", "closed", 1, "not_upheld"),
    ("complaint", "waste-recycling", "closed", 1, "resolved_early"),
    ("complaint", "housing-repairs", "closed", 2, "upheld"),
    ("complaint", "", "withdrawn", 1, ""),
    ("complaint", "", "declined", 1, ""),
    ("complaint", "waste-recycling", "merged", 1, ""),
    ("complaint", "childrens-social-care", "closed", 3, "partly_upheld"),
    ("complaint", "adult-social-care", "investigating", 1, ""),
    ("complaint", "adult-social-care", "closed", 1, "upheld"),
    ("service_request", "", "received", 1, ""),
    ("service_request", "", "closed", 1, "resolved_early"),
    ("enquiry", "", "received", 1, ""),
    ("enquiry", "", "closed", 1, "not_upheld"),
    ("comment", "", "closed", 0, ""),
    ("compliment", "", "closed", 0, ""),
    ("compliment", "", "received", 0, ""),
    ("complaint", "housing-repairs", "acknowledged", 1, ""),
    ("complaint", "waste-recycling", "received", 1, ""),
)
OPEN_TARGETS = ("received", "acknowledged", "investigating", "responded", "escalated")
# How long before today a forced open case was received (calendar days), so its history fits before today.
FORCED_AGE = {
    ("received", 1): (0, 6),
    ("acknowledged", 1): (4, 14),
    ("investigating", 1): (8, 35),
    ("responded", 1): (25, 45),
    ("escalated", 2): (35, 60),
    ("acknowledged", 2): (45, 70),
    ("investigating", 2): (50, 90),
    ("received", 0): (0, 5),
    ("merged", 1): (20, 200),
}
KIND_WEIGHTS = {"complaint": 74, "service_request": 10, "enquiry": 7, "comment": 4, "compliment": 5}
OUTCOME_WEIGHTS = {"upheld": 24, "partly_upheld": 24, "not_upheld": 37, "resolved_early": 15}
ESCALATION_CHANCE = {"upheld": 0.04, "partly_upheld": 0.14, "not_upheld": 0.24, "resolved_early": 0.02}
CHANNEL_WEIGHTS = {"web": 40, "email": 25, "phone": 22, "letter": 6, "in_person": 3, "social_media": 4}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CONTACT_METHODS, CONTACT_METHOD_WEIGHTS = ("email", "phone", "letter", "text"), (55, 85, 95, 100)  # cumulative
LATER_OUTCOMES, LATER_OUTCOME_WEIGHTS = ("upheld", "partly_upheld", "not_upheld"), (25, 55, 100)  # stage 2 on
PROCEDURE_OF_KIND = {"service_request": "service-request", "enquiry": "member-enquiry"}  # else the service's own
REMEDIES_BESIDES_APOLOGY = list(text.REMEDIES)[1:]
CALL_OUTCOMES = (CallOutcome.SPOKE, CallOutcome.SPOKE, CallOutcome.VOICEMAIL)
# Labels as plain strings: resolving a lazy translation for every one of 500,000 events is measurable.
LABELS: dict[str, str] = {
    choice.value: str(choice.label) for choices in (CaseKind, Channel, Outcome) for choice in choices
}


@dataclass(frozen=True)
class Plan:
    """What should happen to one case, before it is simulated."""

    received_at: datetime
    kind: str
    service: int  # index into DemoOrganisation.services
    stop: str = ""  # forced stop state, "" to run to a natural end cut at today
    stop_stage: int = 0
    outcome: str = ""


@dataclass
class Procedure:
    version: ProcedureVersion
    rules: list[StageRule]
    name: str


@dataclass(slots=True)
class Built:
    """One case being simulated: its unsaved row, its stages so far and the moment of its latest timeline event
    (the next step happens after it). Its other rows go straight to their tables."""

    case: Case
    last_at: datetime
    stages: list[Stage] = field(default_factory=list)


class WorkingDays:
    """Fast working-day arithmetic for choosing plausible dates (deadlines themselves use stage_deadlines)."""

    def __init__(self, calendar: WorkingCalendar, start: date, end: date) -> None:
        self.days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        self.days = [day for day in self.days if calendar.is_working_day(day)]

    def add(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (day itself when count is 0)."""
        if count <= 0:
            return day
        return self.days[bisect_right(self.days, day) + count - 1]

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        return max(0, bisect_right(self.days, end) - bisect_right(self.days, start))


class _Random(random.Random):
    """`random.Random` with `randint` and `choice` in one call each instead of three: the same draws from the same
    seed (as `random.Random._randbelow_with_getrandbits` makes them), for the million or so the seeder makes."""

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        if n <= 0:
            raise ValueError(f"empty range in randint({a}, {b})")
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return a + r

    def weighted(self, population: Sequence[Any], cum_weights: Sequence[int]) -> Any:
        """`choices(population, cum_weights=cum_weights)[0]`: the same draw, without the list made for it."""
        return population[bisect_right(cum_weights, self.random() * (cum_weights[-1] + 0.0), 0, len(population) - 1)]

    def choice(self, seq: Any) -> Any:
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return seq[r]


class Stop(Exception):
    """The next step would happen after today: the case stays as it is."""


class Generator:
    def __init__(
        self, demo: DemoOrganisation, tables: Tables, *, seed: int, today: date, now: datetime, finished: bool = False
    ) -> None:
        self.demo = demo
        self.finished = finished
        self.t = tables
        self.tz = timezone.get_current_timezone()
        self.rng = _Random(seed)
        self.today = today
        self.now = now
        self.start = today - timedelta(days=365 * YEARS_BACK)
        calendar = calendar_for(demo.organisation)
        self.days = WorkingDays(calendar, self.start - timedelta(days=30), today + timedelta(days=400))
        self.procedures: dict[str, Procedure] = {}
        for slug in ("joint-code", "adult-social-care", "childrens-social-care", "member-enquiry", "service-request"):
            version = current_version(slug)
            rules = sorted(version.stages.all(), key=lambda rule: rule.number)
            for rule in rules:
                rule.version = version  # the clock reads the version and its procedure: already loaded
            self.procedures[slug] = Procedure(version, rules, version.procedure.name)
        self.history = lifecycle.History(demo.organisation)
        self.midnights: dict[date, datetime] = {}  # each day's local midnight, for `at`
        self.minutes = [timedelta(minutes=minute) for minute in range(24 * 60)]
        self.recent_customers: deque[Customer] = deque(maxlen=5_000)
        self.last_case_by_service: dict[int, Case] = {}
        self.last_case: Case | None = None
        self.officer = demo.users["officer"]
        self.complaints_officers = [demo.users["officer"], demo.users["z.harper"]]
        # Weighted draws read cumulative weights, worked out once (`choices` works them out at every draw).
        self.service_indexes = range(len(demo.services))
        self.service_weights = list(accumulate(spec.weight for _, spec in demo.services))
        self.kinds = list(KIND_WEIGHTS)
        self.kind_weights = list(accumulate(KIND_WEIGHTS.values()))
        self.outcomes = list(OUTCOME_WEIGHTS)
        self.outcome_weights = list(accumulate(OUTCOME_WEIGHTS.values()))
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_weights = list(accumulate(CHANNEL_WEIGHTS.values()))
        # Each officer's team and its service, read once (a parent's id is read through Django's descriptor).
        self.team_of = {
            user.id: (user.team, user.team.service_area_id if user.team else None) for user in demo.users.values()
        }
        self.names = {user.id: str(user) for user in demo.users.values()}  # as the timeline names them
        self.councillors = demo.councillors
        self.heads_of_service = demo.heads_of_service

    # --- plans ---------------------------------------------------------------------------------------------

    def plans(self, count: int) -> list[Plan]:
        """Every case's plan, oldest first, so references count up with the date received."""
        rng = self.rng
        plans: list[Plan] = []
        slugs = [spec.slug for _, spec in self.demo.services]
        # Enough recent cases that the demo queues have open work: overdue, due soon and on track.
        recent = min(count // 3, max(40, count // 25))
        for index in range(count):
            if index < len(FORCED):
                kind, slug, stop, stage, outcome = FORCED[index]
                if slug:
                    service = slugs.index(slug)
                elif stage >= 2 or kind in ("comment", "compliment"):
                    service = rng.choice([i for i, s in enumerate(slugs) if "social-care" not in s])
                else:
                    service = self._pick_service()
                low, high = FORCED_AGE.get((stop, stage), (150, 365 * YEARS_BACK - 10))
                received = self.today - timedelta(days=rng.randint(low, high))
                plans.append(Plan(self._received_at(received), kind, service, stop, stage, outcome))
                continue
            # Slightly more cases each year, as councils report.
            age = int((365 * YEARS_BACK) * (1 - rng.random() ** 0.85))
            if index >= count - recent:
                age = rng.randint(0, 45)
            kind = rng.weighted(self.kinds, self.kind_weights)
            plans.append(Plan(self._received_at(self.today - timedelta(days=age)), kind, self._pick_service()))
        plans.sort(key=lambda plan: plan.received_at)
        return plans

    def _pick_service(self) -> int:
        return self.rng.weighted(self.service_indexes, self.service_weights)

    def _received_at(self, day: date) -> datetime:
        moment = datetime.combine(day, time(self.rng.randint(7, 19), self.rng.randint(0, 59)), tzinfo=self.tz)
        return min(moment, self.now - timedelta(minutes=5))

    def at(self, day: date, earliest: datetime | None = None) -> datetime:
        """A plausible working-hours moment on `day`, never in the future nor before `earliest`."""
        randint = self.rng.randint
        hour = randint(8, 17)
        midnight = self.midnights.get(day)
        if midnight is None:
            midnight = self.midnights[day] = datetime.combine(day, time(), tzinfo=self.tz)
        # The same moment as datetime.combine(day, time(hour, minute), tzinfo): local clock time, added in C.
        moment = midnight + self.minutes[hour * 60 + randint(0, 59)]
        if earliest is not None and moment < earliest:
            moment = earliest + self.minutes[randint(5, 90)]
        now = self.now
        return now if now < moment else moment  # as min(moment, now)

    # --- one case --------------------------------------------------------------------------------------------

    def build(self, plan: Plan, reference: str) -> Built:
        rng = self.rng
        service, spec = self.demo.services[plan.service]
        category = rng.choice(spec.categories)
        kind = plan.kind  # a plain string, read and compared faster than the choice it names
        customer, new_customer = self._customer()
        street = rng.choice(text.STREETS)
        words = {
            "street": street,
            "n": rng.randint(2, 5),
            "weeks": rng.randint(2, 12),
            "day": rng.choice(text.DAYS),
            "month": rng.choice(text.MONTHS),
            "room": rng.choice(text.ROOMS),
            "child": rng.choice(text.CHILDREN),
            "fixture": rng.choice(text.FIXTURES),
            "bin": rng.choice(text.BINS),
        }
        title, description, desired = self._words(kind, spec, category, words)
        if kind == CaseKind.ENQUIRY:
            channel = Channel.COUNCILLOR
            raised_by: User | None = rng.choice(self.councillors)
        else:
            channel = rng.weighted(self.channels, self.channel_weights)
            raised_by = None
        received_at = plan.received_at
        officer = rng.choice(self.complaints_officers)
        contact = self.t.contact.new(
            channel=channel,
            received_at=received_at,
            subject=title,
            raw_text=description,
            customer=customer,
            logged_by=officer,
            triaged_at=self.at(received_at.date(), received_at),
        )
        lead: User | None = self._lead_officer(spec.slug)
        if (self.today - received_at.date()).days <= 3 and rng.random() < 0.4:
            lead = None  # not yet assigned at triage
        lead_team, lead_service = self.team_of[lead.id] if lead else (None, None)
        team = lead_team if lead_team and lead_service == service.id else rng.choice(self.demo.teams[spec.slug])
        procedure = None
        if kind not in KINDS_WITHOUT_PROCEDURE:
            slug = PROCEDURE_OF_KIND.get(kind, spec.procedure)
            procedure = self.procedures[slug]
        postcode, ward = customer.postcode, customer.ward
        case = self.t.case.new(
            reference=reference,
            kind=kind,
            kind_reason=rng.choice(text.KIND_REASONS[kind]),
            status=S.RECEIVED,
            contact=contact,
            customer=customer,
            raised_by=raised_by,
            procedure_version=procedure.version if procedure else None,
            service_area=service,
            team=team,
            title=title[:200],
            description=description,
            desired_outcome=desired,
            lead_officer=lead,
            is_restricted=service.is_restricted,
            postcode=postcode,
            ward=ward,
            received_at=received_at,
            created_by=officer,
        )
        built = Built(case, received_at)
        self.t.category.add((case, self.demo.categories[(spec.slug, category.name)]))
        if new_customer:
            self._people(built, customer, received_at.date())
        # A customer with a representative (recorded with their first case) is usually represented again.
        representatives = customer.representatives_cache  # type: ignore[attr-defined]
        if representatives and rng.random() < 0.8:
            case.representative = representatives[0]
        procedure_name = procedure.name if procedure else "no procedure"
        self.event(
            built,
            EventKind.LOGGED,
            received_at,
            lifecycle.wording.logged(LABELS[kind], CHANNEL_CONTACT[channel], procedure_name),
            actor=officer,
            visible=True,
            data={
                "kind": kind,
                "reason": case.kind_reason,
                "channel": channel,
                "procedure": procedure_name,
                "service": service.name,
            },
        )
        if lead:
            self.event(
                built,
                EventKind.LEAD_OFFICER_CHANGED,
                received_at,
                lifecycle.wording.lead_officer(self.names[lead.id]),
                actor=officer,
                visible=True,
                data={"lead_officer": lead.id},
            )
        try:
            if procedure is None:
                self._without_procedure(built, plan)
            else:
                self._with_procedure(built, plan, procedure)
        except Stop:
            pass
        self.history.finish(case)
        if self.finished:  # as seed_demo's later steps would leave the rows (see `seed_cases`)
            responses.match_stages(built.stages, category.name)
            if service.is_housing:
                customer.tenure = returns.tenure_of(customer.id)
        self.last_case_by_service[service.id] = case
        self.last_case = case
        return built

    def _words(
        self, kind: str, spec: text.ServiceText, category: text.CategoryText, words: dict[str, Any]
    ) -> tuple[str, str, str]:
        rng = self.rng
        if kind == CaseKind.COMMENT:
            return f"Comment about {spec.name.lower()}", rng.choice(text.COMMENTS), ""
        if kind == CaseKind.COMPLIMENT:
            praise = rng.choice(
                spec.compliments
                or ("Thank you to the {service} team for sorting out my problem so quickly and keeping me informed.",)
            )
            return (
                f"Compliment for the {spec.name.lower()} team",
                praise.format(service=spec.name.lower(), **words),
                "",
            )
        title = rng.choice(category.titles).format(**words)
        opening = "" if kind != CaseKind.COMPLAINT else rng.choice(text.OPENINGS)
        description = opening + rng.choice(category.happened).format(**words) + rng.choice(text.IMPACTS)
        if kind == CaseKind.ENQUIRY:
            description = f"Raised by the ward councillor for a resident: {description}"
        return title, description, rng.choice(category.wants).format(**words)

    def _customer(self) -> tuple[Customer, bool]:
        rng = self.rng
        if self.recent_customers and rng.random() < 0.12:
            return rng.choice(self.recent_customers), False
        first, last = rng.choice(text.FIRST_NAMES), rng.choice(text.LAST_NAMES)
        ward, district = rng.choice(text.WARDS)
        postcode = f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        method = rng.weighted(CONTACT_METHODS, CONTACT_METHOD_WEIGHTS)
        customer = self.t.customer.new(
            title=text.title_for(first, rng.choice),
            first_name=first,
            last_name=last,
            email=f"{first}.{last}{rng.randint(1, 999)}@example.com".lower()
            if method != "letter" or rng.random() < 0.3
            else "",
            phone=f"07700 900{rng.randint(0, 999):03d}",
            preferred_contact_method=method,
            address=f"{rng.randint(1, 180)} {rng.choice(text.STREETS)}\n{ward}\nThornbury Vale",
            postcode=postcode,
            ward=ward,
        )
        customer.representatives_cache = []
        self.recent_customers.append(customer)
        return customer, True

    def _people(self, built: Built, customer: Customer, day: date) -> None:
        rng = self.rng
        recorder = self.officer
        if rng.random() < 0.04:
            relationship, evidence = rng.choice(text.REPRESENTATIVES)
            representative = self.t.representative.new(
                customer=customer,
                name=f"{rng.choice(text.FIRST_NAMES)} {customer.last_name}",
                relationship=relationship,
                email="",
                phone=f"07700 900{rng.randint(0, 999):03d}",
                has_consent=True,
                consent_recorded_at=self.at(day),
                consent_evidence=evidence,
            )
            customer.representatives_cache.append(representative)  # type: ignore[attr-defined]
        if rng.random() < 0.04:
            self.t.adjustment.new(
                customer=customer,
                description=rng.choice(text.ADJUSTMENTS),
                agreed_date=day,
                review_date=day + timedelta(days=365),
                recorded_by=recorder,
            )
        if rng.random() < 0.03:
            self.t.vulnerability.new(
                customer=customer,
                note=rng.choice(text.VULNERABILITIES),
                review_date=day + timedelta(days=180),
                recorded_by=recorder,
            )

    def _lead_officer(self, slug: str) -> User:
        officers = self.demo.officers[slug]
        if slug == "housing-repairs" and self.rng.random() < 0.4:
            return self.demo.users["leader"]
        if slug == "waste-recycling" and self.rng.random() < 0.4:
            return self.demo.users["leader2"]
        return self.rng.choice(officers)

    def event(
        self,
        built: Built,
        kind: EventKind,
        moment: datetime,
        summary: str,
        *,
        actor: User | None,
        visible: bool = False,
        data: dict[str, Any] | None = None,
    ) -> None:
        built.last_at = moment
        self.t.event.add((built.case, kind, moment, actor, summary, data or {}, visible))

    # --- simulation -------------------------------------------------------------------------------------------

    def _step(self, plan: Plan, day: date, previous: date) -> date:
        """The day a step happens: cut at today for natural cases, pulled back to today for forced ones."""
        day = max(day, previous)
        if day > self.today:
            if not plan.stop:
                raise Stop
            return self.today
        return day

    def _without_procedure(self, built: Built, plan: Plan) -> None:
        case, rng = built.case, self.rng
        day = case.received_at.date()
        actor = case.lead_officer or self.officer
        if plan.stop == "received":
            return
        if rng.random() < 0.5:
            day = self._step(plan, self.days.add(day, rng.randint(0, 3)), day)
            self.event(
                built,
                EventKind.ACKNOWLEDGED,
                self.at(day, case.received_at),
                self.history.acknowledge(case, None, on=day),
                actor=actor,
                visible=True,
                data={"definition": "", "acknowledged_on": day.isoformat()},
            )
        day = self._step(plan, self.days.add(day, rng.randint(1, 6)), day)
        note = (
            "Thanked the customer and passed the feedback to the team."
            if case.kind == CaseKind.COMPLIMENT
            else "Feedback passed to the service manager."
        )
        self._close(built, day, actor, note)

    def _close(self, built: Built, day: date, actor: User, note: str) -> None:
        case = built.case
        at = self.at(day, built.last_at)
        summary = self.history.close(case, built.stages[-1] if built.stages else None, at=at, note=note)
        self.event(
            built,
            EventKind.CLOSED,
            at,
            summary,
            actor=actor,
            visible=True,
            data={"note": note},
        )

    def _with_procedure(self, built: Built, plan: Plan, procedure: Procedure) -> None:
        rng, case = self.rng, built.case
        received = case.received_at.date()
        handler = case.lead_officer
        number = 1
        day = received
        while True:
            stage = self._open_stage(built, procedure, number, day, handler)
            rule = procedure.rules[number - 1]
            stopping_here = plan.stop and plan.stop_stage == number
            # Merged into an earlier case about the same matter, before anything else happened.
            if plan.stop == "merged" or (not plan.stop and number == 1 and rng.random() < 0.01):
                target = self.last_case_by_service.get(case.service_area.id) or self.last_case
                if target is not None and target is not case:
                    self._merge(built, plan, stage, target, day)
                    return
            if plan.stop == "received" and stopping_here:
                return
            # Acknowledge (complaints always; requests and enquiries only where the stage has the milestone).
            if rule.acknowledge_working_days is not None or case.kind == CaseKind.COMPLAINT:
                limit = rule.acknowledge_working_days or 3
                late = rng.random() < 0.1
                offset = rng.randint(limit + 1, limit + 4) if late else rng.randint(0 if number == 1 else 1, limit)
                day = self._step(plan, self.days.add(stage.received_date, offset), day)
                self._acknowledge(built, procedure, stage, day)
                if plan.stop == "acknowledged" and stopping_here:
                    return
                if plan.stop in ("declined", "withdrawn") and stopping_here:
                    day = self._step(plan, self.days.add(day, rng.randint(0, 6)), day)
                    (self._decline if plan.stop == "declined" else self._withdraw)(built, stage, day)
                    return
                if not plan.stop and number == 1 and rng.random() < 0.05:
                    day = self._step(plan, self.days.add(day, rng.randint(0, 4)), day)
                    (self._decline if rng.random() < 0.6 else self._withdraw)(built, stage, day)
                    return
                if rng.random() < 0.7 or (plan.stop == "investigating" and stopping_here):
                    day = self._step(plan, self.days.add(day, rng.randint(0, 2)), day)
                    self.event(
                        built,
                        EventKind.INVESTIGATION_STARTED,
                        self.at(day, built.last_at),
                        self.history.start_investigation(case),
                        actor=stage.handler or self.officer,
                        visible=True,
                    )
            if plan.stop == "investigating" and stopping_here:
                return
            if number == 1 and case.kind == CaseKind.COMPLAINT and rng.random() < 0.06:
                self._contribution(built, stage, day)
            if case.kind == CaseKind.COMPLAINT and rng.random() < 0.2:
                call_day = self._step(plan, self.days.add(day, rng.randint(0, 2)), day)
                self.t.call.add(
                    (
                        case,
                        CallDirection.OUTGOING,
                        rng.choice(CALL_OUTCOMES),
                        self.at(call_day),
                        stage.handler or self.officer,
                        "Called to discuss the complaint and agree what would put things right.",
                    )
                )
            if rng.random() < 0.1 and stage.response_due_date > day:
                day = self._extend(built, plan, procedure, stage, day)
            # Respond: mostly on time, some late.
            if rng.random() < 0.8:
                span = max(1, self.days.between(day, stage.response_due_date))
                respond_on = self.days.add(day, rng.randint(1, span))
            else:
                respond_on = self.days.add(stage.response_due_date, rng.randint(1, 12))
            day = self._step(plan, respond_on, day)
            outcome = self._outcome(plan, procedure, number)
            self._respond(built, procedure, stage, day, outcome)
            if plan.stop == "responded" and stopping_here:
                return
            # Escalate, with a different handler, or close.
            has_next = number < len(procedure.rules)
            if has_next and (
                (plan.stop and plan.stop_stage > number)
                or (not plan.stop and rng.random() < ESCALATION_CHANCE.get(outcome, 0))
            ):
                request: date = stage.responded_date + timedelta(days=rng.randint(2, 25))  # type: ignore[operator,assignment]
                if stage.escalation_closes_date:
                    request = min(request, stage.escalation_closes_date)
                day = self._step(plan, request, day)
                handler = self._next_handler(built, case.service_area.id)
                number += 1
                next_stage, summary = self.history.escalate(
                    case, stage, procedure.rules[number - 1], requested_on=day, handler=handler, new=self.t.stage.new
                )
                built.stages.append(next_stage)
                self.event(
                    built,
                    EventKind.ESCALATED,
                    self.at(day, built.last_at),
                    summary,
                    actor=self.officer,
                    visible=True,
                    data={
                        "stage": number,
                        "requested_on": day.isoformat(),
                        "handler": handler.id,
                        "customer_reason": "Unhappy with the stage response.",
                        "late_acceptance_reason": "",
                    },
                )
                if plan.stop == "escalated" and plan.stop_stage == number:
                    return
                continue
            wait = rng.randint(0, 4) if not has_next else rng.randint(10, 30)
            day = self._step(plan, day + timedelta(days=wait), day)
            self._close(built, day, self.officer, "")
            return

    def _open_stage(
        self, built: Built, procedure: Procedure, number: int, received: date, handler: User | None
    ) -> Stage:
        """Stage 1 when the case starts; a later stage was opened by its escalation."""
        if built.stages and built.stages[-1].number == number:
            return built.stages[-1]
        stage = self.history.open_stage(
            built.case, procedure.rules[number - 1], received=received, handler=handler, new=self.t.stage.new
        )
        built.stages.append(stage)
        return stage

    def _acknowledge(self, built: Built, procedure: Procedure, stage: Stage, day: date) -> None:
        case = built.case
        if case.lead_officer is None:
            case.lead_officer = self._lead_officer(case.service_area.slug)
            stage.handler = case.lead_officer
            self.event(
                built,
                EventKind.LEAD_OFFICER_CHANGED,
                self.at(day, built.last_at),
                f"Lead officer changed from nobody to {case.lead_officer}.",
                actor=self.officer,
                visible=True,
                data={"from": None, "to": case.lead_officer.id},
            )
        if not case.definition and case.kind == CaseKind.COMPLAINT:
            case.definition = (
                f"{case.title}. The customer says the council has not put this right and wants: "
                f"{case.desired_outcome[:1].lower()}{case.desired_outcome[1:]}"
            )
        self.event(
            built,
            EventKind.ACKNOWLEDGED,
            self.at(day, built.last_at),
            self.history.acknowledge(case, stage, on=day),
            actor=stage.handler or self.officer,
            visible=True,
            data={"definition": case.definition, "acknowledged_on": day.isoformat()},
        )

    def _extend(self, built: Built, plan: Plan, procedure: Procedure, stage: Stage, day: date) -> date:
        rng = self.rng
        rule = procedure.rules[stage.number - 1]
        granted = self._step(plan, self._before(stage.response_due_date, rng.randint(1, 4), day), day)
        previous = stage.response_due_date
        cap = rule.max_extension_working_days or 20
        new_due = self.days.add(previous, rng.randint(3, max(3, cap // 2)))
        reason = rng.choice(text.EXTENSION_REASONS)
        # Some procedures extend only by a period agreed with the customer (docs/rules-deadlines.md).
        agreed = rule.extension_needs_agreement or rng.random() < 0.85
        granted_at = self.at(granted, built.last_at)
        granted_on = granted_at.astimezone(self.tz).date()
        extension, summary = self.history.extend(
            built.case,
            stage,
            new_due_date=new_due,
            reason=reason,
            agreed_on=granted_on if agreed else None,
            granted_on=granted_on,
            granted_at=granted_at,
            granted_by=stage.handler or self.officer,
            good_reason="The investigation needs an independent survey that cannot be done sooner.",
            new=self.t.extension.new,
        )
        self.event(
            built,
            EventKind.EXTENDED,
            granted_at,
            summary,
            actor=stage.handler or self.officer,
            visible=True,
            data={
                "previous": previous.isoformat(),
                "new": new_due.isoformat(),
                "beyond_original": extension.working_days_beyond_original,
                "agreed": agreed,
                "customer_agreed_on": granted_on.isoformat() if agreed else None,
                "good_reason": extension.good_reason,
            },
        )
        return granted

    def _before(self, due: date, working_days: int, earliest: date) -> date:
        """A working day `working_days` before `due`, but not before `earliest`."""
        index = bisect_right(self.days.days, due) - 1 - working_days
        return max(earliest, self.days.days[max(index, 0)])

    def _outcome(self, plan: Plan, procedure: Procedure, number: int) -> str:
        last_stage = plan.stop_stage == number and plan.stop in ("closed", "responded")
        if plan.outcome and last_stage:
            return plan.outcome
        if plan.stop and plan.stop_stage > number:
            return self.rng.choice(("not_upheld", "partly_upheld"))  # the customer will escalate
        if number > 1:
            return self.rng.weighted(LATER_OUTCOMES, LATER_OUTCOME_WEIGHTS)
        return self.rng.weighted(self.outcomes, self.outcome_weights)

    def _respond(self, built: Built, procedure: Procedure, stage: Stage, day: date, outcome: str) -> None:
        rng, case = self.rng, built.case
        summary = self.history.respond(
            case,
            stage,
            on=day,
            outcome=outcome,
            reasons=rng.choice(text.OUTCOME_REASONS[outcome]),
            first_received=built.stages[0].received_date,
        )
        remedies: list[str] = []
        if outcome in ("upheld", "partly_upheld"):
            kinds = ["apology", *rng.sample(REMEDIES_BESIDES_APOLOGY, rng.randint(0, 2))]
            if rng.random() < 0.3 and "financial" not in kinds:
                kinds.append("financial")
            for remedy_type in kinds:
                amount = None
                if remedy_type == "financial":
                    amount = Decimal(rng.choice((25, 50, 75, 100, 150, 250, 400, 750)))
                due = day + timedelta(days=rng.choice((0, 10, 20, 28)))
                # Most remedies are carried out on time, a few late; only recent ones are still outstanding, as at
                # a council that follows them through (old cases do not bury this week's work).
                if rng.random() < 0.85:
                    completed: date | None = due - timedelta(days=rng.randint(0, (due - day).days))
                else:
                    completed = due + timedelta(days=rng.randint(1, 10))
                if rng.random() < 0.5 and due >= self.today - timedelta(days=60):
                    completed = None
                self.t.remedy.add(
                    (
                        stage,
                        remedy_type,
                        text.REMEDIES[remedy_type],
                        amount,
                        due,
                        completed if completed and completed <= self.today else None,
                    )
                )
                remedies.append(remedy_type)
            if rng.random() < 0.3:
                stage.outstanding_actions = "Complete the repair and write to the customer when it is done."
        on_time = day <= stage.response_due_date
        self.event(
            built,
            EventKind.RESPONDED,
            self.at(day, built.last_at),
            summary,
            actor=stage.handler or self.officer,
            visible=True,
            data={
                "stage": stage.number,
                "outcome": outcome,
                "responded_on": day.isoformat(),
                "on_time": on_time,
                "remedies": remedies,
            },
        )

    def _next_handler(self, built: Built, service_id: int) -> User:
        earlier = {stage.handler.id for stage in built.stages if stage.handler is not None}
        slug = built.case.service_area.slug
        candidates = [
            self.demo.heads.get(slug),
            self.demo.users["head"],
            self.demo.users["s.quinn"],
            *self.heads_of_service,
        ]
        return next(user for user in candidates if user is not None and user.id not in earlier)

    def _decline(self, built: Built, stage: Stage, day: date) -> None:
        case = built.case
        reason = self.rng.choice(text.DECLINE_REASONS)
        at = self.at(day, built.last_at)
        self.event(
            built,
            EventKind.DECLINED,
            at,
            self.history.decline(case, stage, at=at, reason=reason),
            actor=self.officer,
            visible=True,
            data={"reason": reason, "signposted_to_ombudsman": True},
        )

    def _withdraw(self, built: Built, stage: Stage, day: date) -> None:
        case = built.case
        note = "The customer rang to say the problem has been sorted out."
        at = self.at(day, built.last_at)
        self.event(
            built,
            EventKind.CLOSED,
            at,
            self.history.withdraw(case, stage, at=at, on=day, note=note),
            actor=self.officer,
            visible=True,
            data={"withdrawn": True, "note": note},
        )

    def _merge(self, built: Built, plan: Plan, stage: Stage, target: Case, day: date) -> None:
        case = built.case
        day = self._step(plan, self.days.add(day, self.rng.randint(0, 3)), day)
        at = self.at(day, built.last_at)
        here, there = self.history.merge(
            case, stage, target, at=at, note="The same problem was already being dealt with."
        )
        self.t.link.add((case, target, LinkKind.MERGED_INTO, None))
        self.event(
            built,
            EventKind.MERGED,
            at,
            here,
            actor=self.officer,
            visible=True,
            data={"into": target.reference},
        )
        self.t.event.add((target, EventKind.MERGED, at, self.officer, there, {"from": case.reference}, False))

    def _contribution(self, built: Built, stage: Stage, day: date) -> None:
        rng, case = self.rng, built.case
        others = [
            service
            for service, _ in self.demo.services
            if service.id != case.service_area.id and not service.is_restricted
        ]
        service = rng.choice(others)
        slug = service.slug
        requested_at = self.at(day, built.last_at)
        due = self._before(stage.response_due_date, 3, day)
        received_day = self.days.add(day, rng.randint(1, max(1, self.days.between(day, due) + 2)))
        officer = rng.choice(self.demo.officers[slug])
        contribution = self.t.contribution.new(
            case=case,
            service_area=service,
            requested_from=officer,
            request_note=rng.choice(text.CONTRIBUTION_NOTES),
            due_date=due,
            requested_by=case.lead_officer or self.officer,
            requested_at=requested_at,
        )
        self.event(
            built,
            EventKind.CONTRIBUTION_REQUESTED,
            requested_at,
            f"Contribution requested from {service.name}, due {long_date(due)}.",
            actor=case.lead_officer or self.officer,
            data={"service": service.name, "due": due.isoformat()},
        )
        if received_day <= self.today:
            contribution.contribution = rng.choice(text.CONTRIBUTIONS)
            contribution.received_at = self.at(received_day, requested_at)
            self.event(
                built,
                EventKind.CONTRIBUTION_RECEIVED,
                contribution.received_at,
                f"Contribution received from {service.name}.",
                actor=officer,
                data={"service": service.name},
            )


# --- writing ---------------------------------------------------------------------------------------------------


def _references(plans: list[Plan]) -> Iterator[str]:
    """PR-{year}-{n:05d}, numbered on from what each year's sequence has already issued."""
    issued = dict(ReferenceSequence.objects.values_list("year", "last_number"))
    used = Case.objects.filter(reference__startswith="PR-").values_list("reference", flat=True)
    for reference in used.iterator():  # numbers used by cases written without the sequence (older demo runs)
        year, number = int(reference[3:7]), int(reference[8:])
        issued[year] = max(issued.get(year, 0), number)
    zone = timezone.get_current_timezone()  # once, not for each of a million cases (`localtime` asks each time)
    for plan in plans:
        year = plan.received_at.astimezone(zone).year
        issued[year] = issued.get(year, 0) + 1
        yield f"PR-{year}-{issued[year]:05d}"


def _bring_sequences_up_to_date() -> None:
    """Make each year's sequence at least the highest number used, so `next_reference` never reuses one."""
    highest: dict[int, int] = {}
    for reference in Case.objects.filter(reference__startswith="PR-").values_list("reference", flat=True).iterator():
        year, number = int(reference[3:7]), int(reference[8:])
        highest[year] = max(highest.get(year, 0), number)
    for year, number in highest.items():
        sequence, _ = ReferenceSequence.objects.get_or_create(year=year)
        if sequence.last_number < number:
            ReferenceSequence.objects.filter(year=year).update(last_number=number)


class Row:
    """One row to insert, read and written like a model instance at a fraction of the cost of creating one.

    Each table has its own subclass whose class attributes are the fields' defaults, so a new row holds only the
    values it was given.
    """

    @property
    def pk(self) -> int | None:
        return self.__dict__.get("id")


class Table:
    """The rows of one model waiting to be inserted, written with one `executemany` (or `COPY`) per batch.

    Rows that other rows point to get their ids here, counted on from the table's highest id, so a case can
    name its current stage before either is written (the foreign keys are checked when the transaction ends, or
    once after the load: see `core.bulk.bulk_load`). Other rows get theirs from the database.

    A table whose rows are written once and never read again is `given` the fields its rows name: each is then added
    as a plain tuple of those fields' values, in that order (`add((case, kind, ...))`), the other fields taking their
    defaults; a table's rows are otherwise `Row` objects made by `new`, read and changed like model instances.
    """

    def __init__(self, model: type[models.Model], *, numbered: bool = False, given: tuple[str, ...] = ()) -> None:
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        defaults = {field.name: None if field.is_relation else field.get_default() for field in self.fields}
        self.row_class: type[Row] = type(f"{model.__name__}Row", (Row,), defaults)
        top = model._default_manager.aggregate(top=Max("pk"))["top"]
        self.next_id = (top or 0) + 1 if numbered else None
        unknown = set(given) - set(defaults)
        if unknown or (given and numbered):
            raise ValueError(f"{model.__name__} rows cannot be given as tuples of {given}")
        self.given = {name: itemgetter(index) for index, name in enumerate(given)}
        self.defaults = defaults
        self.rows: list[Any] = []
        self.add: Callable[[tuple[Any, ...]], None] = self.rows.append  # a `given` table's row, in C

    def new(self, **values: Any) -> Any:
        if self.given:
            raise TypeError(f"{self.model.__name__} rows are added as tuples (`add`)")
        row = self.row_class.__new__(self.row_class)
        if self.next_id is not None:
            values["id"] = self.next_id
            self.next_id += 1
        row.__dict__ = values
        self.rows.append(row)
        return row

    def take(self, now: datetime) -> tuple[type[models.Model], list[str], list[Any]] | None:
        """The rows waiting, as `insert_rows` takes them (their values read now), and the table emptied."""
        if not self.rows:
            return None
        rows = self.rows.copy()
        self.rows.clear()  # the same list: `add` appends to it
        columns: list[str] = []
        values: list[Iterable[Any]] = []
        if self.next_id is not None:
            columns.append(str(self.model._meta.pk.column))
            values.append(map(_ID, rows))
        for model_field in self.fields:
            columns.append(str(model_field.column))
            name = model_field.name
            if not self.given:
                picked: Iterable[Any] = map(attrgetter(name), rows)
            elif name in self.given:
                picked = map(self.given[name], rows)
            else:
                picked = repeat(self.defaults[name], len(rows))
            values.append(_column(model_field, picked, len(rows), now))
        # Column by column, each in C (`map` over getters and converters), then zipped into rows once.
        return self.model, columns, list(zip(*values, strict=True))

    def reset_sequence(self) -> None:
        """PostgreSQL: move the id sequence past the ids given here (nothing to do on SQLite)."""
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)


def _column(field: models.Field, picked: Iterable[Any], count: int, now: datetime) -> Iterable[Any]:
    """One column's `count` values, `picked` from the rows, as the database takes them: converted in C where the
    value allows.

    A parent is written as its id (None for no parent); a time set on save as `now`; JSON as its text. SQLite stores
    dates and times as text, in UTC for times (as Django's own adapters do); PostgreSQL's driver takes the Python
    values directly.
    """
    if field.is_relation:
        if not field.null:  # a required parent is never None
            return map(_ID, picked)
        return map(getattr, picked, repeat("id"), repeat(None))
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return repeat(connection.ops.adapt_datetimefield_value(now), count)
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.JSONField):
        return map("".join, map(_json_encoder(), picked, repeat(0)))
    if isinstance(field, models.DateTimeField):
        return map(_sqlite_datetime, picked) if sqlite else picked
    if isinstance(field, models.DateField):
        return map(_sqlite_date, picked) if sqlite else picked
    if isinstance(field, models.DecimalField):
        return map(_decimal_text, picked)
    return picked


_ID = attrgetter("id")


def _json_encoder() -> Callable[[Any, int], Sequence[str]]:
    """The C encoder `json.dumps` uses with its defaults: `"".join(encode(value, 0))` is `json.dumps(value)`, the same
    text, about three times faster: `json.dumps` makes a new encoder for every value it is given, this one is made
    once a column (and skips the check for values that contain themselves: rows never do)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C encoder
        return lambda value, _level: (json.dumps(value),)
    plain = json.JSONEncoder()
    return make(
        None, plain.default, json.encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True
    )  # as `JSONEncoder.iterencode` calls it for `json.dumps(value)`


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _sqlite_datetime(value: datetime | None) -> str | None:
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class Tables:
    """Every table the demo cases are written to, in the order they must be inserted."""

    def __init__(self) -> None:
        self.customer = Table(Customer, numbered=True)
        self.representative = Table(Representative, numbered=True)
        self.adjustment = Table(ReasonableAdjustment)
        self.vulnerability = Table(VulnerabilityNote)
        self.contact = Table(Contact, numbered=True)
        self.case = Table(Case, numbered=True)
        self.stage = Table(Stage, numbered=True)
        self.extension = Table(Extension)
        self.remedy = Table(
            Remedy, given=("stage", "remedy_type", "description", "amount", "due_date", "completed_date")
        )
        self.contribution = Table(Contribution)
        self.call = Table(CallLog, given=("case", "direction", "outcome", "occurred_at", "logged_by", "notes"))
        self.event = Table(
            TimelineEvent,
            given=("case", "kind", "occurred_at", "actor", "summary", "data", "is_visible_to_customer"),
        )
        self.category = Table(Case.categories.through, given=("case", "category"))
        self.link = Table(CaseLink, given=("from_case", "to_case", "kind", "created_by"))

    @property
    def all(self) -> list[Table]:
        return list(vars(self).values())

    def write(self, now: datetime, insert: Callable[[Sequence[Rows]], None] | None = None) -> None:
        """Insert every table's waiting rows, in the order they must be inserted: their values are read now, and
        `insert` (by default at once) writes them."""
        batch = [taken for taken in (table.take(now) for table in self.all) if taken is not None]
        if insert is None:
            for rows in batch:
                insert_rows(*rows)
        else:
            insert(batch)

    def reset_sequences(self) -> None:
        for table in self.all:
            if table.next_id is not None:
                table.reset_sequence()


def progress_bar(done: int, total: int, started: float) -> str:
    width = 30
    filled = int(width * done / total) if total else width
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} cases  {clock.monotonic() - started:5.1f}s"


# From this many cases a seed is a bulk load (`core.bulk.bulk_load`): checks and indexes are brought up to date once
# at the end, which costs about as much as the rows already in the tables, so small seeds into big databases skip it.
BULK_LOAD_FROM = 10_000


def seed_cases(
    demo: DemoOrganisation,
    count: int,
    *,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    bulk: bool | None = None,
    finished: bool = False,
) -> int:
    """Write `count` cases received over the last three years, in one transaction; returns how many were written.

    `bulk` (by default: from BULK_LOAD_FROM cases) loads them as `core.bulk.bulk_load` says; the rows are the same.
    `finished`: write the rows as `seed_demo`'s later steps leave them, rather than have those steps update them
    after (at a million cases, updating the rows again took longer than writing them): each answered stage in its
    complaint's words (`responses.match_responses_to_complaints`) and each housing customer with a tenure
    (`returns.seed_returns`, which still gives one to a customer written before their first housing case).
    """
    now = timezone.now()
    today = today or timezone.localdate()
    bulk = count >= BULK_LOAD_FROM if bulk is None else bulk
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a bigger page cache for this connection: the indexes stay in memory
            cursor.execute("PRAGMA cache_size = -256000")
    with connection.constraint_checks_disabled() if bulk else nullcontext(), transaction.atomic():
        tables = Tables()
        loading = bulk_load([table.model for table in tables.all]) if bulk else nullcontext()
        with loading, search.indexed_once_after_bulk_insert():
            generator = Generator(demo, tables, seed=seed, today=today, now=now, finished=finished)
            plans = generator.plans(count)
            references = _references(plans)
            done = 0
            with inserted_behind() as insert, _collected_by_batch() as collect:
                for start in range(0, len(plans), BATCH_SIZE):
                    for plan in plans[start : start + BATCH_SIZE]:
                        generator.build(plan, next(references))
                    tables.write(now, insert)
                    collect()
                    done = min(count, start + BATCH_SIZE)
                    if progress:
                        progress(done, count)
        tables.reset_sequences()
        _bring_sequences_up_to_date()
    return done


@contextmanager
def _collected_by_batch() -> Iterator[Callable[[], object]]:
    """Python's cycle collector run once a batch (by the `collect` yielded), over that batch's objects only, rather
    than every few thousand new objects and every so often over all of them.

    A batch's rows point at each other in cycles (a case at its current stage and the stage at its case), so they
    are freed by the collector, not as soon as they are written. Left to itself it runs hundreds of times a batch,
    each time going through the rows still waiting, and often through everything else (Django's own objects, the
    plans, the rows kept for later cases): a fifth of the seed's time. Once a batch, just after its rows are
    written, it finds them all unreachable at once; what existed before the batches is set aside (`gc.freeze`).
    """
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.freeze()  # what exists now lives on: no collection goes through it
    gc.disable()
    try:
        yield lambda: gc.collect(1)  # the objects made since the last collection; what outlives it is not looked at
    finally:
        if enabled:
            gc.enable()
        if not frozen:  # else left as the caller froze it
            gc.unfreeze()


def stderr_progress() -> Callable[[int, int], None]:
    started = clock.monotonic()

    def show(done: int, total: int) -> None:
        sys.stderr.write(progress_bar(done, total, started))
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
