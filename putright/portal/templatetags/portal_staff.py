"""`{% from_the_customer case %}`: on the staff case page, what the customer sent or asked for through the portal."""

from __future__ import annotations

from typing import Any

from django import template

from putright.cases.choices import CaseStatus
from putright.cases.models import Case
from putright.portal.models import CustomerRequest, EvidenceFile

register = template.Library()


@register.inclusion_tag("portal/staff/_from_the_customer.html")
def from_the_customer(case: Case) -> dict[str, Any]:
    requests = list(CustomerRequest.objects.filter(case=case).order_by("-created_at", "-id")[:50])
    return {
        "case": case,
        "files": list(EvidenceFile.objects.filter(case=case).order_by("created_at", "id")),
        # Only a request staff have still to act on: the case is answered at the stage the customer asked from.
        "escalation_requests": [
            r
            for r in requests
            if r.kind == CustomerRequest.Kind.ESCALATION
            and case.status == CaseStatus.RESPONDED
            and case.current_stage is not None
            and r.stage_number == case.current_stage.number
        ],
        "callbacks": [r for r in requests if r.kind == CustomerRequest.Kind.CALLBACK],
    }
