"""Running totals of the complaint stages, kept by the lifecycle in the change's transaction, so the committee's
stage figures are a sum over a few thousand rows however many cases there are.

A `StageTotal` row counts complaint stages by day, stage number, service, procedure, whether the case is
restricted and (for answers) outcome, received date and calendar: a stage counts once on the day it was received,
once on the day it was acknowledged (and whether on time) and once on the day it was answered (within the current
date, within the original date, extended beyond the local limit). Each is worked out from the stage facts
(reporting/facts.py) by `contributions`, the one statement of what a fact adds to the totals.

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
sees cases nobody else does: their figures are read from the stage facts, case by case, as before.

`rebuild_totals()` (run by `manage.py rebuild_case_facts` after the facts) works every total out again from the
facts; `totals_out_of_step()` compares without writing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Sum

from putright.cases.choices import Outcome
from putright.core.periods import Period
from putright.reporting.models import StageFact, StageTotal
from putright.reporting.queries import Filters

# What a row is a total of, and what it counts.
KEY = (
    "measure",
    "day",
    "number",
    "service_area_id",
    "procedure_id",
    "is_restricted",
    "outcome",
    "received_date",
    "excludes_boxing_day",
)
COUNTS = ("count", "on_time", "within_original", "beyond")
BATCH = 2000

Key = tuple[Any, ...]
Totals = dict[Key, list[int]]


def contributions(facts: Iterable[StageFact]) -> Totals:
    """What these stage facts add to the totals, by key: only complaint stages count (the fact says which)."""
    totals: Totals = defaultdict(lambda: [0, 0, 0, 0])
    for fact in facts:
        if not fact.is_complaint:
            continue
        common = (fact.number, fact.service_area_id, fact.procedure_id, fact.is_restricted)
        totals[(StageTotal.RECEIVED, fact.received_date, *common, "", None, False)][0] += 1
        if fact.acknowledged_date is not None:
            row = totals[(StageTotal.ACKNOWLEDGED, fact.acknowledged_date, *common, "", None, False)]
            row[0] += 1
            row[1] += bool(fact.acknowledged_on_time)
        if fact.responded_date is not None:
            row = totals[
                (
                    StageTotal.RESPONDED,
                    fact.responded_date,
                    *common,
                    fact.outcome,
                    fact.received_date,
                    fact.excludes_boxing_day,
                )
            ]
            row[0] += 1
            row[1] += fact.responded_within
            row[2] += fact.responded_within_original
            row[3] += fact.extended_beyond_local_limit
    return totals


def _rows(totals: Totals, *, compacted: bool) -> Iterator[StageTotal]:
    for key in sorted(totals, key=repr):
        counts = totals[key]
        if any(counts):
            yield StageTotal(
                **dict(zip(KEY, key, strict=True)), **dict(zip(COUNTS, counts, strict=True)), compacted=compacted
            )


def record_change(before: Iterable[StageFact], after: Iterable[StageFact]) -> None:
    """Add to the totals the difference between a case's (or a batch's) facts before and after a change, as new
    rows only (see the module's docstring), in the caller's transaction."""
    difference = contributions(after)
    for key, counts in contributions(before).items():
        row = difference[key]
        for index, count in enumerate(counts):
            row[index] -= count
    _insert(difference)


def _insert(totals: Totals) -> None:
    """Insert the non-zero totals as difference rows with one `executemany`: an import's batch adds tens of
    thousands, and building a model instance for each cost more than the import's own rows."""
    column_of = {
        name: str(field.column) for field in StageTotal._meta.concrete_fields for name in (field.name, field.attname)
    }
    columns_in_order = [column_of[name] for name in (*KEY, *COUNTS, "compacted")]
    adapt = connection.ops.adapt_datefield_value
    values = [
        (
            *(adapt(value) if isinstance(value, date) else value for value in key),
            *counts,
            False,
        )
        for key, counts in sorted(totals.items(), key=lambda item: repr(item[0]))
        if any(counts)
    ]
    if not values:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in columns_in_order)
    sql = (
        f"INSERT INTO {quote(StageTotal._meta.db_table)} ({columns}) "  # noqa: S608 - the model's own names
        f"VALUES ({', '.join(['%s'] * len(columns_in_order))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def rebuild_totals() -> int:
    """Work every total out again from the stage facts, replacing what is kept; returns how many rows there are."""
    with transaction.atomic():
        StageTotal.objects.all().delete()
        StageTotal.objects.bulk_create(_rows(_from_facts(), compacted=True), batch_size=BATCH)
        return StageTotal.objects.count()


def _from_facts() -> Totals:
    return contributions(StageFact.objects.order_by().iterator(chunk_size=BATCH))


def _summed(rows: Iterable[tuple[Any, ...]]) -> Totals:
    totals: Totals = {}
    for row in rows:
        key, counts = tuple(row[: len(KEY)]), row[len(KEY) :]
        if any(counts):
            totals[key] = list(counts)
    return totals


def totals_out_of_step() -> list[tuple[Key, list[int] | None, list[int] | None]]:
    """The keys whose kept total differs from the one worked out from the facts: (key, kept, expected); empty
    when they agree."""
    kept = _summed(
        StageTotal.objects.order_by()
        .values_list(*KEY)
        .annotate(*(Sum(name) for name in COUNTS))
        .values_list(*KEY, *(f"{name}__sum" for name in COUNTS))
    )
    expected = {key: counts for key, counts in _from_facts().items() if any(counts)}
    keys = sorted(set(kept) | set(expected), key=repr)
    return [(key, kept.get(key), expected.get(key)) for key in keys if kept.get(key) != expected.get(key)]


def compact_totals(*, days: int = 400) -> int:
    """Add each key's rows up into one, for the days with differences not yet added up (at most `days` of them a
    run); returns how many rows were folded away. The sums are unchanged (module docstring)."""
    with transaction.atomic():
        busy = list(
            StageTotal.objects.filter(compacted=False).order_by("day").values_list("day", flat=True).distinct()[:days]
        )
        if not busy:
            return 0
        read = list(
            StageTotal.objects.select_for_update().filter(day__in=busy).order_by("pk").values_list("pk", *KEY, *COUNTS)
        )
        totals: Totals = defaultdict(lambda: [0, 0, 0, 0])
        for _pk, *values in read:
            row = totals[tuple(values[: len(KEY)])]
            for index, count in enumerate(values[len(KEY) :]):
                row[index] += count
        pks = [row[0] for row in read]
        for start in range(0, len(pks), BATCH):
            StageTotal.objects.filter(pk__in=pks[start : start + BATCH]).delete()
        kept = list(_rows(totals, compacted=True))
        StageTotal.objects.bulk_create(kept, batch_size=BATCH)
        return len(pks) - len(kept)


# --- reading ----------------------------------------------------------------------------------------------------


def stage_rows(
    columns: Q, period: Period, filters: Filters
) -> tuple[list[tuple[Any, ...]], list[tuple[int, date, date, bool, int]]]:
    """The period's totals the reader may see (`columns`: selectors.reported_columns), narrowed by `filters`: rows
    in the shape `facts.stage_figures` reads from the facts (stage, service, outcome, received date, answered date,
    calendar, received, ended, acknowledged, acknowledged on time, answered, within, within the original date,
    beyond the local limit), without their dates; and, for the average working days, the answered stages by
    (stage, received date, answered date, calendar, how many)."""
    totals = StageTotal.objects.filter(columns, day__gte=period.start, day__lte=period.end)
    if filters.service is not None:
        totals = totals.filter(service_area=filters.service)
    if filters.procedure is not None:
        totals = totals.filter(procedure=filters.procedure)
    if filters.directorate:
        totals = totals.filter(service_area__directorate=filters.directorate)
    sums = [Sum(name) for name in COUNTS]
    grouped = totals.order_by().values_list("measure", "number", "service_area_id", "outcome").annotate(*sums)
    rows = []
    for measure, number, service, outcome, count, on_time, original, beyond in grouped:
        if measure == StageTotal.RECEIVED:
            rows.append((number, service, "", None, None, False, count, 0, 0, 0, 0, 0, 0, 0))
        elif measure == StageTotal.ACKNOWLEDGED:
            rows.append((number, service, "", None, None, False, 0, 0, count, on_time, 0, 0, 0, 0))
        else:
            answered = outcome != Outcome.WITHDRAWN  # a withdrawal ends a stage without answering it
            rows.append(
                (
                    number,
                    service,
                    outcome,
                    None,
                    None,
                    False,
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
    pairs = (
        totals.filter(measure=StageTotal.RESPONDED)
        .exclude(outcome=Outcome.WITHDRAWN)
        .order_by()
        .values_list("number", "received_date", "day", "excludes_boxing_day")
        .annotate(Sum("count"))
    )
    return rows, [(number, received, day, bool(boxing), n) for number, received, day, boxing, n in pairs if n]
