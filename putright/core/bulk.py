"""Writing many rows at once: the demo seeder's cases, and the stage facts and totals worked out again from them.

`insert_rows` writes rows already in the shape the database takes: `COPY` on PostgreSQL (one command streams them
all, several times faster than any INSERT at a million rows; in binary form where the columns' types allow), one
`executemany` on SQLite; `inserted_behind` has a
second thread do it while the caller builds the next rows. `bulk_load` makes what is checked or indexed row by row
happen once, after the rows are in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    db: BaseDatabaseWrapper | None = None,
) -> None:
    """Insert `rows` (values in the order of `columns`, as the database driver takes them) into the model's table,
    on `db` (by default this thread's connection)."""
    db = db or connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    quoted = ", ".join(quote(column) for column in columns)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            types = _binary_types(model, columns, db)
            options = ["FORMAT binary"] if types else []
            if _may_freeze(db, model._meta.db_table):
                options.append("FREEZE")
            listed = f" ({', '.join(options)})" if options else ""
            if types:
                cursor.cursor.adapters.register_dumper(None, _json_text_dumper())  # this cursor's only
            # psycopg's own cursor, so its errors are raised as Django's (as from any other statement) here.
            with db.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN{listed}") as copy:
                if types:
                    copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            cursor.executemany(sql, list(rows))


# The columns' types whose values psycopg writes in PostgreSQL's binary form straight from the Python values
# `insert_rows` is given (ints, text, booleans, dates, aware datetimes, JSON already dumped to text): several times
# less Python per row than the text form, which formats each value as text first. Others (such as the decimals,
# given as text) go in the text form.
_BINARY_TYPES = {
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "date": "date",
    "timestamp with time zone": "timestamptz",
    "text": "text",
    "varchar": "varchar",
    "jsonb": "jsonb",
}


def _binary_types(model: type[models.Model], columns: Sequence[str], db: BaseDatabaseWrapper) -> list[str] | None:
    """The columns' types to `COPY` them in binary form, or None when one of them is not written so."""
    declared = {str(field.column): field.db_type(db) for field in model._meta.concrete_fields}
    types = [_BINARY_TYPES.get((declared.get(column) or "").partition("(")[0]) for column in columns]
    return None if None in types else [str(name) for name in types]


@cache
def _json_text_dumper() -> type:
    """psycopg's dumper of JSON text already dumped to jsonb's binary form (`insert_rows` is given the text, as the
    text form takes it). Made when first used: psycopg is imported only with PostgreSQL."""
    from psycopg import postgres, pq
    from psycopg.adapt import Dumper

    class JsonTextDumper(Dumper):
        format = pq.Format.BINARY
        oid = postgres.types["jsonb"].oid

        def dump(self, obj: Any) -> bytes:
            return b"\x01" + obj.encode()

    return JsonTextDumper


Rows = tuple[type[models.Model], Sequence[str], Sequence[Sequence[Any]]]  # what `insert_rows` takes

# PostgreSQL: the tables a `bulk_load` under way emptied (TRUNCATE) on a connection, and how many savepoints deep
# (Django's atomic blocks) it was then. Until the load ends, `insert_rows` writes their rows already frozen (`COPY …
# FREEZE`), which PostgreSQL allows only in the (sub)transaction that emptied the table.
_emptied: WeakKeyDictionary[BaseDatabaseWrapper, tuple[int, frozenset[str]]] = WeakKeyDictionary()


def _may_freeze(db: BaseDatabaseWrapper, table: str) -> bool:
    depth, tables = _emptied.get(db, (-1, frozenset()))
    return table in tables and depth == len(db.savepoint_ids)


@contextmanager
def inserted_behind() -> Iterator[Callable[[Sequence[Rows]], None]]:
    """Yield `insert(batch)`, which inserts each of the batch's (model, columns, rows) in turn as `insert_rows` does,
    on this thread's connection: on PostgreSQL from a second thread, while the caller goes on building the next batch.

    psycopg waits for the server to take a `COPY`'s rows without holding the GIL, so the caller's Python runs on
    meanwhile: the database works on one core while the caller works on the other, instead of each waiting for the
    other. One batch is written at a time (`insert` first waits for the one before), in the order given; the
    connection's lock holds anything else the caller sends until the `COPY` under way ends. The block's end waits
    for the last batch and raises what writing it raised. Elsewhere, each batch is inserted at once."""
    if connection.vendor != "postgresql":

        def insert_now(batch: Sequence[Rows]) -> None:
            for rows in batch:
                insert_rows(*rows)

        yield insert_now
        return
    db = connections[DEFAULT_DB_ALIAS]  # this thread's connection itself (`connection` is each thread's own)

    def write(batch: Sequence[Rows]) -> None:
        for rows in batch:
            insert_rows(*rows, db=db)

    pending: Future[None] | None = None

    def insert(batch: Sequence[Rows]) -> None:
        nonlocal pending
        if pending is not None:
            pending.result()
        pending = executor.submit(write, batch)

    db.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="insert") as executor:
            try:
                yield insert
            except BaseException:
                if pending is not None:
                    pending.exception()  # wait for it: the caller's error is the one to raise
                raise
            if pending is not None:
                pending.result()
    finally:
        db.dec_thread_sharing()


