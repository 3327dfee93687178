"""The stage facts the committee figures are read from, kept in step with the cases.

Every change to a case leaves a timeline event in the change's own transaction (cases.events.record); this app
subscribes to every event (apps.py) and rewrites that case's `StageFact` rows there and then: one read of the
case's stages and one upsert, touching no row another case shares, so two officers changing two cases never wait
for each other. An import writes its batches' facts itself (`refresh_facts_of`); whatever else writes stages in
bulk without events (the demo seeder, a restored backup) is brought in step by `rebuild_case_facts()`
(`manage.py rebuild_case_facts`), which works every row out again from the cases; `facts_out_of_step()` compares
without writing (`--check`).

Each fact is decided here from the rules already written down in reporting.queries: which cases are complaints
(`complaints`), what counts as acknowledged and responded within timescale (`timeliness`), which extensions
went beyond the procedure's own limit, and which stages were escalated to (`escalated`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat, Round, TruncDate

from putright.cases.choices import CaseKind, CaseStatus, EventKind, Outcome, RemedyType
from putright.cases.models import Case, Extension, Remedy, Stage, TimelineEvent
from putright.core.bulk import bulk_load, fetched_behind
from putright.core.inserts import insert
from putright.core.periods import Period
from putright.core.prepared import PreparedRead
from putright.organisation.models import Organisation, ServiceArea
from putright.procedures.selectors import calendar_for
from putright.reporting import queries, totals
from putright.reporting.models import StageFact
from putright.reporting.queries import Filters

# The fields a fact holds besides its case and stage number, in the order `_facts` reads them.
FACT_FIELDS = (
    "is_complaint",
    "service_area_id",
    "received_date",
    "acknowledged_date",
    "acknowledged_on_time",
    "responded_date",
    "outcome",
    "responded_within",
    "responded_within_original",
    "extended_beyond_local_limit",
    "excludes_boxing_day",
    "is_restricted",
    "procedure_id",
    "kind",
    "channel",
    "ward",
    "categories",
    "case_received_date",
    "declined_date",
    "remedies",
    "remedy_pence",
    "has_definition",
    "extension_count",
    "extensions_beyond_cap_count",
    "has_earlier_handler",
    "is_escalated",
)
BATCH = 2000


def _flag(condition: Q | Exists) -> Choose:
    return Choose(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _categories(case_id: str) -> Coalesce:
    """The case's category ids, comma-separated ("" for none), in whatever order the database joins them."""
    links = Case.categories.through.objects.filter(case_id=OuterRef(case_id)).order_by().values("case_id")
    ids = links.annotate(ids=StringAgg(Cast("category_id", CharField()), delimiter=Value(",")))
    return Coalesce(Subquery(ids.values("ids")), Value(""), output_field=CharField())  # type: ignore[misc]


def _case_columns(prefix: str, case_id: str) -> dict[str, Any]:
    """What a fact says of its case (kind, channel, ward, categories, local day received, local day declined), as
    annotations on stages (`prefix` "case__") or cases ("")."""
    return {
        "fact_kind": F(f"{prefix}kind"),
        "fact_channel": Coalesce(F(f"{prefix}contact__channel"), Value(""), output_field=CharField()),
        "fact_ward": F(f"{prefix}ward"),
        "fact_categories": _categories(case_id),
        "fact_case_received": TruncDate(f"{prefix}received_at"),
        # As reporting.queries.declined_by_service: declined, counted on the day it was closed.
        "fact_declined": Choose(
            When(**{f"{prefix}status": CaseStatus.DECLINED}, then=TruncDate(f"{prefix}closed_at")),
            default=Value(None),
            output_field=DateField(),
        ),
    }


CASE_COLUMNS = ("fact_kind", "fact_channel", "fact_ward", "fact_categories", "fact_case_received", "fact_declined")


