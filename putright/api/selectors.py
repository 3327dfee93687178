"""Reads for other systems: cases scoped to the calling key, and the case-by-case lists the API gives."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from putright.api.models import APIKey
from putright.audit.services import record_access
from putright.cases.access import cases_visible_to_system
from putright.cases.models import Case, Remedy, Stage
from putright.cases.search import find_cases
from putright.ombudsman.models import OmbudsmanReferral


def cases_for_key(
    key: APIKey,
    *,
    query: str = "",
    updated_since: datetime | None = None,
    status: str = "",
    kind: str = "",
    service: str = "",
) -> QuerySet[Case]:
    """The cases this key may read, narrowed by the list's filters (never widened by them)."""
    cases = cases_visible_to_system(key)
    if query:
        cases = Case.objects.filter(pk__in=find_cases(cases, query).values("pk"))
    if updated_since is not None:
        cases = cases.filter(updated_at__gte=updated_since)
    if status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    if service:
        cases = cases.filter(service_area__slug=service)
    return cases.select_related(
        "service_area", "team", "customer", "current_stage", "procedure_version__procedure"
    ).prefetch_related("categories")


def case_for_key(key: APIKey, reference: str) -> Case:
    """The case if this key may read it; otherwise the same 404 whether it exists or not. The reading, or the
    refusal, is logged."""
    reference = reference.strip().upper()
    case = cases_for_key(key).filter(reference=reference).first() if reference else None
    if case is None:
        # Refused, and logged as such under whose case it is (if there is one); the key only ever sees a 404.
        whose = Case.objects.filter(reference=reference).values_list("customer_id", flat=True).first()
        record_access(api_key=key, object_type="case", reference=reference, customer_id=whose, allowed=False)
        raise Http404("No case with that reference")
    record_access(api_key=key, object_type="case", reference=case.reference, customer_id=case.customer_id)
    return case


def stages_of(case: Case) -> QuerySet[Stage]:
    return case.stages.select_related("rule").prefetch_related("extensions").order_by("number")


def responses_of(case: Case) -> QuerySet[Stage]:
    return case.stages.filter(responded_date__isnull=False).order_by("number")


def remedies_of(case: Case) -> QuerySet[Remedy]:
    return Remedy.objects.filter(stage__case=case).select_related("stage").order_by("stage__number", "id")


def ombudsman_referrals_of(case: Case) -> QuerySet[OmbudsmanReferral]:
    return case.ombudsman_referrals.prefetch_related("remedies").order_by("referred_date", "id")
