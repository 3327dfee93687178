"""Opening a case from a contact (references, the first stage) and setting up imported ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

import putright.cases.lifecycle.wording as wording
from putright.cases import events
from putright.cases.choices import (
    KINDS_WITHOUT_PROCEDURE,
    CaseKind,
    EventKind,
)
from putright.cases.lifecycle.clock import _apply_deadlines, _refresh_next_due
from putright.cases.lifecycle.transitions import set_current_stage
from putright.cases.models import Case, Contact, ReferenceSequence, Stage
from putright.core.errors import TransitionError
from putright.core.inserts import insert
from putright.core.postcodes import postcode_for_storage
from putright.core.prepared import PreparedRead
from putright.organisation.models import Category, PostcodeWard, ServiceArea, Team, User
from putright.procedures.models import ProcedureVersion, StageRule
from putright.procedures.selectors import stage_rule

# The ward of a postcode in the council's postcode-to-ward list.
_ward_of = PreparedRead(
    lambda postcode: PostcodeWard.objects.filter(postcode=postcode).values_list("ward", flat=True)[:1],
    str,
)


def _first_stage_rule(version: ProcedureVersion, start_at_investigation: bool) -> StageRule:
    """Stage 1, or for a clearly complex complaint the stage its procedure lets it start at (the SPSO and NIPSO
    model procedures: stage 2, investigation). See docs/rules-deadlines.md."""
    if not start_at_investigation:
        return stage_rule(version, 1)
    rule = next((rule for rule in version.stages.all() if rule.may_start_here), None)
    if rule is None:
        raise TransitionError(
            f"{version.procedure.name} does not let a complaint start after stage 1: start it at stage 1",
            "start_at_investigation",
        )
    return rule


def _open_stage(case: Case, rule: StageRule, *, received: date, handler: User | None, definition: str) -> Stage:
    stage = _new_stage(case, rule, received=received, handler=handler, definition=definition)
    stage.save()
    return stage


def _new_stage(case: Case, rule: StageRule, *, received: date, handler: User | None, definition: str) -> Stage:
    """The stage, unsaved, with its deadlines worked out (they need nothing of the case but its rule's)."""
    stage = Stage(
        case=case, number=rule.number, rule=rule, handler=handler, received_date=received, definition=definition
    )
    stage.rule = rule
    _apply_deadlines(stage)
    return stage


def _next_stage_id() -> int:
    """The id the next stage written will have, taken now: a new case's row is written with its first stage as its
    current stage, so it is written once rather than written and then changed (on PostgreSQL a change rewrites
    every index of the case table, some thirty). Inside the transaction that writes the stage: PostgreSQL's sequence
    never gives the same id twice; SQLite's write lock (`BEGIN IMMEDIATE`, settings.py) keeps other writers out
    until it commits, and the id is the one SQLite would give (one above the largest it has ever given)."""
    connection = connections[router.db_for_write(Stage)]
    table, column = Stage._meta.db_table, "id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))", [table, column])
        else:
            quote = connection.ops.quote_name
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
                f"COALESCE((SELECT MAX({quote(column)}) FROM {quote(table)}), 0)) + 1",
                [table],
            )
        return int(cursor.fetchone()[0])


# --- references ------------------------------------------------------------------------------------------


def _reference_and_stage_id(year: int, *, with_stage: bool) -> tuple[str, int | None]:
    """A new case's reference, and (`with_stage`) the id its first stage will have (`_next_stage_id`) when the
    same statement can take it: on PostgreSQL the reference counter's UPDATE takes the stage's id from its
    sequence too, one round trip to the server rather than two. Otherwise None, for the caller to take it."""
    connection = connections[router.db_for_write(ReferenceSequence)]
    if not with_stage or connection.vendor != "postgresql":
        return next_reference(year), None
    meta = ReferenceSequence._meta
    quote = connection.ops.quote_name
    last_number = quote(str(meta.get_field("last_number").column))
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {last_number} = {last_number} + 1 "  # noqa: S608 - the model's own names
        f"WHERE {quote(str(meta.get_field('year').column))} = %s "
        f"RETURNING {last_number}, nextval(pg_get_serial_sequence(%s, %s))"
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, [year, Stage._meta.db_table, "id"])
        row = cursor.fetchone()
    if row is None:  # the year's first case: its counter is made as `next_references` makes it
        return _references(year, _start_sequence(year, 1), 1)[0], None
    return _references(year, int(row[0]), 1)[0], int(row[1])


def next_reference(year: int) -> str:
    """A new case reference such as PR-2026-00042: unique under concurrent creation and never reused."""
    return next_references(year, 1)[0]


def next_references(year: int, count: int) -> list[str]:
    """`count` new case references of `year`, in order (an import numbers a batch of old cases at once).

    The counter row is incremented with an UPDATE, which takes the row lock until the transaction ends, and gives
    back the number it set (RETURNING: SQLite and PostgreSQL), so nothing is read again.
    """
    if count < 1:
        return []
    # No savepoint of its own inside a caller's transaction: a failure here fails the caller's change, which rolls
    # back whole (the row created below keeps its savepoint, as a lost race is caught and carried on from).
    with transaction.atomic(savepoint=False):
        last = _add_to_sequence(year, count)
        if last is None:
            last = _start_sequence(year, count)
    return _references(year, last, count)


def _references(year: int, last: int, count: int) -> list[str]:
    """The `count` references of `year` numbered up to `last`."""
    return [f"PR-{year}-{number:05d}" for number in range(last - count + 1, last + 1)]


