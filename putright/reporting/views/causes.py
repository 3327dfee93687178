"""The root causes page: what caused the complaints answered in a financial year, and repeated staff names."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.core.periods import financial_year
from putright.core.views import SignedInRequest, whole_queue_view
from putright.reporting.causes import REPEATED, early_resolutions, repeatedly_named_staff, root_causes
from putright.reporting.views._access import chosen_year, year_choices


@whole_queue_view
def root_causes_report(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    year = chosen_year(request, today)
    period = financial_year(year)
    return render(
        request,
        "reporting/root_causes.html",
        {
            "year": year,
            "years": [(value, financial_year(value).label) for value in year_choices(today)],
            "period": period,
            "causes": root_causes(request.user, period),
            "early": early_resolutions(request.user, period),
            "staff": repeatedly_named_staff(request.user, period),
            "shows_staff": request.user.is_manager,
            "repeated": REPEATED,
        },
    )
