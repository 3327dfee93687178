"""Triage help shown on the case page, each part in its own small template.

Each tag takes the page's `may_act` (`access.can_act`, worked out once by the view) rather than asking again.
"""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases import customers, lifecycle
from putright.cases.access import can_act
from putright.cases.duplicates import duplicates_of_case
from putright.cases.models import Case, EarlyResolution
from putright.organisation.models import User

register = template.Library()


def _has(context: template.Context, section: str) -> bool:
    """Whether the section may have rows: the page's `has` (`page_contents`) when it gave one, else read to see."""
    return bool(getattr(context.get("has"), section, True))


def _may_act(user: User, case: Case, may_act: bool | None) -> bool:
    return may_act if may_act is not None else can_act(user, case)


@register.inclusion_tag("cases/case/_duplicates_list.html", takes_context=True)
def likely_duplicates(context: template.Context, case: Case, may_act: bool | None = None) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not case.is_active:
        return {"duplicates": []}
    return {
        "case": case,
        "duplicates": duplicates_of_case(request.user, case),
        "may_act": _may_act(request.user, case, may_act),
        "mergeable": lifecycle.allowed_actions(case),
    }


@register.inclusion_tag("cases/case/_adjustments_to_confirm_list.html", takes_context=True)
def adjustments_to_confirm(context: template.Context, case: Case, may_act: bool | None = None) -> dict[str, Any]:
    """Nothing is read when the page has found the customer has none to confirm (`page_contents`)."""
    request = context.get("request")
    if request is None:
        return {"requests": []}
    return {
        "case": case,
        "requests": customers.adjustments_to_confirm(case) if _has(context, "adjustments_to_confirm") else [],
        "may_act": _may_act(request.user, case, may_act),
    }


@register.inclusion_tag("cases/case/_early_resolution_offer.html", takes_context=True)
def early_resolution(context: template.Context, case: Case, may_act: bool | None = None) -> dict[str, Any]:
    """The early resolution is not read when the page has found the case has none (`page_contents`)."""
    request = context.get("request")
    resolved = EarlyResolution.objects.filter(case=case).first() if _has(context, "early_resolution") else None
    offered = request is not None and lifecycle.may_resolve_early(case) and _may_act(request.user, case, may_act)
    return {"case": case, "resolved": resolved, "offered": offered, "until": lifecycle.early_resolution_until(case)}
