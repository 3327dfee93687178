"""Conditions written into a query with their values in the SQL text, so that partial indexes are used.

A partial index (`Index(condition=...)`) holds only the rows its condition picks, and the database uses it only
when the query's WHERE says the same condition. Django sends a query's values as bound parameters. PostgreSQL
plans with them in view, but SQLite plans a statement before its parameters are bound, so `status IN (?, ?)` never
matches an index created `WHERE status IN ('a', 'b')`, and the query reads and sorts every row the other filters
let through instead of reading a page in order from the index. `as_written(condition)` is the same condition with
its values in the SQL, as the index's own SQL has them.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.where import WhereNode

# Only constants written in the code (status values, whole numbers) go into the SQL text: never anything a user typed.
_PLAIN_WORDS = re.compile(r"[A-Za-z0-9_ -]*")


def _literal(value: object) -> str:
    # True and False are written differently by each database (and by each in its index SQL): not taken.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and _PLAIN_WORDS.fullmatch(value):
        return f"'{value}'"
    raise TypeError(f"Only plain words and numbers are written into a query's text, not {value!r}")


class _Written(WhereNode):
    """The resolved condition; compiles like any WHERE clause, then puts its values in the text."""

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[str | int, ...]]:
        sql, params = super().as_sql(compiler, connection)
        return sql % tuple(_literal(value) for value in params), ()


class AsWritten:
    """`condition` (a Q of constants) for `QuerySet.filter`, with its values written into the SQL text."""

    conditional = True

    def __init__(self, condition: Q) -> None:
        self.condition = condition

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> WhereNode:
        return _Written([self.condition.resolve_expression(query, *args, **kwargs)])


def as_written(condition: Q) -> AsWritten:
    """`cases.filter(as_written(OPEN_OR_OWED))`: the condition as a partial index's SQL has it."""
    return AsWritten(condition)
