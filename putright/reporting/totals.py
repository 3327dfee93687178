"""Running totals of the complaint stages and of the cases received, kept by the lifecycle in the change's
transaction, so the committee's stage figures and the dashboard's received-case breakdowns and hotspots are sums
over a few thousand rows however many cases there are.

A `StageTotal` row counts complaint stages by day, stage number, service, procedure, whether the case is
restricted and (for answers) outcome, received date and calendar: a stage counts once on the day it was received
(and whether it was escalated to, for the escalation rate), once on the day it was acknowledged (and whether on
time) and once on the day it was answered (within the current date, within the original date, extended beyond the
local limit). A `CaseTotal` row counts cases received by their
kind, channel and (complaints) ward and categories, by service, procedure, whether restricted and whether a
complaint, by day and again by month. Each is worked out from the stage facts (reporting/facts.py) by
`contributions` and `case_contributions`, the one statement of what a fact adds to the totals. The Code annual
report's evidence is read from them too (`stage_evidence`, `declined` and the rest at the end): the stage totals also
count each stage's extensions and handler on the day it was received and its definition on the day it was
acknowledged, and the case totals the complaints declined on the day they were declined.

**Why append-only rows of differences.** Totals are shared: every officer answering a housing stage 1 today would
update the same row, and on PostgreSQL each would wait for the last to commit, or deadlock with one touching the
same rows in another order. So nothing here updates a row. When a case changes, `record_change` compares its facts
before and after and inserts the differences (+1 on the new key, -1 on the old) in the change's own transaction:
inserts take no lock another insert waits for. A figure is the sum of its key's rows, so it is right at once.
`compact_totals` (a scheduler job) adds each day's rows up into one per key, deleting only the rows it read (and
locked), in one transaction: the sums, and so the figures, are the same before and after, and a difference
inserted meanwhile is simply left for the next run.

**Who sees what.** The rows say which service a case is in and whether it is restricted, which is all the access
rule asks of most readers (`selectors.reported_columns`). Someone named on a restricted case of another service
sees cases nobody else does: their figures are read from the stage facts and the cases, case by case, as before.

`rebuild_totals()` (run by `manage.py rebuild_case_facts` after the facts) works every total out again from the
facts; `totals_out_of_step()` compares without writing.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache, reduce
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.db.models import Case as Choose
from django.db.models import IntegerField, Q, QuerySet, Sum, Value, When

from putright.cases.choices import CaseKind, Channel, Outcome, RemedyType
from putright.cases.outstanding import RemedyFigures
from putright.core.bulk import insert_rows
from putright.core.periods import Period, month_start, previous_periods, whole_months
from putright.organisation.models import Category, ServiceArea
from putright.procedures.calendar import days_perhaps_off_between, weekdays_between
from putright.procedures.models import Procedure
from putright.reporting import hotspots, queries
from putright.reporting.models import CaseTotal, StageFact, StageTotal
from putright.reporting.queries import Filters
from putright.reporting.remedies import RemediesOwed

# What a row is a total of, and what it counts.
KEY = (
    "measure",
    "by_month",
    "day",
    "number",
    "service_area_id",
    "procedure_id",
    "is_restricted",
    "outcome",
    "received_date",
    "excludes_boxing_day",
    "spanned_date",
)
COUNTS = (
    "count",
    "on_time",
    "within_original",
    "beyond",
    "defined",
    "extensions",
    "extensions_beyond_cap",
    "same_handler",
    "weekdays",
    "escalated",
)
# The measures and counts the committee's stage figures read (`stage_rows`, with the `spans` when it reads the average
# working days); the others are the Code evidence's.
STAGE_MEASURES = (StageTotal.RECEIVED, StageTotal.ACKNOWLEDGED, StageTotal.RESPONDED)
STAGE_COUNTS = (*COUNTS[:4], "weekdays", "escalated")
CASE_KEY = ("measure", "by_month", "day", "service_area_id", "procedure_id", "is_restricted", "is_complaint", "value")
CASE_COUNTS = ("count", "pence")
BATCH = 2000

Key = tuple[Any, ...]
Totals = dict[Key, list[int]]

# `month_start` of a day, remembered: a rebuild asks for it some ten million times at a million cases, for a few
# thousand days.
_month_of = lru_cache(maxsize=8192)(month_start)


class Fact(NamedTuple):
    """A stage fact as the totals read it, without a model instance for each of a million rows (`rebuild_totals`)."""

    case_id: int
    number: int
    is_complaint: bool
    service_area_id: int | None
    received_date: date
    acknowledged_date: date | None
    acknowledged_on_time: bool | None
    responded_date: date | None
    outcome: str
    responded_within: bool
    responded_within_original: bool
    extended_beyond_local_limit: bool
    excludes_boxing_day: bool
    is_restricted: bool
    procedure_id: int | None
    kind: str
    channel: str
    ward: str
    categories: str
    case_received_date: date | None
    remedies: str
    remedy_pence: int
    declined_date: date | None
    has_definition: bool
    extension_count: int
    extensions_beyond_cap_count: int
    has_earlier_handler: bool
    is_escalated: bool


AnyFact = StageFact | Fact


def contributions(facts: Iterable[AnyFact], into: Totals | None = None) -> Totals:
    """What these stage facts add to the stage totals, by key (added to `into` when given): only complaint stages
    count (the fact says which).

    An answer also adds its weekdays from received to answered, and counts once under `spans` for each weekday
    between that some calendar may not count as a working day (`calendar.days_perhaps_off_between`; not for a
    withdrawal, which no average counts), so the average working days are a sum over the period's rows whatever the
    organisation's calendar (`queries.average_working_days_summed`)."""
    totals: Totals = defaultdict(lambda: [0] * len(COUNTS)) if into is None else into
    for fact in facts:
        if not fact.is_complaint or not fact.number:  # a case's row 0 is no stage
            continue
        common = (fact.number, fact.service_area_id, fact.procedure_id, fact.is_restricted)
        # Each by its day and again by its month; an answer's received date and calendar only by day.
        for by_month, day in ((False, fact.received_date), (True, _month_of(fact.received_date))):
            row = totals[(StageTotal.RECEIVED, by_month, day, *common, "", None, False, None)]
            row[0] += 1
            row[5] += fact.extension_count
            row[6] += fact.extensions_beyond_cap_count
            row[7] += fact.has_earlier_handler
            row[9] += fact.is_escalated
        if fact.acknowledged_date is not None:
            for by_month, day in ((False, fact.acknowledged_date), (True, _month_of(fact.acknowledged_date))):
                if fact.acknowledged_on_time is not None:  # an acknowledgement that was due
                    row = totals[(StageTotal.ACKNOWLEDGED, by_month, day, *common, "", None, False, None)]
                    row[0] += 1
                    row[1] += fact.acknowledged_on_time
                row = totals[(StageTotal.DEFINED, by_month, day, *common, "", None, False, None)]
                row[0] += 1
                row[4] += fact.has_definition
        if fact.responded_date is not None:
            _add_answer(totals, fact, fact.responded_date, common)
    return totals


