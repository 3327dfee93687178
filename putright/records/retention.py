"""The retention schedule: personal data of cases closed longer ago than their procedure keeps it is erased, and the
case is kept as figures (`erasure.py`). A legal hold stops it; a dry run lists what would go."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from putright.cases.choices import ENDED_STATUSES
from putright.cases.models import Case
from putright.records.erasure import anonymise_customers_without_personal_cases, erase_case
from putright.records.models import Erasure, LegalHold


@dataclass(frozen=True)
class Due:
    reference: str
    closed_at: datetime
    years: int
    procedure: str


@dataclass
class RetentionRun:
    dry_run: bool
    due: list[Due] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    customers_anonymised: int = 0
    files_deleted: int = 0

    def summary(self) -> str:
        verb = "would erase" if self.dry_run else "erased"
        return (
            f"{verb} the personal data of {len(self.due)} case(s); {len(self.held)} held; "
            f"{self.customers_anonymised} customer(s) anonymised; {self.files_deleted} file(s) deleted"
        )


def years_kept(case: Case) -> int:
    version = case.procedure_version
    if version is not None:
        return int(version.procedure.retention_years)
    return int(settings.PUTRIGHT_RETENTION_YEARS)  # comments, compliments: no procedure


def _ended_and_not_erased() -> QuerySet[Case]:
    return (
        Case.objects.filter(status__in=sorted(ENDED_STATUSES), closed_at__isnull=False)
        .filter(~Exists(Erasure.objects.filter(case=OuterRef("pk"))))
        .select_related("procedure_version__procedure")
        .order_by("closed_at", "pk")
    )


def _held_ids() -> set[int]:
    return set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("case_id", flat=True))


def cases_past_retention(now: datetime) -> tuple[list[Case], list[Case]]:
    """(cases to erase now, cases past their date but under a legal hold)."""
    # No case closed more recently than the shortest period any procedure keeps can be due.
    from putright.procedures.models import Procedure

    shortest = min([*Procedure.objects.values_list("retention_years", flat=True), settings.PUTRIGHT_RETENTION_YEARS])
    candidates = _ended_and_not_erased().filter(closed_at__lt=now - relativedelta(years=shortest))
    held = _held_ids()
    due: list[Case] = []
    kept: list[Case] = []
    for case in candidates.iterator(chunk_size=500):
        assert case.closed_at is not None
        if case.closed_at + relativedelta(years=years_kept(case)) > now:
            continue
        (kept if case.pk in held else due).append(case)
    return due, kept


def apply_retention(now: datetime, *, dry_run: bool = False, limit: int = 5000) -> RetentionRun:
    """Erase (or, dry, list) the personal data of cases past their retention date; at most `limit` a run."""
    due, held = cases_past_retention(now)
    run = RetentionRun(dry_run=dry_run, held=[case.reference for case in held])
    customers: set[int] = set()
    for case in due[:limit]:
        assert case.closed_at is not None
        years = years_kept(case)
        run.due.append(Due(case.reference, case.closed_at, years, str(case.procedure_version or "no procedure")))
        if dry_run:
            continue
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if (
                Erasure.objects.filter(case=locked).exists()
                or LegalHold.objects.filter(case=locked, lifted_at__isnull=True).exists()
            ):
                continue
            run.files_deleted += erase_case(
                locked, why=Erasure.Why.RETENTION, now=now, rule=f"{years} years after closure"
            )
        if case.customer_id:
            customers.add(case.customer_id)
    if not dry_run and customers:
        with transaction.atomic():
            run.customers_anonymised = anonymise_customers_without_personal_cases(customers, now)
    return run