def _remedy_columns() -> dict[str, Any]:
    """What a fact says of its stage's remedies (reporting.models.StageFact), as annotations on stages."""
    remedies = Remedy.objects.filter(stage_id=OuterRef("pk")).order_by().values("stage_id")
    text = CharField()
    entry = Concat(
        "remedy_type",
        Value("|"),
        Coalesce(Cast("due_date", text), Value("")),
        Value("|"),
        Coalesce(Cast("completed_date", text), Value("")),
        output_field=text,
    )
    entries = remedies.annotate(entries=StringAgg(entry, delimiter=Value(",")))
    financial = remedies.filter(remedy_type=RemedyType.FINANCIAL).annotate(
        pence=Cast(Round(Sum("amount") * 100), IntegerField())
    )
    return {
        "fact_remedies": Coalesce(Subquery(entries.values("entries")), Value(""), output_field=text),
        "fact_remedy_pence": Coalesce(Subquery(financial.values("pence")), Value(0)),
    }


REMEDY_COLUMNS = ("fact_remedies", "fact_remedy_pence")


def _evidence_columns() -> dict[str, Any]:
    """What a fact says of its stage for the Code self-assessment's evidence, as annotations on stages, each as
    reporting.queries works it out from the stages: a complaint definition recorded (`definitions_recorded`), its
    extensions and those beyond the rule's cap (`extensions`), its handler handling an earlier stage
    (`later_stage_handled_by_earlier_handler`)."""
    extensions = Extension.objects.filter(stage_id=OuterRef("pk")).order_by().values("stage_id")
    beyond_cap = Q(working_days_beyond_original__gt=F("stage__rule__max_extension_working_days"))
    earlier = Stage.objects.filter(
        case_id=OuterRef("case_id"), number__lt=OuterRef("number"), handler_id=OuterRef("handler_id")
    )
    return {
        "fact_has_definition": _flag(~Q(definition="")),
        "fact_extension_count": Coalesce(Subquery(extensions.annotate(n=Count("pk")).values("n")), Value(0)),
        "fact_beyond_cap_count": Coalesce(
            Subquery(extensions.annotate(n=Count("pk", filter=beyond_cap)).values("n")), Value(0)
        ),
        "fact_has_earlier_handler": _flag(Exists(earlier)),
    }


EVIDENCE_COLUMNS = ("fact_has_definition", "fact_extension_count", "fact_beyond_cap_count", "fact_has_earlier_handler")
# A fact row's columns in order, the same for a stage's row and for a case without stages (numbered 0).
FACT_ROW_COLUMNS = (
    "f_case",
    "f_number",
    "f_is_complaint",
    "f_service_area",
    "f_received",
    "f_acknowledged",
    "f_acknowledged_on_time",
    "f_responded",
    "f_outcome",
    "f_within",
    "f_within_original",
    "f_beyond",
    "f_boxing_day",
    "f_restricted",
    "f_procedure",
    *CASE_COLUMNS,
    *REMEDY_COLUMNS,
    *EVIDENCE_COLUMNS,
    "f_escalated",
)


def _facts(stages: QuerySet[Stage]) -> Iterator[StageFact]:
    """Unsaved facts for these stages, worked out in one query."""
    for row in _fact_values(stages).iterator(chunk_size=BATCH):
        yield _fact(row)


def _fact_values(stages: QuerySet[Stage]) -> QuerySet[Any, tuple[Any, ...]]:
    """The columns `_fact` makes a fact of, one row per stage."""
    return (
        stages.order_by("case_id", "number")
        .annotate(
            fact_is_complaint=_flag(
                Q(case__kind=CaseKind.COMPLAINT, case__procedure_version__procedure__is_complaint_procedure=True)
            ),
            fact_service_area_id=F("case__service_area_id"),
            fact_within=_flag(Q(responded_date__lte=F("response_due_date"))),
            fact_within_original=_flag(Q(responded_date__lte=F("original_response_due_date"))),
            # As reporting.queries.timeliness: an extension carrying a good reason went past a local cap.
            fact_beyond=Exists(Extension.objects.filter(stage=OuterRef("pk")).exclude(good_reason="")),
            fact_boxing_day=F("rule__version__excludes_boxing_day"),
            fact_restricted=F("case__is_restricted"),
            fact_procedure_id=F("case__procedure_version__procedure_id"),
            **_case_columns("case__", "case_id"),
            **_remedy_columns(),
            **_evidence_columns(),
            fact_escalated=_flag(queries.escalated()),
        )
        .values_list(
            "case_id",
            "number",
            "fact_is_complaint",
            "fact_service_area_id",
            "received_date",
            "acknowledged_date",
            "acknowledge_due_date",
            "responded_date",
            "outcome",
            "fact_within",
            "fact_within_original",
            "fact_beyond",
            "fact_boxing_day",
            "fact_restricted",
            "fact_procedure_id",
            *CASE_COLUMNS,
            *REMEDY_COLUMNS,
            *EVIDENCE_COLUMNS,
            "fact_escalated",
        )
    )