def _add_answer(totals: Totals, fact: AnyFact, answered: date, common: tuple[Any, ...]) -> None:
    received, boxing_day = fact.received_date, fact.excludes_boxing_day
    days = ((False, answered), (True, _month_of(answered)))
    for by_month, day in days:
        key = (*common, fact.outcome, None if by_month else received, boxing_day and not by_month, None)
        row = totals[(StageTotal.RESPONDED, by_month, day, *key)]
        row[0] += 1
        row[1] += fact.responded_within
        row[2] += fact.responded_within_original
        row[3] += fact.extended_beyond_local_limit
        row[8] += weekdays_between(received, answered)
    if fact.outcome == Outcome.WITHDRAWN:
        return
    for spanned in days_perhaps_off_between(received, answered):
        for by_month, day in days:
            totals[(StageTotal.SPANS, by_month, day, *common, "", None, boxing_day, spanned)][0] += 1


def case_contributions(facts: Iterable[AnyFact], into: Totals | None = None) -> Totals:
    """What these facts add to the case totals, by key (added to `into` when given): each case once (its first row
    holds what every row of it says of the case, and all its rows are among `facts`), by kind and channel, and a
    complaint by ward and in each category (or none); a complaint declined once on the day it was declined, and in
    each category (or none); and each stage's remedies (`_add_remedies`)."""
    first: dict[int, AnyFact] = {}
    totals: Totals = defaultdict(lambda: [0, 0]) if into is None else into
    for fact in facts:
        if fact.case_id not in first or fact.number < first[fact.case_id].number:
            first[fact.case_id] = fact
        _add_remedies(totals, fact)
    for fact in first.values():
        if fact.case_received_date is None:
            continue
        values = [(CaseTotal.KIND, fact.kind), (CaseTotal.CHANNEL, fact.channel)]
        if fact.is_complaint:
            values.append((CaseTotal.WARD, fact.ward))
            values.extend((CaseTotal.CATEGORY, category) for category in category_ids(fact.categories) or [""])
        common = (fact.service_area_id, fact.procedure_id, fact.is_restricted, fact.is_complaint)
        for by_month, day in ((False, fact.case_received_date), (True, _month_of(fact.case_received_date))):
            for measure, value in values:
                totals[(measure, by_month, day, *common, value)][0] += 1
        if fact.is_complaint and fact.declined_date is not None:
            declined = [(CaseTotal.DECLINED, "")]
            declined += [(CaseTotal.DECLINED_CATEGORY, category) for category in category_ids(fact.categories) or [""]]
            for by_month, day in ((False, fact.declined_date), (True, _month_of(fact.declined_date))):
                for measure, value in declined:
                    totals[(measure, by_month, day, *common, value)][0] += 1
    return totals


