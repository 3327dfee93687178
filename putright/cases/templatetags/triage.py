"""Triage help shown on the case page, each part in its own small template."""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases import customers, lifecycle
from putright.cases.access import can_act
from putright.cases.duplicates import duplicates_of_case
from putright.cases.models import Case, EarlyResolution

register = template.Library()


@register.inclusion_tag("cases/case/_duplicates_list.html", takes_context=True)
def likely_duplicates(context: template.Context, case: Case) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not case.is_active:
        return {"duplicates": []}
    return {
        "case": case,
        "duplicates": duplicates_of_case(request.user, case),
        "may_act": can_act(request.user, case),
        "mergeable": lifecycle.allowed_actions(case),
    }


@register.inclusion_tag("cases/case/_adjustments_to_confirm_list.html", takes_context=True)
def adjustments_to_confirm(context: template.Context, case: Case) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"requests": []}
    return {"case": case, "requests": customers.adjustments_to_confirm(case), "may_act": can_act(request.user, case)}


@register.inclusion_tag("cases/case/_early_resolution_offer.html", takes_context=True)
def early_resolution(context: template.Context, case: Case) -> dict[str, Any]:
    request = context.get("request")
    resolved = EarlyResolution.objects.filter(case=case).first()
    offered = request is not None and lifecycle.may_resolve_early(case) and can_act(request.user, case)
    return {"case": case, "resolved": resolved, "offered": offered, "until": lifecycle.early_resolution_until(case)}