def _fact(row: Sequence[Any]) -> StageFact:
    (
        case_id,
        number,
        is_complaint,
        service_area_id,
        received,
        acknowledged,
        acknowledge_due,
        responded,
        outcome,
        within,
        within_original,
        beyond,
        boxing_day,
        restricted,
        procedure_id,
        kind,
        channel,
        ward,
        categories,
        case_received,
        declined,
        remedies,
        remedy_pence,
        has_definition,
        extension_count,
        beyond_cap_count,
        has_earlier_handler,
        escalated,
    ) = row
    on_time = None if acknowledged is None or acknowledge_due is None else acknowledged <= acknowledge_due
    return StageFact(
        case_id=case_id,
        number=number,
        is_complaint=bool(is_complaint),
        service_area_id=service_area_id,
        received_date=received,
        acknowledged_date=acknowledged,
        acknowledged_on_time=on_time,
        responded_date=responded,
        outcome=outcome,
        responded_within=bool(within) and responded is not None,
        responded_within_original=bool(within_original) and responded is not None,
        extended_beyond_local_limit=bool(beyond),
        excludes_boxing_day=bool(boxing_day),
        is_restricted=bool(restricted),
        procedure_id=procedure_id,
        kind=kind,
        channel=channel or "",
        ward=ward or "",
        categories=",".join(totals.category_ids(categories or "")),
        case_received_date=case_received,
        declined_date=declined,
        remedies=",".join(sorted((remedies or "").split(","))) if remedies else "",
        remedy_pence=remedy_pence or 0,
        has_definition=bool(has_definition),
        extension_count=extension_count or 0,
        extensions_beyond_cap_count=beyond_cap_count or 0,
        has_earlier_handler=bool(has_earlier_handler),
        is_escalated=bool(escalated),
    )


def _without_stages(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(~Exists(Stage.objects.filter(case_id=OuterRef("pk"))))


def _case_only_rows(cases: QuerySet[Case]) -> QuerySet[Any, tuple[Any, ...]]:
    """The one fact of each of these cases (with no stages: comments and compliments), numbered 0, as (case id,
    number, *FACT_FIELDS): it says only what the received-case totals need; no stage figure reads it."""
    nothing = Value(None, output_field=DateField())
    return (
        cases.order_by()
        .annotate(
            f_case=F("pk"),
            f_number=Value(0, output_field=IntegerField()),
            f_is_complaint=_flag(Q(kind=CaseKind.COMPLAINT, procedure_version__procedure__is_complaint_procedure=True)),
            f_service_area=F("service_area_id"),
            f_received=TruncDate("received_at"),
            f_acknowledged=nothing,
            f_acknowledged_on_time=Value(None, output_field=BooleanField(null=True)),
            f_responded=nothing,
            f_outcome=Value("", output_field=CharField()),
            f_within=Value(False),
            f_within_original=Value(False),
            f_beyond=Value(False),
            f_boxing_day=Value(False),
            f_restricted=_flag(Q(is_restricted=True)),
            f_procedure=F("procedure_version__procedure_id"),
            **_case_columns("", "pk"),
            fact_remedies=Value("", output_field=CharField()),
            fact_remedy_pence=Value(0, output_field=IntegerField()),
            fact_has_definition=Value(False),
            fact_extension_count=Value(0, output_field=IntegerField()),
            fact_beyond_cap_count=Value(0, output_field=IntegerField()),
            fact_has_earlier_handler=Value(False),
            f_escalated=Value(False),
        )
        .values_list(*FACT_ROW_COLUMNS)
    )


def _case_only_facts(cases: QuerySet[Case]) -> list[StageFact]:
    facts = []
    for row in _case_only_rows(_without_stages(cases)):
        fact = StageFact(**dict(zip(("case_id", "number", *FACT_FIELDS), row, strict=True)))
        fact.categories = ",".join(totals.category_ids(fact.categories))
        facts.append(fact)
    return facts


# `refresh_case_facts` runs on every timeline event, and building its query through the ORM took several times
# longer than the database takes to answer it: it is compiled once per process (core/prepared.py).
_fact_rows_of_case = PreparedRead(
    lambda case_id: _fact_values(Stage.objects.filter(case_id=case_id)), int, primary=True
)


def _facts_of_case(case_id: int) -> list[StageFact]:
    """`_facts` of one case's stages. Read where the change is written (the primary, in the change's own
    transaction), never from a replica."""
    return [_fact(row) for row in _fact_rows_of_case(case_id)]


def refresh_case_facts(case_id: int, *, first_event: bool = False) -> None:
    """Rewrite one case's facts from its stages, and add the difference to the stage totals, inside the caller's
    transaction. Only what changed is written: most events (a note, an email sent) change no fact, and then
    nothing is written at all.

    `first_event`: the case was opened in this transaction and this is its first event, so it has no facts yet
    and there is nothing to read (cases.lifecycle.opening records the "logged" event straight after the case).
    A case with no stages (a comment or a compliment) has its one fact read from the case instead."""
    before = [] if first_event else list(StageFact.objects.filter(case_id=case_id))
    facts = _facts_of_case(case_id) or _case_only_facts(Case.objects.filter(pk=case_id))
    kept = {fact_key(fact) for fact in before}
    changed = [fact for fact in facts if fact_key(fact) not in kept]
    numbers = {fact.number for fact in facts}
    gone = any(fact.number not in numbers for fact in before)
    if not changed and not gone:
        return
    totals.record_change(before, facts)
    if gone:
        StageFact.objects.filter(case_id=case_id).exclude(number__in=numbers).delete()
    if changed and first_event:  # a case opened in this transaction: no fact of it to conflict with
        for fact in changed:
            insert(fact)
    elif changed:
        StageFact.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["case", "number"],
            update_fields=list(FACT_FIELDS),
        )