def _add_remedies(totals: Totals, fact: AnyFact) -> None:
    """What a stage's remedies add to the case totals: each remedy counts on the days that make every remedy figure a
    sum of the rows up to a day (as at that day) or within a period.

    - `offered` by type: on the day a complaint stage was answered (not withdrawn), with the financial amount.
    - `remedy` (by month only, whatever the day): "all" every remedy, "done" those carried out, "late" those
      carried out after their date: the remedies as they stand today.
    - `due`: "all" and "done" on the day after a remedy's due date, from which it is overdue unless done.
    - `owed`, for a complaint stage answered: a remedy is owed as at a day from its answer ("from") until it is
      carried out ("settled", on the later of the two days), and overdue from the later of the answer and the day
      after its due date ("overdue") until it is carried out ("overdue settled", on the latest of the three).
    """
    if not fact.remedies:
        return
    common = (fact.service_area_id, fact.procedure_id, fact.is_restricted, fact.is_complaint)

    def add(measure: str, value: str, day: date, *, by_month_only: bool = False, pence: int = 0) -> None:
        count = 0 if pence else 1
        if not by_month_only:
            row = totals[(measure, False, day, *common, value)]
            row[0] += count
            row[1] += pence
        row = totals[(measure, True, _month_of(day), *common, value)]
        row[0] += count
        row[1] += pence

    answered = fact.responded_date if fact.is_complaint and fact.number else None
    offered = answered is not None and fact.outcome != Outcome.WITHDRAWN
    for entry in fact.remedies.split(","):
        remedy_type, due_text, done_text = entry.split("|")
        due = date.fromisoformat(due_text) if due_text else None
        done = date.fromisoformat(done_text) if done_text else None
        if offered and answered is not None:
            add(CaseTotal.REMEDY_OFFERED, remedy_type, answered)
        add(CaseTotal.REMEDY, "all", fact.received_date, by_month_only=True)
        if done is not None:
            add(CaseTotal.REMEDY, "done", fact.received_date, by_month_only=True)
            if due is not None and done > due:
                add(CaseTotal.REMEDY, "late", fact.received_date, by_month_only=True)
        if due is not None:
            add(CaseTotal.REMEDY_DUE, "all", due + timedelta(days=1))
            if done is not None:
                add(CaseTotal.REMEDY_DUE, "done", due + timedelta(days=1))
        if answered is None:
            continue
        add(CaseTotal.REMEDY_OWED, "from", answered)
        if done is not None:
            add(CaseTotal.REMEDY_OWED, "settled", max(answered, done))
        if due is not None:
            overdue_from = max(answered, due + timedelta(days=1))
            add(CaseTotal.REMEDY_OWED, "overdue", overdue_from)
            if done is not None:
                add(CaseTotal.REMEDY_OWED, "overdue settled", max(overdue_from, done))
    if offered and answered is not None and fact.remedy_pence:
        add(CaseTotal.REMEDY_OFFERED, RemedyType.FINANCIAL, answered, pence=fact.remedy_pence)


def category_ids(categories: str) -> list[str]:
    """A fact's categories (ids, comma-separated, in whatever order the database joined them), sorted."""
    return sorted((part for part in categories.split(",") if part), key=int)


@dataclass(frozen=True)
class _Table:
    """One kind of total: its model, key and counts, and what a fact adds to it."""

    model: type[models.Model]
    key: tuple[str, ...]
    counts: tuple[str, ...]
    contributions: Callable[[Iterable[AnyFact], Totals | None], Totals]


STAGES = _Table(StageTotal, KEY, COUNTS, contributions)
CASES = _Table(CaseTotal, CASE_KEY, CASE_COUNTS, case_contributions)
TABLES = (STAGES, CASES)


def _rows(table: _Table, totals: Totals, *, compacted: bool) -> Iterator[models.Model]:
    for key in sorted(totals, key=repr):
        counts = totals[key]
        if any(counts):
            yield table.model(
                **dict(zip(table.key, key, strict=True)),
                **dict(zip(table.counts, counts, strict=True)),
                compacted=compacted,
            )


def record_change(before: Iterable[StageFact], after: Iterable[StageFact]) -> None:
    """Add to the totals the difference between a case's (or a batch's) facts before and after a change, as new
    rows only (see the module's docstring), in the caller's transaction: one INSERT a kind of total that changed."""
    before, after = list(before), list(after)
    for table in TABLES:
        difference = table.contributions(after, None)
        for key, counts in table.contributions(before, None).items():
            row = difference.setdefault(key, [0] * len(table.counts))
            for index, count in enumerate(counts):
                row[index] -= count
        _insert(table, difference)


