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

from putright.demo.cases import Tables, seed_cases
from putright.demo.organisation import create_organisation

DIGEST = "9f1feae9ffc029d72b2e66c7639bf20dbe7569761db689bd68a464f944bc5de8"
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
                else:
                    row.append(_plain(value))
            digest.update(json.dumps(row, sort_keys=True, default=str).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows_as_before_the_seeder_was_made_faster():
    with time_machine.travel(MOMENT, tick=False):
        demo = create_organisation()
        assert seed_cases(demo, 400, seed=7) == 400
        assert seeded_rows_digest() == DIGEST
