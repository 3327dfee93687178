"""What the case page's Awaab's Law forms do: each calls one service in `putright.cases.hazards.services`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from putright.cases.hazards import services
from putright.cases.hazards.forms import moment
from putright.cases.hazards.models import (
    AccommodationResponse,
    Hazard,
    HazardKind,
    HazardSeverity,
    InvestigationFinding,
)
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.organisation.models import User
from putright.procedures.hazard_clock import Step


def _hazard(case: Case, pk: str) -> Hazard:
    hazard = Hazard.objects.filter(case=case, pk=pk).first() if pk.isdigit() else None
    if hazard is None:
        raise RuleError("That hazard is not on this case", "hazard")
    return hazard


def assess(case: Case, d: dict[str, Any], user: User, v: int | None) -> Any:
    return services.assess_hazard(
        case=case,
        actor=user,
        kind=HazardKind(d["kind"]),
        severity=HazardSeverity(d["severity"]),
        description=d["description"],
        aware_at=moment(d.get("aware_on"), d.get("aware_time"), case.received_at),
        owner_team=d.get("owner_team"),
        reason=d.get("reason") or "",
    )


def step_done(case: Case, d: dict[str, Any], user: User, v: int | None) -> Any:
    hazard_pk, _, step = d["step"].partition(":")
    return services.record_step_done(
        hazard=_hazard(case, hazard_pk),
        step=Step(step),
        done_at=moment(d.get("done_on"), d.get("done_time"), timezone.now()),
        actor=user,
        note=d["note"],
        finding=InvestigationFinding(d["finding"]) if d.get("finding") else None,
        further_works_reason=d.get("further_works_reason") or "",
    )


def accommodation(case: Case, d: dict[str, Any], user: User, v: int | None) -> Any:
    return services.record_alternative_accommodation(
        hazard=_hazard(case, d["hazard"]),
        offered_at=moment(d.get("offered_on"), None, timezone.now()),
        details=d["details"],
        response=AccommodationResponse(d["response"]),
        actor=user,
    )