def _columns(table: _Table) -> list[str]:
    """The columns a row of `_values` fills, in its order."""
    column_of = {
        name: str(field.column) for field in table.model._meta.concrete_fields for name in (field.name, field.attname)
    }
    return [column_of[name] for name in (*table.key, *table.counts, "compacted")]


def _values(table: _Table, totals: Totals, *, compacted: bool) -> list[tuple[Any, ...]]:
    """The non-zero totals as rows to insert, as the database driver takes them (`_columns`)."""
    sqlite = connection.vendor == "sqlite"
    adapt = connection.ops.adapt_datefield_value
    return [
        (
            *((adapt(value) if isinstance(value, date) else value for value in key) if sqlite else key),
            *counts,
            compacted,
        )
        for key, counts in totals.items()
        if any(counts)
    ]


def _insert(table: _Table, totals: Totals) -> None:
    """Insert the non-zero totals as difference rows with one `executemany`: an import's batch adds tens of
    thousands, and building a model instance for each cost more than the import's own rows."""
    values = _values(table, dict(sorted(totals.items(), key=lambda item: repr(item[0]))), compacted=False)
    if not values:
        return
    quote = connection.ops.quote_name
    columns = _columns(table)
    sql = (
        f"INSERT INTO {quote(table.model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - the model's own names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def rebuild_totals(facts: Iterable[list[Fact]] | None = None) -> int:
    """Work every total out again from the stage facts, replacing what is kept; returns how many rows there are.
    `facts`: the facts in batches, each holding every fact of its cases, when the caller has them (by default they
    are read from the table).

    The facts are read once, as plain rows (`Fact`), and the totals written with `core.bulk.insert_rows` (COPY on
    PostgreSQL): at a million cases there are millions of totals, and a model instance for each fact and each total
    took minutes. Inside the caller's transaction, without a savepoint of its own (`insert_rows` may then write the
    rows frozen, when the caller's `bulk_load` emptied the tables)."""
    with transaction.atomic(savepoint=False):
        rows = 0
        for table, totals in zip(TABLES, _from_facts(facts), strict=True):
            table.model._default_manager.all().delete()
            values = _values(table, totals, compacted=True)
            insert_rows(table.model, _columns(table), values)
            rows += len(values)
        return rows


def _from_facts(facts: Iterable[list[Fact]] | None = None) -> list[Totals]:
    """Every kind of total worked out from the facts (in the order of TABLES), in one read of them: case by case, a
    few thousand facts at a time (or in the batches given)."""
    totals: list[Totals | None] = [None] * len(TABLES)
    for batch in _fact_batches() if facts is None else facts:
        for index, table in enumerate(TABLES):
            totals[index] = table.contributions(batch, totals[index])
    return [added or {} for added in totals]


def _fact_batches() -> Iterator[list[Fact]]:
    """The facts in the order of their case and number, a few thousand at a time: a case's facts stay in one batch
    (its first is the one that counts the case, `case_contributions`)."""
    rows = StageFact.objects.order_by("case_id", "number").values_list(*Fact._fields)
    batch: list[Fact] = []
    for fact in map(Fact._make, rows.iterator(chunk_size=BATCH)):
        if len(batch) >= BATCH and fact.case_id != batch[-1].case_id:
            yield batch
            batch = []
        batch.append(fact)
    yield batch


def _summed(table: _Table, rows: Iterable[tuple[Any, ...]]) -> Totals:
    totals: Totals = {}
    for row in rows:
        key, counts = tuple(row[: len(table.key)]), row[len(table.key) :]
        if any(counts):
            totals[key] = list(counts)
    return totals


def totals_out_of_step() -> list[tuple[Key, list[int] | None, list[int] | None]]:
    """The keys whose kept total (stage or case) differs from the one worked out from the facts: (key, kept,
    expected); empty when they agree. A case total's key starts with its measure, as a stage total's does."""
    differences = []
    for table, worked_out in zip(TABLES, _from_facts(), strict=True):
        kept = _summed(
            table,
            table.model._default_manager.order_by()
            .values_list(*table.key)
            .annotate(*(Sum(name) for name in table.counts))
            .values_list(*table.key, *(f"{name}__sum" for name in table.counts)),
        )
        expected = {key: counts for key, counts in worked_out.items() if any(counts)}
        keys = sorted(set(kept) | set(expected), key=repr)
        differences += [(key, kept.get(key), expected.get(key)) for key in keys if kept.get(key) != expected.get(key)]
    return differences


def compact_totals(*, days: int = 400) -> int:
    """Add each key's rows up into one, for the days with differences not yet added up (at most `days` of them a
    run, for each kind of total); returns how many rows were folded away. The sums are unchanged (module
    docstring)."""
    return sum(_compact(table, days) for table in TABLES)


def _compact(table: _Table, days: int) -> int:
    manager = table.model._default_manager
    with transaction.atomic():
        busy = list(manager.filter(compacted=False).order_by("day").values_list("day", flat=True).distinct()[:days])
        if not busy:
            return 0
        read = list(
            manager.select_for_update().filter(day__in=busy).order_by("pk").values_list("pk", *table.key, *table.counts)
        )
        totals: Totals = defaultdict(lambda: [0] * len(table.counts))
        for _pk, *values in read:
            row = totals[tuple(values[: len(table.key)])]
            for index, count in enumerate(values[len(table.key) :]):
                row[index] += count
        pks = [row[0] for row in read]
        for start in range(0, len(pks), BATCH):
            manager.filter(pk__in=pks[start : start + BATCH]).delete()
        kept = list(_rows(table, totals, compacted=True))
        manager.bulk_create(kept, batch_size=BATCH)
        return len(pks) - len(kept)


# --- reading ----------------------------------------------------------------------------------------------------


def stage_rows(
    columns: Q,
    period: Period,
    filters: Filters,
    closure_days: Iterable[date] = (),
    *,
    average_days: bool = True,
) -> tuple[list[tuple[Any, ...]], queries.AnsweredDays]:
    """The period's totals the reader may see (`columns`: selectors.reported_columns), narrowed by `filters`: rows
    in the shape `facts.stage_figures` reads from the facts (stage, service, outcome, received date, answered date,
    calendar, received, escalated to, ended, acknowledged, acknowledged on time, answered, within, within the original
    date, beyond the local limit), without their dates; and, for the average working days, the answered stages summed
    (queries.AnsweredDays), with those that ran over each of `closure_days` (the calendar's `other_days_off`; none
    unless `average_days`, and then the `spans` rows are not read either)."""
    totals = StageTotal.objects.filter(columns)
    if filters.service is not None:
        totals = totals.filter(service_area=filters.service)
    if filters.procedure is not None:
        totals = totals.filter(procedure=filters.procedure)
    if filters.directorate:
        totals = totals.filter(service_area__directorate=filters.directorate)
    sums = [Sum(name) for name in STAGE_COUNTS]
    measures = (*STAGE_MEASURES, StageTotal.SPANS) if average_days else STAGE_MEASURES
    grouped = (
        totals.filter(_spans(period), measure__in=measures)
        .order_by()
        .values_list("measure", "number", "service_area_id", "outcome", "excludes_boxing_day", "spanned_date")
        .annotate(*sums)
    )
    rows = []
    answered_count: dict[int, int] = defaultdict(int)
    weekdays: dict[int, int] = defaultdict(int)
    spans = []
    for (
        measure,
        number,
        service,
        outcome,
        boxing_day,
        spanned,
        count,
        on_time,
        original,
        beyond,
        days,
        escalated,
    ) in grouped:
        if measure == StageTotal.RECEIVED:
            rows.append((number, service, "", None, None, False, count, escalated, 0, 0, 0, 0, 0, 0, 0))
        elif measure == StageTotal.ACKNOWLEDGED:
            rows.append((number, service, "", None, None, False, 0, 0, 0, count, on_time, 0, 0, 0, 0))
        elif measure == StageTotal.SPANS:
            spans.append((number, spanned, bool(boxing_day), count))
        else:
            answered = outcome != Outcome.WITHDRAWN  # a withdrawal ends a stage without answering it
            if answered:
                answered_count[number] += count
                weekdays[number] += days
            rows.append(
                (
                    number,
                    service,
                    outcome,
                    None,
                    None,
                    False,
                    0,
                    0,
                    count if outcome else 0,
                    0,
                    0,
                    count if answered else 0,
                    on_time if answered else 0,
                    original if answered else 0,
                    beyond if answered else 0,
                )
            )
    if not average_days:
        return rows, queries.AnsweredDays(answered={}, weekdays={}, spans=[])
    spans += _closure_spans(totals, period, [day for day in closure_days if day <= period.end])
    return rows, queries.AnsweredDays(
        answered={number: count for number, count in answered_count.items() if count},
        weekdays=dict(weekdays),
        spans=[row for row in spans if row[-1]],
    )


def _closure_spans(totals: QuerySet[StageTotal], period: Period, days: list[date]) -> list[tuple[int, date, bool, int]]:
    """(stage, day, calendar, how many) of the stages answered in the period whose clock ran over each of these
    closure days, from the day rows' received dates: closure days are the organisation's own, so no `spans` row is
    kept for them (one read, only for an organisation that has chosen to skip closure days)."""
    if not days:
        return []
    over = {
        f"over_{index}": Sum("count", filter=Q(received_date__lt=day, day__gte=day)) for index, day in enumerate(days)
    }
    rows = (
        totals.filter(
            by_month=False,
            measure=StageTotal.RESPONDED,
            day__gte=period.start,
            day__lte=period.end,
            received_date__lt=max(days),
        )
        .exclude(outcome=Outcome.WITHDRAWN)
        .order_by()
        .values_list("number", "excludes_boxing_day")
        .annotate(**over)
    )
    return [
        (number, day, bool(boxing_day), count or 0)
        for number, boxing_day, *counts in rows
        for day, count in zip(days, counts, strict=True)
    ]


# --- the received cases -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedFigures:
    """The dashboard's received-case figures, each as its function over the cases gives it (queries.volumes,
    queries.volumes_by_category, hotspots.hotspots_by_ward_and_service, hotspots.hotspots_by_category)."""

    volumes: queries.Volumes
    by_category: list[queries.Row]
    hotspots_by_ward: hotspots.Hotspots
    hotspots_by_service: hotspots.Hotspots
    hotspots_by_category: hotspots.Hotspots


def _span_list(period: Period) -> list[Q]:
    """The case totals that add up to the period: by month for its whole months, by day for the days either side."""
    months = whole_months(period.start, period.end)
    if not months:
        return [Q(by_month=False, day__gte=period.start, day__lte=period.end)]
    after = month_start(months[-1], 1)
    spans = [Q(by_month=True, day__gte=months[0], day__lte=months[-1])]
    if period.start < months[0]:
        spans.append(Q(by_month=False, day__gte=period.start, day__lt=months[0]))
    if after <= period.end:
        spans.append(Q(by_month=False, day__gte=after, day__lte=period.end))
    return spans


def _spans(period: Period) -> Q:
    return reduce(operator.or_, _span_list(period))


def received_figures(columns: Q, period: Period, filters: Filters) -> ReceivedFigures:
    """The received-case figures of the period (and, for the hotspots, the periods before it) from the case totals
    the reader may see (`columns`: selectors.reported_columns), narrowed by `filters`: one grouped read."""
    earlier = previous_periods(period, hotspots.COMPARE_WITH)
    periods = [period, *earlier]
    totals = _narrowed(columns, filters)
    which = Choose(
        *(When(_spans(within), then=Value(index)) for index, within in enumerate(periods)),
        default=Value(-1),
        output_field=IntegerField(),
    )
    # Each measure's rows in each span of the periods it is wanted for, as index ranges: every measure this period
    # (the breakdowns), and the complaints' wards, categories and services in the periods before too (the hotspots).
    every = [CaseTotal.KIND, CaseTotal.CHANNEL, CaseTotal.WARD, CaseTotal.CATEGORY]
    wanted = [Q(measure__in=every) & span for span in _span_list(period)]
    wanted += [
        Q(measure__in=[CaseTotal.KIND, CaseTotal.WARD, CaseTotal.CATEGORY], is_complaint=True) & span
        for before in earlier
        for span in _span_list(before)
    ]
    grouped = (
        totals.filter(reduce(operator.or_, wanted))
        .annotate(period_index=which)
        .order_by()
        .values_list("period_index", "measure", "value", "service_area_id", "procedure_id", "is_complaint")
        .annotate(Sum("count"))
    )
    # (measure, value, service, procedure, is a complaint) -> the counts in each period, this one first.
    counts: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * len(periods))
    for index, *key, count in grouped:
        counts[tuple(key)][index] += count
    services = {
        pk: (name, directorate)
        for pk, name, directorate in ServiceArea.objects.values_list("pk", "name", "directorate")
    }
    procedures = {pk: name for pk, name in Procedure.objects.values_list("pk", "name")}
    categories = {str(pk): name for pk, name in Category.objects.values_list("pk", "name")}

    def added_up(measure: str, label: Callable[[str, Any, Any], Any], *, complaints: bool) -> dict[Any, list[int]]:
        """Counts of one measure by `label(value, service, procedure)`, for complaints only if asked; a label
        whose counts are all nothing is left out, as a grouped read of the cases would never show it."""
        summed: dict[Any, list[int]] = defaultdict(lambda: [0] * len(periods))
        for (row_measure, value, service, procedure, is_complaint), row in counts.items():
            if row_measure != measure or (complaints and not is_complaint):
                continue
            for index, count in enumerate(row):
                summed[label(value, service, procedure)][index] += count
        return {key: row for key, row in summed.items() if any(row)}

    kinds = added_up(CaseTotal.KIND, lambda value, _s, _p: value, complaints=False)
    channels = added_up(CaseTotal.CHANNEL, lambda value, _s, _p: value, complaints=False)
    by_procedure = added_up(CaseTotal.KIND, lambda _v, _s, procedure: procedures.get(procedure), complaints=False)
    by_service = added_up(CaseTotal.KIND, lambda _v, service, _p: services.get(service, (None, None)), complaints=True)
    wards = added_up(CaseTotal.WARD, lambda value, _s, _p: value, complaints=True)
    by_category = added_up(CaseTotal.CATEGORY, lambda value, _s, _p: categories.get(value), complaints=True)
    this_period = {key: row[0] for key, row in by_service.items() if row[0]}
    volumes = queries.Volumes(
        by_kind=queries.all_choices({key: row[0] for key, row in kinds.items()}, CaseKind.choices),
        by_channel=queries.all_choices({key: row[0] for key, row in channels.items()}, Channel.choices),
        by_procedure=queries.breakdown_rows((key, row[0]) for key, row in by_procedure.items() if row[0]),
        by_service=[
            queries.Row(name, hotspots.service_label(name, directorate), count)
            for (name, directorate), count in sorted(this_period.items(), key=lambda item: item[0][::-1])
        ],
        by_ward=queries.breakdown_rows((key, row[0]) for key, row in wards.items() if row[0]),
    )
    return ReceivedFigures(
        volumes=volumes,
        by_category=queries.breakdown_rows((key, row[0]) for key, row in by_category.items() if row[0]),
        hotspots_by_ward=hotspots.spots(period, earlier, ((key, key, tuple(row)) for key, row in wards.items())),
        hotspots_by_service=hotspots.spots(
            period,
            earlier,
            (
                (name, hotspots.service_label(name, directorate), tuple(row))
                for (name, directorate), row in by_service.items()
            ),
        ),
        hotspots_by_category=hotspots.spots(
            period, earlier, ((key, key, tuple(row)) for key, row in by_category.items())
        ),
    )


