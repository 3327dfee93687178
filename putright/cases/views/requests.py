"""Customer requests: the queue of requests waiting for staff, and the one action that deals with one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from putright.cases import lifecycle
from putright.cases.access import get_case_for
from putright.cases.forms import RequestDoneForm
from putright.cases.models import CustomerRequest
from putright.cases.requests import complete_request, get_request_on, requests_queue
from putright.cases.views._common import due_list
from putright.core.errors import TransitionError
from putright.core.views import SignedInRequest, add_rule_error, staff_view


@staff_view
def request_queue(request: SignedInRequest) -> HttpResponse:
    """Requests customers are waiting on: every one for the complaints team, else those on the user's cases."""
    user = request.user
    scope = "all" if user.sees_whole_queue and request.GET.get("scope") != "mine" else "mine"
    return due_list(
        request, "cases/request_queue.html", requests_queue(user, scope=scope), for_rows=_escalatable, scope=scope
    )


def _escalatable(rows: list[CustomerRequest]) -> dict[str, Any]:
    """For the page's requests for the next stage, why each case cannot be escalated now ("" when it can: the case
    page's rule and words), for all of them at once: those that cannot are offered recording that they are not
    being escalated."""
    asking = [item.case for item in rows if item.kind == CustomerRequest.Kind.ESCALATION]
    return {"cannot_escalate": lifecycle.escalation_unavailable_reasons(asking)}


@staff_view
def request_done(request: SignedInRequest, reference: str, request_id: int) -> HttpResponse:
    user = request.user
    case = get_case_for(user, reference, "edit")
    customer_request = get_request_on(case, request_id)
    if not customer_request.is_waiting:
        messages.info(request, "That request has already been dealt with")
        return redirect("cases:detail", reference=case.reference)
    is_escalation = customer_request.kind == CustomerRequest.Kind.ESCALATION
    stage = case.current_stage
    form = RequestDoneForm(
        request.POST or None, is_escalation=is_escalation, stage_number=stage.number if stage is not None else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            complete_request(request=customer_request, actor=user, note=form.cleaned_data["note"])
        except TransitionError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, f"{customer_request.due_label}: marked as dealt with")
            return redirect("cases:detail", reference=case.reference)
    # The case page's rule: when the case cannot be escalated (answered at its final stage, say), say why instead
    # of offering a button the escalate form would refuse.
    cannot_escalate = lifecycle.unavailable_reason(case, "escalate") if is_escalation else ""
    return render(
        request,
        "cases/request_done.html",
        {"case": case, "customer_request": customer_request, "form": form, "cannot_escalate": cannot_escalate},
    )
