"""What is still owed after a response: contributions asked of me, outstanding remedies, and marking a remedy done."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from putright.cases import services
from putright.cases.access import get_case_for
from putright.cases.forms import RemedyDoneForm
from putright.cases.models import Remedy
from putright.cases.outstanding import contributions_asked_of, remedy_lines
from putright.cases.selectors import Page, Rag, due_soon_limit, rag_for
from putright.cases.views._common import due_list, page_number, querystring_without_page
from putright.core.errors import TransitionError
from putright.core.text import long_date
from putright.core.views import SignedInRequest, add_rule_error, staff_view


@staff_view
def my_contributions(request: SignedInRequest) -> HttpResponse:
    """Contributions the signed-in officer has been asked for and not yet given, soonest due first."""
    return due_list(request, "cases/my_contributions.html", contributions_asked_of(request.user))


@staff_view
def outstanding_remedies(request: SignedInRequest) -> HttpResponse:
    """Remedies not yet carried out: every one for the complaints team, else those the officer answers for."""
    user = request.user
    scope = "all" if user.sees_whole_queue and request.GET.get("scope") != "mine" else "mine"
    size = settings.PUTRIGHT_PAGE_SIZE
    number = page_number(request)
    # Remedies in responses and those an ombudsman ordered, merged in due order: one more than the page shows.
    lines = remedy_lines(user, scope=scope, first=number * size + 1)
    page = Page(rows=lines[(number - 1) * size : number * size], number=number, has_next=len(lines) > number * size)
    today = timezone.localdate()
    soon = due_soon_limit(today)
    return render(
        request,
        "cases/outstanding_remedies.html",
        {
            "rows": [(line, rag_for(line.due_date, today, soon)) for line in page.rows],
            "page_obj": page,
            "rag_labels": {**Rag.LABELS, Rag.NONE: "No date set"},
            "querystring_without_page": querystring_without_page(request),
            "scope": scope,
        },
    )


@staff_view
def remedy_done(request: SignedInRequest, reference: str, remedy_id: int) -> HttpResponse:
    user = request.user
    case = get_case_for(user, reference, "edit")
    remedy = Remedy.objects.filter(stage__case=case, pk=remedy_id).select_related("owner").first()
    if remedy is None:
        raise Http404("No such remedy")
    if remedy.completed_date is not None:
        messages.info(request, f"That remedy was recorded as done on {long_date(remedy.completed_date)}")
        return redirect("cases:detail", reference=case.reference)
    form = RemedyDoneForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_remedy(
                remedy=remedy,
                actor=user,
                completed_on=form.cleaned_data["completed_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except TransitionError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, "Remedy recorded as done")
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/remedy_done.html", {"case": case, "remedy": remedy, "form": form})