def complaints_by_service_and_month(
    columns: Q, period: Period, services: QuerySet[ServiceArea], filters: Filters
) -> dict[int, dict[date | None, int]]:
    """For each of `services` with complaints received in the period (of those the reader may see, `columns`,
    narrowed by `filters`): how many in each of the period's whole months (by its first day), and on the days either
    side (None)."""
    rows = (
        _narrowed(columns, filters)
        .filter(_spans(period), measure=CaseTotal.KIND, is_complaint=True, service_area__in=services)
        .order_by()
        .values_list("service_area_id", "by_month", "day")
        .annotate(Sum("count"))
    )
    counts: dict[int, dict[date | None, int]] = defaultdict(lambda: defaultdict(int))
    for service_id, by_month, day, count in rows:
        counts[service_id][day if by_month else None] += count
    return {service_id: months for service_id, months in counts.items() if sum(months.values())}


# --- remedies ---------------------------------------------------------------------------------------------------


def _narrowed(columns: Q, filters: Filters) -> QuerySet[CaseTotal]:
    totals = CaseTotal.objects.filter(columns)
    if filters.service is not None:
        totals = totals.filter(service_area=filters.service)
    if filters.procedure is not None:
        totals = totals.filter(procedure=filters.procedure)
    if filters.directorate:
        totals = totals.filter(service_area__directorate=filters.directorate)
    return totals


