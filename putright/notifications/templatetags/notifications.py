"""`{% case_messages case %}`: the case page's list of letters and emails, with failed ones and a retry button."""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases.access import can_act
from putright.cases.models import Case
from putright.cases.page_contents import PageContents
from putright.notifications.selectors import CASE_MESSAGES_SECTION, messages_for_case

register = template.Library()


def _may_act(context: template.Context, case: Case) -> bool:
    """Whether the reader may act on the case: the page's answer when it gave one, else asked of the access module."""
    if "may_act" in context:
        return bool(context["may_act"])
    request = context.get("request")
    return request is not None and can_act(request.user, case)


@register.inclusion_tag("notifications/_case_messages.html", takes_context=True)
def case_messages(context: template.Context, case: Case) -> dict[str, Any]:
    """Nothing is read when the page has found the case has no messages (`page_contents`)."""
    has = context.get("has")
    rows = messages_for_case(case) if not isinstance(has, PageContents) or has.shows(CASE_MESSAGES_SECTION) else []
    return {
        "case": case,
        "case_messages": rows,
        "has_failed": any(row.has_failed for row in rows),
        "csrf_token": context.get("csrf_token"),
        "may_act": _may_act(context, case),
    }