def fetched_behind(groups: Sequence[Sequence[tuple[str, Sequence[Any]]]]) -> Iterator[list[tuple[Any, ...]]]:
    """Run each group of statements (SQL and parameters, such as `INSERT … RETURNING`) in turn on this thread's
    connection and yield each group's rows: on PostgreSQL the next group runs in a second thread while the caller
    works on the rows of the one before, as in `inserted_behind` (the database on one core, the caller's Python on
    the other). The caller must not use the connection until the rows of the last group are yielded."""
    db = connections[DEFAULT_DB_ALIAS]  # this thread's connection itself (`connection` is each thread's own)

    def run(group: Sequence[tuple[str, Sequence[Any]]]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        with db.cursor() as cursor:
            for sql, params in group:
                cursor.execute(sql, params)
                rows += cursor.fetchall()
        return rows

    if db.vendor != "postgresql":
        for group in groups:
            yield run(group)
        return
    db.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fetch") as executor:
            pending = [executor.submit(run, group) for group in groups[:1]]
            try:
                for group in groups[1:]:
                    pending.append(executor.submit(run, group))
                    yield pending.pop(0).result()
                if pending:
                    yield pending.pop(0).result()
            finally:
                for future in pending:  # the caller stopped early: what is under way ends before the connection is used
                    future.cancel() or future.exception()
    finally:
        db.dec_thread_sharing()


@contextmanager
def bulk_load(tables: Sequence[type[models.Model]], *, replaced: bool = False) -> Iterator[None]:
    """Load many rows into these models' tables at once, inside the caller's transaction, with what is checked or
    indexed per row done once. `replaced`: the caller deletes every row these tables hold before loading new ones.

    SQLite: foreign keys are not checked row by row (the caller turns them off, outside the transaction, with
    `constraint_checks_disabled`) but once at the end, for every table written, and the tables' non-unique indexes
    are dropped before the inserts and created again after them (sorting 100,000 cases once into each of the
    case table's two dozen indexes costs less than adding each row to each index). PostgreSQL: the tables' foreign
    keys and non-unique indexes are dropped before the inserts and created again after them, in the same
    transaction (so a failure leaves them as they were): one check per foreign key and one sort per index instead
    of one per row, and then the tables are analysed. Unique indexes stay, so a duplicate is still refused at once.

    On PostgreSQL, tables that are empty (a new database) or `replaced` are emptied with TRUNCATE in the caller's
    transaction, so `insert_rows` writes their rows frozen and visible to all (`COPY … FREEZE`): no VACUUM has to
    read and write every page again after the load, and no reader has to set each row's hint bits. The foreign keys
    of other tables pointing at them are dropped and added again around the load too (TRUNCATE refuses a table
    something points at). Rows written other ways (INSERT) are loaded as before.

    Dropping a foreign key locks the table it points to against every other reader until the transaction ends: for
    loading a new database (the demo), not for one in use.
    """
    names = [model._meta.db_table for model in tables]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({', '.join(['%s'] * len(names))})",
                names,
            )
            plain_indexes = [(name, sql) for name, sql in cursor.fetchall() if not sql.startswith("CREATE UNIQUE")]
            for name, _sql in plain_indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        yield
        with connection.cursor() as cursor:
            for _name, sql in plain_indexes:
                cursor.execute(sql)
        connection.check_constraints(table_names=names)
        return
    connection.check_constraints()  # rows written earlier in this transaction are checked now: no pending checks
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        emptied = replaced or _all_empty(cursor, names)
        # The tables' own foreign keys; when they are emptied, those of other tables pointing at them too.
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[]) OR %s AND confrelid = ANY(%s::regclass[]))
            """,
            [names, emptied, names],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
            WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary
            """,
            [names],
        )
        indexes = cursor.fetchall()
        # Room to sort each index in memory when it is built again (the server's default, 64 MB, sorts a million
        # rows on disk), for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        if emptied:
            cursor.execute(f"TRUNCATE {', '.join(map(quote, names))}")
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, as `insert_rows` is given it from any thread
    if emptied:
        _emptied[db] = (len(db.savepoint_ids), frozenset(names))
    try:
        yield
    finally:
        _emptied.pop(db, None)
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        # Statistics of what is in the tables now, so what runs next (in this transaction or after it) is planned
        # for a million rows, not for the empty tables last analysed; sampled, so it takes moments. Before the
        # foreign keys: each is checked by one query, which, knowing the rows are visible to all, reads the
        # column's index rather than every page of the table.
        for table in names:
            cursor.execute(f"ANALYZE {quote(table)}")
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def _all_empty(cursor: Any, names: Sequence[str]) -> bool:
    quote = connection.ops.quote_name
    cursor.execute("SELECT " + " AND ".join(f"NOT EXISTS (SELECT FROM {quote(name)})" for name in names))  # noqa: S608
    return bool(cursor.fetchone()[0])


@contextmanager
def vacuumed_alongside(tables: Sequence[type[models.Model]]) -> Iterator[None]:
    """PostgreSQL, outside a transaction: VACUUM these tables on a second connection, in a second thread, while
    the block runs, and wait for it when the block ends. After a bulk load, VACUUM reads and writes every page it
    loaded that was not written frozen (marking the rows visible to all, as autovacuum soon would; see `bulk_load`);
    this way the database does that on one core while the caller's Python goes on with the other. Tables are
    vacuumed in the order given: put first any the block will lock (a foreign key dropped or added), as that waits
    for its VACUUM to end. Elsewhere, nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    names = [model._meta.db_table for model in tables]

    def vacuum() -> None:
        db = connections[DEFAULT_DB_ALIAS]  # this thread's own connection
        try:
            with db.cursor() as cursor:
                for name in names:
                    cursor.execute(f"VACUUM {db.ops.quote_name(name)}")
        finally:
            db.close()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="vacuum") as executor:
        done = executor.submit(vacuum)
        yield
        done.result()