def remedies_offered(columns: Q, period: Period, filters: Filters) -> queries.RemedySummary:
    """queries.remedies from the case totals the reader may see (`columns`), narrowed by `filters`."""
    rows = (
        _narrowed(columns, filters)
        .filter(_spans(period), measure=CaseTotal.REMEDY_OFFERED, is_complaint=True)
        .order_by()
        .values_list("value")
        .annotate(Sum("count"), Sum("pence"))
    )
    counts: dict[str, int] = {}
    pence = 0
    for remedy_type, count, amount in rows:
        if count:
            counts[remedy_type] = count
        pence += amount if remedy_type == RemedyType.FINANCIAL else 0
    return queries.RemedySummary(
        count=sum(counts.values()),
        by_type=queries.all_choices(counts, RemedyType.choices),
        total_compensation=(Decimal(pence) / 100).quantize(Decimal("0.01")),
    )


def _up_to(day: date) -> Q:
    """The rows that add up to the totals as at `day`: by month for the months before its own, by day for the rest."""
    month = month_start(day)
    return Q(by_month=True, day__lt=month) | Q(by_month=False, day__gte=month, day__lte=day)


def _sums(rows: QuerySet[CaseTotal]) -> dict[str, int]:
    return {value: count for value, count in rows.order_by().values_list("value").annotate(Sum("count"))}


