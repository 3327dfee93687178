"""Entering the landlord's year-end housing stock by tenure, the denominator of TSM CH01 (docs/rules.md)."""

from __future__ import annotations

from django.db import transaction

from putright.core.errors import RuleError
from putright.core.periods import FIRST_YEAR
from putright.organisation.models import User
from putright.people.choices import TSM_TENURES, Tenure
from putright.reporting.models import HousingStock


def set_year_end_stock(*, year: int, homes: dict[str, int | None], actor: User) -> list[HousingStock]:
    """Record the homes of each TSM tenure at the end of the year; a tenure left empty keeps what it had.

    Refuses a tenure the return is not made for, a negative number, or a year before the first reporting year,
    and then saves nothing."""
    if year < FIRST_YEAR:
        raise RuleError(f"The first year PutRight reports is {FIRST_YEAR}", "year")
    for tenure, count in homes.items():
        if tenure not in TSM_TENURES:
            raise RuleError(f"The TSM return has no figures for {Tenure(tenure).label}", "tenure")
        if count is not None and count < 0:
            raise RuleError("The number of homes cannot be negative", tenure)
    saved = []
    with transaction.atomic():
        for tenure, count in homes.items():
            if count is None:
                continue
            stock, _created = HousingStock.objects.update_or_create(
                year=year, tenure=tenure, defaults={"homes": count, "entered_by": actor}
            )
            saved.append(stock)
    return saved
