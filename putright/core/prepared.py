"""Reads made on every request whose SQL never changes but for a few values, compiled once per process.

Django builds a query's SQL anew each time it runs, and for the small reads a request makes (the organisation, a
procedure's version, the webhook subscriptions) that takes several times longer than SQLite takes to answer.
A `PreparedRead` is written with the ORM like any other read, so the rule it states is stated there, once. The
first call in a process compiles it for stand-in values; every call runs that SQL with its own values in their
place, and the rows become objects (or values) exactly as the ORM makes them: the queryset's own iterable,
converters, `select_related`, `prefetch_related` and annotations. Only whole values are swapped (an id, a name, a
date), never part of a pattern, and `build` must read nothing else that can change (no `timezone.now()`, no
setting): a date such as today is one of the values it is given.

On PostgreSQL the values are also sent apart from the SQL, so the server is sent the same statement every time and
prepares and plans it once per connection (`_ValuesApart`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, cast
from weakref import WeakKeyDictionary

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

# Stand-ins no real value equals (a negative id, a string no form or record holds), swapped before the SQL runs.
_STAND_INS: dict[type, Callable[[int], Any]] = {
    int: lambda place: -1_000_001 - place,
    str: lambda place: f"putright-prepared-stand-in-{place}-b9f04c7e",
    date: lambda place: date(1, 1, 1) + timedelta(days=place),
}


def _as_parameter(kind: type, value: Any, alias: str) -> Any:
    """`value` as the database driver is given it: a date as text on SQLite, as Django adapts a date field's.

    The ORM would convert a value of another type (a time for a date, text for an id) or write `IS NULL` for None;
    a prepared read cannot, so it refuses them rather than find nothing."""
    if value is None or (kind is date and isinstance(value, datetime)) or not isinstance(value, kind):
        raise TypeError(f"A prepared read was given {value!r} where it takes a {kind.__name__}")
    given: Any = value
    return connections[alias].ops.adapt_datefield_value(given) if kind is date else given


class _ValuesApart:
    """A PostgreSQL connection as the compiler sees it, except that its cursor sends the values apart from the SQL.

    The ORM's cursors write the values into the SQL text, so PostgreSQL parses and plans every read afresh: for the
    case with the eight records beside it (ten tables joined) planning takes 6 ms, twenty times as long as running
    it. Sent apart, the text is the same on every call: psycopg prepares it on the server once per connection
    (`prepare_threshold`, settings.py), and after its first five runs PostgreSQL keeps one plan for any values when
    that plan is as good as the ones made for each (for a look-up by id or reference it is the same plan).
    The ORM's other queries keep their own cursors."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self) -> CursorWrapper:
        from django.db.backends.postgresql.base import ServerBindingCursor  # only with PostgreSQL (psycopg)

        wrapped = self._connection.cursor()  # the ORM's own checks, error wrapping and query log
        wrapped.cursor.close()
        # psycopg's Cursor(connection), with Django's mixin; the stubs give the class no constructor.
        wrapped.cursor = ServerBindingCursor(self._connection.connection)  # type: ignore[call-arg]
        return wrapped


class PreparedRead[M: Model, T]:
    """`build(*values)` compiled once per process and database; call with the values, get the rows as a list.

    `primary`: read where changes are written (the change's own transaction), never from a replica."""

    def __init__(
        self, build: Callable[..., QuerySet[M, T]], *kinds: type[int] | type[str] | type[date], primary: bool = False
    ) -> None:
        self._build = build
        self._kinds = kinds
        self._primary = primary
        self._model: type[M] | None = None
        self._compiled: dict[tuple[str, str], tuple[QuerySet[M, T], SQLCompiler, str, tuple[Any, ...], list[int]]] = {}
        # The converters of the columns read, for each connection (`_converters_for`).
        self._converters: dict[tuple[str, str], WeakKeyDictionary[BaseDatabaseWrapper, dict[int, Any]]] = {}

    def _compile(self, alias: str) -> tuple[QuerySet[M, T], SQLCompiler, str, tuple[Any, ...], list[int]]:
        key = (alias, connections[alias].vendor)
        if key not in self._compiled:
            queryset = self._build(*self._stand_ins()).using(alias)
            stand_ins = [
                _as_parameter(kind, value, alias) for kind, value in zip(self._kinds, self._stand_ins(), strict=True)
            ]
            compiler = queryset.query.get_compiler(alias)
            sql, params = compiler.as_sql()
            params = tuple(params)
            if any(params.count(stand_in) != 1 for stand_in in stand_ins):
                raise RuntimeError("A prepared read must use each of its values once, as a whole parameter.")
            if str in self._kinds and " LIKE " in sql.upper():
                # Django escapes `%` and `_` in a value compared with LIKE while building the SQL; a value put in
                # afterwards would not be escaped, and `%` would match anything.
                raise RuntimeError("A prepared read cannot compare text with LIKE (iexact, contains, startswith).")
            self._compiled[key] = (queryset, compiler, sql, params, [params.index(value) for value in stand_ins])
        return self._compiled[key]

    def _converters_for(
        self, alias: str, ready: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> Callable[[list[Any]], dict[int, Any]]:
        """`ready.get_converters`, giving the converters of the columns read as worked out the first time on this
        connection: Django works them out on every read, asking each column and the database's operations in turn
        (a thousand and more calls for the case and the eight records read with it)."""
        kept = self._converters.setdefault((alias, connection.vendor), WeakKeyDictionary())
        columns = [selected[0] for selected in ready.select[0 : ready.col_count]]
        converters = kept.get(connection)
        if converters is None:
            converters = kept[connection] = ready.get_converters(columns)
        work_out = ready.get_converters

        def get_converters(expressions: list[Any]) -> dict[int, Any]:
            return converters if expressions == columns else work_out(expressions)

        return get_converters

    def _stand_ins(self) -> list[Any]:
        return [_STAND_INS[kind](place) for place, kind in enumerate(self._kinds)]

    def __call__(self, *values: Any) -> list[T]:
        if self._model is None:
            self._model = self._build(*self._stand_ins()).model
        alias = router.db_for_write(self._model) if self._primary else router.db_for_read(self._model)
        queryset, compiler, sql, stand_in_params, positions = self._compile(alias)
        params = list(stand_in_params)
        for position, kind, value in zip(positions, self._kinds, values, strict=True):
            params[position] = _as_parameter(kind, value, alias)
        # A copy of the compiled compiler, which gives this call's parameters instead of compiling again, behind a
        # copy of the queryset (its iterable, prefetches and all) whose query hands out that compiler.
        ready = copy.copy(compiler)
        connection = connections[alias]  # this thread's connection, not the one it was compiled on
        ready.connection = (
            cast(BaseDatabaseWrapper, _ValuesApart(connection)) if connection.vendor == "postgresql" else connection
        )
        ready.as_sql = lambda *args, **kwargs: (sql, tuple(params))  # type: ignore[method-assign]
        ready.get_converters = self._converters_for(alias, ready, connection)  # type: ignore[method-assign,assignment]
        query = copy.copy(queryset.query)
        query.get_compiler = lambda *args, **kwargs: ready  # type: ignore[method-assign]
        runnable: QuerySet[M, T] = QuerySet.__new__(type(queryset))
        runnable.__dict__.update(queryset.__dict__)
        runnable._result_cache = None
        runnable._prefetch_done = False  # type: ignore[attr-defined]
        # Not through the `query` setter, which would turn a values_list's iterable into a values one.
        runnable._query = query  # type: ignore[attr-defined]
        return list(runnable)