def remedies_today(columns: Q, today: date) -> RemedyFigures:
    """cases.outstanding.remedy_figures from the case totals the reader may see (`columns`): every remedy in a
    response, outstanding, overdue (past its due date and not done), done and done late."""
    remedies = _sums(CaseTotal.objects.filter(columns, measure=CaseTotal.REMEDY))
    due = _sums(CaseTotal.objects.filter(_up_to(today), columns, measure=CaseTotal.REMEDY_DUE))
    return RemedyFigures(
        outstanding_count=remedies.get("all", 0) - remedies.get("done", 0),
        overdue_count=due.get("all", 0) - due.get("done", 0),
        done_count=remedies.get("done", 0),
        done_late_count=remedies.get("late", 0),
    )


def remedies_owed(columns: Q, period: Period, today: date, filters: Filters) -> RemediesOwed:
    """reporting.remedies.remedies_owed from the case totals the reader may see (`columns`), narrowed by
    `filters`."""
    as_at = min(period.end, today)
    owed = _sums(_narrowed(columns, filters).filter(_up_to(as_at), measure=CaseTotal.REMEDY_OWED, is_complaint=True))
    return RemediesOwed(
        as_at=as_at,
        outstanding=owed.get("from", 0) - owed.get("settled", 0),
        overdue=owed.get("overdue", 0) - owed.get("overdue settled", 0),
    )