def refresh_facts_of(case_ids: Collection[int]) -> None:
    """Rewrite the facts of many cases at once (a batch written in bulk, such as an import's), and their totals."""
    before = list(StageFact.objects.filter(case_id__in=case_ids))
    facts = list(_facts(Stage.objects.filter(case_id__in=case_ids)))
    facts += _case_only_facts(Case.objects.filter(pk__in=case_ids))
    totals.record_change(before, facts)
    StageFact.objects.filter(case_id__in=case_ids).delete()
    for batch in _batches(facts):
        StageFact.objects.bulk_create(batch)


def case_changed(event: TimelineEvent) -> None:
    """core.signals subscriber: every timeline event is a change to its case. A "logged" event is only ever
    published by opening a case, in the transaction that made it: its case has no facts to read yet."""
    refresh_case_facts(event.case_id, first_event=event.kind == EventKind.LOGGED)


def fact_key(fact: StageFact) -> tuple[Any, ...]:
    """The fact's values, its categories in order (a rebuild keeps them in the order the database joined them)."""
    values = {name: getattr(fact, name) for name in FACT_FIELDS}
    values["categories"] = ",".join(totals.category_ids(fact.categories))
    values["remedies"] = ",".join(sorted(fact.remedies.split(","))) if fact.remedies else ""
    return (fact.case_id, fact.number, *values.values())


def _fact_rows(stages: QuerySet[Stage]) -> QuerySet[Any, tuple[Any, ...]]:
    """The facts of these stages as one SELECT, column for column as `_facts` works them out: `rebuild_case_facts`
    inserts its rows without bringing them into Python."""
    acknowledged = Q(acknowledged_date__isnull=False, acknowledge_due_date__isnull=False)
    return (
        stages.order_by()
        .annotate(
            f_case=F("case_id"),
            f_number=F("number"),
            f_is_complaint=_flag(
                Q(case__kind=CaseKind.COMPLAINT, case__procedure_version__procedure__is_complaint_procedure=True)
            ),
            f_service_area=F("case__service_area_id"),
            f_received=F("received_date"),
            f_acknowledged=F("acknowledged_date"),
            f_acknowledged_on_time=Choose(
                When(acknowledged & Q(acknowledged_date__lte=F("acknowledge_due_date")), then=Value(True)),
                When(acknowledged, then=Value(False)),
                default=Value(None),
                output_field=BooleanField(null=True),
            ),
            f_responded=F("responded_date"),
            f_outcome=F("outcome"),
            f_within=_flag(Q(responded_date__isnull=False, responded_date__lte=F("response_due_date"))),
            f_within_original=_flag(
                Q(responded_date__isnull=False, responded_date__lte=F("original_response_due_date"))
            ),
            f_beyond=_flag(Exists(Extension.objects.filter(stage=OuterRef("pk")).exclude(good_reason=""))),
            f_boxing_day=_flag(Q(rule__version__excludes_boxing_day=True)),
            f_restricted=_flag(Q(case__is_restricted=True)),
            f_procedure=F("case__procedure_version__procedure_id"),
            **_case_columns("case__", "case_id"),
            **_remedy_columns(),
            **_evidence_columns(),
            f_escalated=_flag(queries.escalated()),
        )
        .values_list(*FACT_ROW_COLUMNS)
    )


