"""Which of the case page's sections have anything to show, read in one query.

Most cases have no contributions, links, customer requests, hazards, early resolution, and a customer with no
adjustments, vulnerabilities, restrictions in force or adjustments still to confirm. The case page asks once which
of these the case (and its customer) has, and reads only those sections' rows: a section with none is shown empty
without its own query. Each flag asks exactly what that section's read filters on, so a section is only skipped
when its read would find nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from putright.cases.customers import asked_not_confirmed
from putright.cases.hazards.models import Hazard
from putright.cases.models import Case, CaseLink, Contribution, CustomerRequest, EarlyResolution
from putright.cases.restrictions import in_force
from putright.people.models import ReasonableAdjustment, VulnerabilityNote


@dataclass(frozen=True)
class PageContents:
    """True for each section that has something to show (or to read); a customer's are False without a customer."""

    contributions: bool = True
    links: bool = True
    customer_requests: bool = True
    hazards: bool = True
    early_resolution: bool = True
    adjustments: bool = True
    vulnerabilities: bool = True
    restrictions: bool = True
    adjustments_to_confirm: bool = True


def page_contents(case: Case) -> PageContents:
    """Which sections of `case`'s page have rows, in one query of EXISTS tests (each through its own index)."""
    case_id = OuterRef("pk")
    customer_id = OuterRef("customer_id")
    flags = (
        Case.objects.filter(pk=case.pk)
        .order_by()
        .values_list(
            Exists(Contribution.objects.filter(case_id=case_id)),
            Exists(CaseLink.objects.filter(from_case_id=case_id)),
            Exists(CaseLink.objects.filter(to_case_id=case_id)),
            Exists(CustomerRequest.objects.filter(case_id=case_id)),
            Exists(Hazard.objects.filter(case_id=case_id)),
            Exists(EarlyResolution.objects.filter(case_id=case_id)),
            Exists(ReasonableAdjustment.objects.filter(customer_id=customer_id)),
            Exists(VulnerabilityNote.objects.filter(customer_id=customer_id)),
            Exists(in_force(customer_id)),
            Exists(asked_not_confirmed(customer_id)),
        )
        .first()
    )
    if flags is None:  # the case has gone since it was read: read every section as before
        return PageContents()
    contributions, links_out, links_in, requests, hazards, resolved, adjustments, vulnerable, restricted, to_confirm = (
        bool(flag) for flag in flags
    )
    return PageContents(
        contributions=contributions,
        links=links_out or links_in,
        customer_requests=requests,
        hazards=hazards,
        early_resolution=resolved,
        adjustments=adjustments,
        vulnerabilities=vulnerable,
        restrictions=restricted,
        adjustments_to_confirm=to_confirm,
    )
