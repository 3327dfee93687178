"""`{% case_messages case %}`: the case page's list of letters and emails, with failed ones and a retry button."""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases.models import Case
from putright.notifications.selectors import messages_for_case

register = template.Library()


@register.inclusion_tag("notifications/_case_messages.html", takes_context=True)
def case_messages(context: template.Context, case: Case) -> dict[str, Any]:
    rows = messages_for_case(case)
    return {
        "case": case,
        "case_messages": rows,
        "has_failed": any(row.has_failed for row in rows),
        "csrf_token": context.get("csrf_token"),
    }
