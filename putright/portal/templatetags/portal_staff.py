"""`{% from_the_customer case %}`: on the staff case page, what the customer sent or asked for through the portal."""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases.models import Case, CustomerRequest
from putright.cases.page_contents import PageContents
from putright.cases.requests import CALLBACKS_SHOWN
from putright.core.prepared import PreparedRead
from putright.portal.evidence import EVIDENCE_SECTION, evidence_of_case

register = template.Library()
# Read on every case page that has any (`page_contents`): built into SQL once (`core.prepared`).
_EVIDENCE_OF = PreparedRead(lambda case_id: evidence_of_case(case_id).order_by(), int)


@register.inclusion_tag("portal/staff/_from_the_customer.html")
def from_the_customer(
    case: Case, callbacks: list[CustomerRequest] | None = None, has: PageContents | None = None
) -> dict[str, Any]:
    """`callbacks`: the case's call backs, latest first, when the page has read them already (`requests_for_page`).
    `has`: the page's `page_contents`, so the files are not read when the case has none."""
    if callbacks is None:
        asked = CustomerRequest.objects.filter(case=case, kind=CustomerRequest.Kind.CALLBACK).select_related("done_by")
        callbacks = list(asked.order_by("-created_at", "-id")[:CALLBACKS_SHOWN])
    return {
        "case": case,
        # Oldest first, put in order here (all are read either way): a database order compares every selected column.
        "files": sorted(_EVIDENCE_OF(case.pk), key=lambda file: (file.created_at, file.pk))
        if has is None or has.shows(EVIDENCE_SECTION)
        else [],
        # Requests still waiting are at the top of the case page; this keeps the record of every call back asked.
        "callbacks": callbacks,
    }
