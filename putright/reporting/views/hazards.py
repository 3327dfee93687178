"""Awaab's Law timeliness: each hazard step, on time or not, apart from the complaints' own timeliness."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.hazards.selectors import hazard_timeliness
from putright.core.periods import financial_year, financial_year_of
from putright.core.views import SignedInRequest, whole_queue_view


@whole_queue_view
def hazards(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = financial_year_of(today)
    year = min(max(year, 2025), financial_year_of(today))
    period = financial_year(year)
    return render(
        request,
        "reporting/hazards.html",
        {
            "period": period,
            "year": year,
            "years": [(y, financial_year(y).label) for y in range(financial_year_of(today), 2024, -1)],
            "rows": hazard_timeliness(cases_visible_to(request.user), period.start, period.end),
        },
    )
