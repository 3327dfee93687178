"""The staff home page: what needs the signed-in member of staff today."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from putright.cases.selectors import Rag, rag_for
from putright.cases.today import work_today
from putright.core.views import SignedInRequest, staff_view


@staff_view
def today_page(request: SignedInRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    work = work_today(user, today)
    return render(
        request,
        "cases/today.html",
        {
            "work": work,
            "today": today,
            "case_rows": [(case, rag_for(case.next_due_date, today, work.soon)) for case in work.cases_due],
            # Each list tags its rows as the cases table does: overdue, due soon (one rule, `rag_for`).
            "contribution_rows": [(item, rag_for(item.due_date, today, work.soon)) for item in work.contributions],
            "remedy_rows": [(item, rag_for(item.due_date, today, work.soon)) for item in work.remedies],
            "elsewhere_rows": [
                (
                    section,
                    [
                        (line, Rag.OVERDUE if line.overdue else rag_for(line.due, today, work.soon))
                        for line in section.lines
                    ],
                )
                for section in work.elsewhere
            ],
            "rag_labels": Rag.LABELS,
        },
    )
