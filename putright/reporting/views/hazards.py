"""Awaab's Law timeliness: each hazard step, on time or not, apart from the complaints' own timeliness."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.hazards.selectors import hazard_timeliness
from putright.core.periods import financial_year
from putright.core.views import SignedInRequest, whole_queue_view
from putright.reporting.views._access import chosen_year, year_choices

# Awaab's Law applies to social landlords from 27 October 2025: the page offers the financial years from 2025-26.
FIRST_HAZARD_YEAR = 2025


@whole_queue_view
def hazards(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    year = chosen_year(request, today, first=FIRST_HAZARD_YEAR)
    period = financial_year(year)
    return render(
        request,
        "reporting/hazards.html",
        {
            "period": period,
            "year": year,
            "years": [(y, financial_year(y).label) for y in year_choices(today, first=FIRST_HAZARD_YEAR)],
            "rows": hazard_timeliness(cases_visible_to(request.user), period.start, period.end),
        },
    )
