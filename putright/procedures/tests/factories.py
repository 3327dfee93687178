"""Small builders for procedure tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from putright.cases.choices import CaseKind, Channel
from putright.cases.models import Case, Contact
from putright.organisation.models import ServiceArea
from putright.procedures.models import ProcedureVersion

RECEIVED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_numbers = itertools.count(90001)


def make_case_under(version: ProcedureVersion) -> Case:
    """A complaint that started under `version`, so that version may no longer change."""
    area, _ = ServiceArea.objects.get_or_create(slug="housing-repairs", defaults={"name": "Housing repairs"})
    return Case.objects.create(
        reference=f"PR-2026-{next(_numbers):05d}",
        kind=CaseKind.COMPLAINT,
        contact=Contact.objects.create(channel=Channel.WEB, received_at=RECEIVED_AT, raw_text="Typed."),
        service_area=area,
        title="Repair not done",
        description="Nobody came.",
        received_at=RECEIVED_AT,
        procedure_version=version,
    )