def rebuild_case_facts(*, bulk: bool = False) -> int:
    """Work every fact out again from the cases, replacing what is kept, and the stage and case totals from the
    facts; returns how many facts there are.

    An `INSERT … SELECT` in the database (one for the stages, one for the cases without any): at 100,000 cases
    this takes seconds, where building the rows in Python took most of a minute. On PostgreSQL the cases are taken
    a range at a time (`_inserted_facts`), each range's facts returned as they are inserted, and the totals worked
    out from one range while the database inserts the next. `bulk`: check the facts' and totals' foreign keys and
    build their indexes once after the inserts (`core.bulk.bulk_load`), for a database nobody is using yet, such as
    the demo's."""
    columns = ", ".join(connection.ops.quote_name(column) for column in ("case_id", "number", *FACT_FIELDS))
    table = connection.ops.quote_name(StageFact._meta.db_table)
    tables: list[type[Model]] = [StageFact, *(kind.model for kind in totals.TABLES)]
    with connection.constraint_checks_disabled() if bulk else nullcontext(), transaction.atomic():
        with bulk_load(tables, replaced=True) if bulk else nullcontext():
            StageFact.objects.all().delete()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # The stages' query is estimated costly enough for PostgreSQL to compile it to machine code
                    # first: at 100,000 cases that took 1.5 of its 4.3 s, and saved nothing on the rows (index
                    # reads, one per stage and subquery). For this transaction only.
                    cursor.execute("SET LOCAL jit = off")
                totals.rebuild_totals(_inserted_facts(f"INSERT INTO {table} ({columns})"))
            else:
                with connection.cursor() as cursor:
                    for rows in (_fact_rows(Stage.objects.all()), _case_only_rows(_without_stages(Case.objects.all()))):
                        select, params = rows.query.sql_with_params()
                        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
                totals.rebuild_totals()
        return StageFact.objects.count()


# Cases a statement of `_inserted_facts`: a range's facts are a few seconds' work for the totals' Python.
RANGE = 20_000


def _inserted_facts(insert: str) -> Iterator[list[totals.Fact]]:
    """Insert every case's facts (`insert`: "INSERT INTO … (columns)"), a range of case ids at a time, and yield each
    range's facts as the totals read them, in the order of their case and number (`core.bulk.fetched_behind`: the
    next range is inserted while the caller works on these)."""
    returning = ", ".join(connection.ops.quote_name(name) for name in totals.Fact._fields)
    first, last = Case.objects.aggregate(first=Min("pk"), last=Max("pk")).values()
    groups = []
    for start in range(first or 0, (last or -1) + 1, RANGE):
        stages = _fact_rows(Stage.objects.filter(case_id__gte=start, case_id__lt=start + RANGE))
        cases = Case.objects.filter(pk__gte=start, pk__lt=start + RANGE)
        group = []
        for rows in (_joined_cases_within(stages, start, start + RANGE), _case_only_rows(_without_stages(cases))):
            select, params = rows.query.sql_with_params()
            group.append((f"{insert} {select} RETURNING {returning}", params))
        groups.append(group)
    for inserted in fetched_behind(groups):
        inserted.sort(key=itemgetter(0, 1))
        yield list(map(totals.Fact._make, inserted))