# --- the Code self-assessment's evidence ------------------------------------------------------------------------


@dataclass(frozen=True)
class StageEvidence:
    """The Code evidence about complaint stages, each as its function over the cases gives it."""

    definitions: dict[int, queries.Share]  # queries.definitions_recorded
    extensions: list[queries.ExtensionFigures]  # queries.extensions
    later_stage_same_handler: queries.Share  # queries.later_stage_handled_by_earlier_handler


def stage_evidence(columns: Q, period: Period) -> StageEvidence:
    """The period's Code evidence about complaint stages from the stage totals of the cases `columns` says (the
    reader's, narrowed to the procedures under the Code): one grouped read."""
    rows = (
        StageTotal.objects.filter(columns, _spans(period), measure__in=[StageTotal.RECEIVED, StageTotal.DEFINED])
        .order_by()
        .values_list("measure", "number")
        .annotate(
            Sum("count"),
            Sum("defined"),
            Sum("extensions"),
            Sum("extensions_beyond_cap"),
            Sum("same_handler"),
            Sum("escalated"),
        )
    )
    definitions: dict[int, queries.Share] = {}
    extensions: dict[int, queries.ExtensionFigures] = {}
    later = [0, 0]
    for measure, number, count, defined, extended, beyond_cap, same_handler, escalated in rows:
        # A stage number whose rows add up to nothing is left out, as a grouped read of the stages would never show it.
        if measure == StageTotal.DEFINED and count:
            definitions[number] = queries.Share(defined, count)
        if measure == StageTotal.RECEIVED and extended:
            extensions[number] = queries.ExtensionFigures(number, extended, beyond_cap)
        if measure == StageTotal.RECEIVED:  # of the stages escalated to, those handled by an earlier stage's handler
            later[0] += same_handler
            later[1] += escalated
    return StageEvidence(
        definitions={
            number: definitions.get(number, queries.Share(0, 0)) for number in sorted({1, 2} | set(definitions))
        },
        extensions=[
            extensions.get(number, queries.ExtensionFigures(number, 0, 0))
            for number in sorted({1, 2} | set(extensions))
        ],
        later_stage_same_handler=queries.Share(*later),
    )


def cases_by_channel(columns: Q, period: Period) -> list[queries.Row]:
    """queries.volumes_by_channel from the case totals of the cases `columns` says."""
    counts = _sums(CaseTotal.objects.filter(columns, _spans(period), measure=CaseTotal.CHANNEL))
    return queries.all_choices(counts, Channel.choices)


@dataclass(frozen=True)
class Declined:
    """Complaints declined in a period, as queries.declined_by_service and queries.declined_by_category give them."""

    by_service: list[queries.Row]
    by_category: list[queries.Row]


def declined(columns: Q, period: Period) -> Declined:
    """The complaints declined in the period, by service and by category, from the case totals of the cases
    `columns` says: one grouped read."""
    rows = (
        CaseTotal.objects.filter(columns, _spans(period), measure__in=[CaseTotal.DECLINED, CaseTotal.DECLINED_CATEGORY])
        .order_by()
        .values_list("measure", "service_area_id", "value")
        .annotate(Sum("count"))
    )
    counts = [row for row in rows if row[-1]]  # keys whose rows add up to nothing: none declined
    services = {
        pk: (name, directorate)
        for pk, name, directorate in ServiceArea.objects.values_list("pk", "name", "directorate")
    }
    categories = {str(pk): name for pk, name in Category.objects.values_list("pk", "name")}
    by_service: dict[tuple[Any, Any], int] = defaultdict(int)
    by_category: dict[Any, int] = defaultdict(int)
    for measure, service_id, value, count in counts:
        if measure == CaseTotal.DECLINED:
            by_service[services.get(service_id, (None, None))] += count
        else:
            by_category[categories.get(value)] += count
    return Declined(
        by_service=queries.declined_service_rows(
            (name, directorate, n) for (name, directorate), n in by_service.items()
        ),
        by_category=queries.breakdown_rows(by_category.items()),
    )
