"""The seeder writes the same rows for the same seed: every speed-up must leave what is seeded as it was.

`DIGEST` is a fingerprint of every row `seed_cases` writes for 400 cases with seed 7 on a fixed day: customers,
contacts, cases, stages, extensions, remedies, contributions, calls, timeline events, categories and links, with
ids and foreign keys counted in insertion order (so the fingerprint is the same on SQLite and PostgreSQL, whatever
the id sequences say). It was taken before the seeder was made faster and must not move when only its speed
changes. A deliberate change to the demo's randomness or wording (putright/demo/cases.py, text.py, the lifecycle's
wording or clock) changes it: check the difference is the one intended, then paste the new value printed by the
failure.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import models

from putright.cases.models import Case
from putright.cases.search import search_cases
from putright.demo.cases import Tables, seed_cases
from putright.demo.organisation import create_organisation
from putright.organisation.models import User

# Keys of a timeline event's data that hold a user's id.
USER_KEYS = ("lead_officer", "handler", "to", "from")
DIGEST = "4f0a2c5a1e531efabc59a11d3b294e8b6dda305cb65ca5e4af3fc0dbe3f7be12"
MOMENT = datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo("UTC")).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def seeded_rows_digest() -> str:
    """A fingerprint of the rows in every table the case seeder writes."""
    ordinals: dict[type[models.Model], dict[Any, int]] = {}

    def ordinal(model: type[models.Model], pk: Any) -> int | None:
        if pk is None:
            return None
        if model not in ordinals:
            pks = model._default_manager.order_by("pk").values_list("pk", flat=True)
            ordinals[model] = {value: index for index, value in enumerate(pks)}
        return ordinals[model][pk]

    digest = hashlib.sha256()
    for table in Tables().all:
        model = table.model
        fields = [
            field
            for field in model._meta.concrete_fields
            if not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        ]
        digest.update(model._meta.db_table.encode())
        for values in model._default_manager.order_by("pk").values_list(*(field.attname for field in fields)):
            row = []
            for field, value in zip(fields, values, strict=True):
                if field.primary_key:
                    row.append(ordinal(model, value))
                elif field.is_relation:
                    row.append(ordinal(field.related_model, value))
                elif isinstance(value, dict):
                    users = {key: ordinal(User, value[key]) for key in USER_KEYS if isinstance(value.get(key), int)}
                    row.append({**value, **users})
                else:
                    row.append(_plain(value))
            digest.update(json.dumps(row, sort_keys=True, default=str).encode())
    return digest.hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize("bulk", [False, True], ids=["row by row", "bulk load"])
def test_the_same_seed_writes_the_same_rows_as_before_the_seeder_was_made_faster(bulk):
    with time_machine.travel(MOMENT, tick=False):
        demo = create_organisation()
        assert seed_cases(demo, 400, seed=7, bulk=bulk) == 400
        assert seeded_rows_digest() == DIGEST
    # Every seeded case can be found by what it says (SQLite's search index is filled once after a bulk load).
    for case in Case.objects.order_by("?")[:20]:
        assert search_cases(Case.objects.all(), case.title).filter(pk=case.pk).exists(), case.title