def _joined_cases_within(rows: QuerySet[Any, tuple[Any, ...]], start: int, end: int) -> QuerySet[Any, tuple[Any, ...]]:
    """`rows` (of stages, joined to their cases) with the case ids in [start, end) said of the cases' own table too:
    PostgreSQL carries no range over from one side of a join to the other, and without it read every case (and
    every contact) to join a range's stages to theirs. Django writes a filter on `case__id` as the stage's column,
    so it is said in SQL, of the cases' table as the query names it."""
    alias = next(alias for alias, join in rows.query.alias_map.items() if join.table_name == Case._meta.db_table)
    column = f"{connection.ops.quote_name(alias)}.{connection.ops.quote_name('id')}"
    between = RawSQL(f"{column} >= %s AND {column} < %s", [start, end], output_field=BooleanField())  # noqa: S611
    return rows.filter(between)


def facts_out_of_step() -> list[tuple[Any, ...]]:
    """The facts kept that differ from those worked out from the cases now (either way round), as tuples of the
    case id, stage number and fields; empty when they agree."""
    expected = {fact_key(fact) for fact in _facts(Stage.objects.all())}
    expected |= {fact_key(fact) for fact in _case_only_facts(Case.objects.all())}
    kept = {fact_key(fact) for fact in StageFact.objects.order_by().iterator(chunk_size=BATCH)}
    return sorted(expected ^ kept, key=lambda key: (key[0], key[1]))


def _batches(facts: Iterable[StageFact]) -> Iterator[list[StageFact]]:
    batch: list[StageFact] = []
    for fact in facts:
        batch.append(fact)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the figures read from the facts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StageFigures:
    """The committee figures about complaint stages, each defined as in reporting.queries (whose functions give the
    same answers from the cases themselves; the tests hold the two together)."""

    received: dict[int, int]  # queries.stages_received
    escalated: dict[int, int]  # queries.stages_escalated: of those received, the ones escalated to
    housing_received: dict[int, int]  # queries.stages_received of housing services, for TSM CH01
    timeliness: list[queries.StageTimeliness]
    average_days: dict[int, float | None]
    outcomes: list[queries.OutcomeRow]
    outcomes_by_service: list[queries.OutcomeRow]


def stage_figures(
    cases: QuerySet[Case],
    period: Period,
    organisation: Organisation | None,
    filters: Filters = queries.NO_FILTERS,
    *,
    columns: Q | None = None,
    average_days: bool = True,
) -> StageFigures:
    """The committee's stage figures for the reader's cases, narrowed by `filters`.

    With `columns` (`selectors.reported_columns`: the reader's cases said as a case's service and whether it is
    restricted), a sum over the period's stage totals (reporting/totals.py). Without, one grouped read of the facts
    of the period's complaint stages (by stage, service, outcome and the received and responded dates, which the
    average working days need), each row asked whether its case is one of `cases`; the fact itself says whether the
    case is a complaint. Without `average_days`, the totals' spans and closure days are not read and the averages
    are left empty."""
    if columns is None:
        return _stage_figures(_fact_groups(cases, period, filters), organisation)
    closure_days = calendar_for(organisation).other_days_off() if average_days else []
    rows, answered = totals.stage_rows(columns, period, filters, closure_days, average_days=average_days)
    return _stage_figures(rows, organisation, answered)


def _fact_groups(cases: QuerySet[Case], period: Period, filters: Filters) -> Iterable[tuple[Any, ...]]:
    received = Q(received_date__gte=period.start, received_date__lte=period.end)
    # Acknowledgements that were due (`acknowledged_on_time` says whether on time), as queries.timeliness counts them.
    acknowledged = Q(
        acknowledged_date__gte=period.start, acknowledged_date__lte=period.end, acknowledged_on_time__isnull=False
    )
    in_period = Q(responded_date__gte=period.start, responded_date__lte=period.end)
    ended = in_period & ~Q(outcome="")  # queries._ended_in: withdrawals included
    responded = in_period & ~Q(outcome=Outcome.WITHDRAWN)  # queries._responded_in
    readers = Exists(queries.filtered(cases, filters).filter(pk=OuterRef("case_id")))
    rows = (
        StageFact.objects.filter(readers, is_complaint=True, number__gte=1)
        .filter(received | acknowledged | in_period)
        .order_by()
        .values_list("number", "service_area_id", "outcome", "received_date", "responded_date", "excludes_boxing_day")
        .annotate(
            received=Count("pk", filter=received),
            escalated=Count("pk", filter=received & Q(is_escalated=True)),
            ended=Count("pk", filter=ended),
            ack=Count("pk", filter=acknowledged),
            ack_on_time=Count("pk", filter=acknowledged & Q(acknowledged_on_time=True)),
            responded=Count("pk", filter=responded),
            within=Count("pk", filter=responded & Q(responded_within=True)),
            within_original=Count("pk", filter=responded & Q(responded_within_original=True)),
            beyond=Count("pk", filter=responded & Q(extended_beyond_local_limit=True)),
        )
    )
    return rows