def _start_sequence(year: int, count: int) -> int:
    """Make the year's counter, having found none, with `count` taken; the new last number. Inside the caller's
    transaction (the row keeps a savepoint of its own: a lost race is caught and carried on from)."""
    try:
        with transaction.atomic():
            ReferenceSequence.objects.create(year=year, last_number=count)
        return count
    except IntegrityError:  # another request created this year's row first
        last = _add_to_sequence(year, count)
    if last is None:
        raise RuntimeError(f"No reference counter for {year}.")
    return last


def _add_to_sequence(year: int, count: int) -> int | None:
    """Add `count` to the year's counter and give the new last number; None when the year has no counter yet."""
    meta = ReferenceSequence._meta
    connection = connections[router.db_for_write(ReferenceSequence)]
    quote = connection.ops.quote_name
    last_number = quote(str(meta.get_field("last_number").column))
    year_column = quote(str(meta.get_field("year").column))
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {last_number} = {last_number} + %s "  # noqa: S608 - the model's own names
        f"WHERE {year_column} = %s RETURNING {last_number}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, year])
        row = cursor.fetchone()
    return int(row[0]) if row is not None else None


# --- opening a case ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDetails:
    """What triage decides about one case made from a contact."""

    kind: CaseKind
    kind_reason: str
    service_area: ServiceArea
    title: str
    description: str
    procedure_version: ProcedureVersion | None = None
    desired_outcome: str = ""
    definition: str = ""
    lead_officer: User | None = None
    team: Team | None = None
    categories: Sequence[Category] = ()
    postcode: str = ""
    ward: str = ""
    raised_by: User | None = None
    # A clearly complex complaint may start at the stage its procedure allows (SPSO / NIPSO: stage 2).
    start_at_investigation: bool = False
    # When the matter happened, if the customer said (the public form asks): the time limit to complain runs from it.
    matter_date: date | None = None


def open_case(
    *,
    contact: Contact,
    details: CaseDetails,
    actor: User | None,
    received_at: datetime | None = None,
    answered_with: str = "",
) -> Case:
    """Create a case from a contact, with stage 1 open and its clock running from the day of receipt.

    `answered_with`: the reference of the case whose response will answer this one (a part split off to be answered
    together): the customer hears of it from that case, so nothing is sent for this one being logged."""
    if details.kind not in KINDS_WITHOUT_PROCEDURE and details.procedure_version is None:
        raise TransitionError(f"Choose the procedure for this {details.kind.label.lower()}", "procedure")
    received_at = received_at or contact.received_at
    postcode = postcode_for_storage(details.postcode) or (contact.customer.postcode if contact.customer else "")
    ward = details.ward or (contact.customer.ward if contact.customer else "")
    if not ward and postcode:
        # Neither the officer nor the customer's record says: the council's postcode-to-ward list may.
        ward = next(iter(_ward_of(postcode)), "") or ""
    # Inside a caller's transaction (logging, triage, a split) no savepoint of its own: nothing between here and
    # the caller's own atomic block catches a failure, which rolls the whole change back (no half-written case).
    with transaction.atomic(savepoint=False):
        local_received = timezone.localtime(received_at)
        with_stage = details.kind not in KINDS_WITHOUT_PROCEDURE
        reference, stage_id = _reference_and_stage_id(local_received.year, with_stage=with_stage)
        case = Case(
            reference=reference,
            kind=details.kind,
            kind_reason=details.kind_reason,
            contact=contact,
            customer=contact.customer,
            raised_by=details.raised_by,
            procedure_version=details.procedure_version if details.kind not in KINDS_WITHOUT_PROCEDURE else None,
            service_area=details.service_area,
            team=details.team,
            title=details.title,
            description=details.description,
            desired_outcome=details.desired_outcome,
            matter_date=details.matter_date,
            definition=details.definition,
            lead_officer=details.lead_officer,
            is_restricted=details.service_area.is_restricted,
            postcode=postcode,
            ward=ward,
            received_at=received_at,
            created_by=actor,
        )
        stage = None
        if case.procedure_version is not None:
            rule = _first_stage_rule(case.procedure_version, details.start_at_investigation)
            stage = _new_stage(
                case, rule, received=local_received.date(), handler=details.lead_officer, definition=details.definition
            )
            stage.pk = stage_id if stage_id is not None else _next_stage_id()
            set_current_stage(case, stage)
        _refresh_next_due(case, stage, made_just_now=True)
        # The case is written once, already naming its first stage (written next: the database checks the
        # reference at commit). Each with an INSERT built once per process (`core.inserts`).
        insert(case)
        if stage is not None:
            insert(stage)
        if details.categories:
            case.categories.set(details.categories)
        if contact.triaged_at is None:
            Contact.objects.filter(pk=contact.pk).update(triaged_at=timezone.now())
        procedure = case.procedure_version.procedure.name if case.procedure_version else "no procedure"
        started = ""
        if stage is not None and stage.number > 1:
            started = f" {stage.title} from the start, as a clearly complex complaint."
        events.record(
            case,
            EventKind.LOGGED,
            wording.logged(case.get_kind_display(), contact.logged_from, procedure, started),
            actor=actor,
            data={
                "kind": case.kind,
                "reason": details.kind_reason,
                "channel": contact.channel,
                "procedure": procedure,
                "service": details.service_area.name,
            }
            | ({"answered_with": answered_with} if answered_with else {}),
            visible_to_customer=True,
            occurred_at=max(received_at, contact.received_at),
            case_made_just_now=True,
        )
        if details.lead_officer:
            events.record(
                case,
                EventKind.LEAD_OFFICER_CHANGED,
                wording.lead_officer(details.lead_officer),
                actor=actor,
                data={"lead_officer": details.lead_officer.pk},
                visible_to_customer=True,
                case_made_just_now=True,
            )
    return case
