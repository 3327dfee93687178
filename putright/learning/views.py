"""Staff pages for learning actions: the list (overdue first), raising one, completing one, you said we did.

The complaints team, managers and administrators track learning (`whole_queue_view`); anyone else gets a 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.core.errors import RuleError
from putright.core.forms import PeriodForm
from putright.core.views import SignedInRequest, add_rule_error, whole_queue_view
from putright.learning import selectors, services
from putright.learning.forms import CompleteActionForm, LearningActionForm


@whole_queue_view
def action_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "learning/action_list.html",
        {
            "overdue": list(selectors.overdue_actions(user, today)),
            "open_actions": list(selectors.open_actions(user, today).prefetch_related("cases")),
            "done_actions": list(selectors.done_actions(user).prefetch_related("cases")[:100]),
        },
    )


@whole_queue_view
def new_action(request: SignedInRequest) -> HttpResponse:
    user = request.user
    initial = {"case_references": request.GET.get("cases", "")}
    form = LearningActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        references = form.references()
        cases = list(cases_visible_to(user).filter(reference__in=references))
        unknown = sorted(set(references) - {case.reference for case in cases})
        if unknown:
            form.add_error("case_references", f"No case with the reference {', '.join(unknown)}")
        else:
            data = form.cleaned_data
            try:
                services.raise_learning_action(
                    cases=cases,
                    actor=user,
                    title=data["title"],
                    finding=data["finding"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                    service_area=data["service_area"],
                )
            except RuleError as error:
                if error.field == "cases":
                    error.field = "case_references"
                add_rule_error(form, error)
            else:
                return redirect("learning:list")
    return render(request, "learning/form.html", {"form": form, "title": "Record a learning action", "button": "Save"})


@whole_queue_view
def complete_action(request: SignedInRequest, action_id: int) -> HttpResponse:
    user = request.user
    action = selectors.get_action_for(user, action_id)
    form = CompleteActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complete_learning_action(
                action=action,
                actor=user,
                improvement=data["improvement"],
                evidence=data["evidence"],
                completed_date=data["completed_date"],
                publish=data["publish"],
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            return redirect("learning:list")
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": "Record that it is done", "button": "Save", "caption": action.title},
    )


@whole_queue_view
def you_said_we_did(request: SignedInRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    period = form.period()
    actions = selectors.you_said_we_did(request.user, period)
    return render(request, "learning/you_said_we_did.html", {"actions": actions, "period": period})