def _stage_figures(
    rows: Iterable[tuple[Any, ...]],
    organisation: Organisation | None,
    answered: queries.AnsweredDays | None = None,
) -> StageFigures:
    """The figures from grouped rows: (stage, service, outcome, received date, answered date, calendar, received,
    escalated to, ended, then the _TIMELINESS counts). The average working days come from the `answered` stages
    summed when given, otherwise from the rows' dates."""
    services = {
        pk: (name, is_housing) for pk, name, is_housing in ServiceArea.objects.values_list("pk", "name", "is_housing")
    }
    timeliness: dict[int, list[int]] = {}  # stage number -> the _TIMELINESS counts
    received_by_stage: dict[int, int] = defaultdict(int)
    escalated_by_stage: dict[int, int] = defaultdict(int)
    housing_by_stage: dict[int, int] = defaultdict(int)
    ended_by_service: dict[tuple[int, str, str], int] = defaultdict(int)  # (stage, service, outcome) -> how many
    groups: dict[tuple[int, date, date, bool], int] = defaultdict(int)  # for queries.average_working_days
    for (
        number,
        service_id,
        outcome,
        received_date,
        responded_date,
        boxing_day,
        received_n,
        escalated_n,
        ended_n,
        *times,
    ) in rows:
        # `times` are the _TIMELINESS counts: acknowledged, on time, responded, within, within original, beyond.
        name, is_housing = services.get(service_id, ("", False))
        received_by_stage[number] += received_n
        escalated_by_stage[number] += escalated_n
        if is_housing:
            housing_by_stage[number] += received_n
        if times[0] or times[2]:
            sums = timeliness.setdefault(number, [0] * len(_TIMELINESS))
            for index, count in enumerate(times):
                sums[index] += count
        if times[2] and answered is None:
            groups[(number, received_date, responded_date, bool(boxing_day))] += times[2]
        if ended_n:
            ended_by_service[(number, name, outcome)] += ended_n
    by_stage: dict[tuple[int, str, str], int] = defaultdict(int)
    for (number, _name, outcome), count in ended_by_service.items():
        by_stage[(number, "", outcome)] += count
    return StageFigures(
        received={1: 0, 2: 0} | {number: n for number, n in received_by_stage.items() if n},
        escalated={2: 0} | {number: n for number, n in escalated_by_stage.items() if n},
        housing_received={1: 0, 2: 0} | {number: n for number, n in housing_by_stage.items() if n},
        timeliness=[
            _timeliness(number, timeliness.get(number, [0] * len(_TIMELINESS)))
            for number in sorted({1, 2} | set(timeliness))
        ],
        average_days=(
            queries.average_working_days([(*key, n) for key, n in groups.items()], organisation)
            if answered is None
            else queries.average_working_days_summed(answered, organisation)
        ),
        outcomes=queries.outcome_rows((*key, n) for key, n in by_stage.items()),
        outcomes_by_service=queries.outcome_rows((*key, n) for key, n in ended_by_service.items()),
    )


_TIMELINESS = ("ack", "ack_on_time", "responded", "within", "within_original", "beyond")


def _timeliness(number: int, counts: list[int]) -> queries.StageTimeliness:
    row = dict(zip(_TIMELINESS, counts, strict=True))
    return queries.StageTimeliness(
        stage=number,
        acknowledged=queries.Share(row["ack_on_time"], row["ack"]),
        responded=queries.Share(row["within"], row["responded"]),
        responded_original=queries.Share(row["within_original"], row["responded"]),
        beyond_local_limit=row["beyond"],
    )
