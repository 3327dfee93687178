"""Who may see and change which case. Every view and API call fetches cases through here.

Rules (DESIGN.md "Non-negotiables"): staff only; restricted cases (social care) only for their service's
teams, the people handling them and the statutory complaints manager; the same 404 for "does not exist"
and "not yours". Each viewing of a case is logged.
"""

from __future__ import annotations

from typing import Literal, Protocol

from django.db.models import Q, QuerySet
from django.http import Http404

from putright.audit.models import AccessLogEntry
from putright.cases.models import Case, Contact, Stage
from putright.organisation.models import ServiceArea, User

Action = Literal["view", "edit"]


def is_case_worker(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_case_worker


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case this member of staff may open, as a queryset to filter further."""
    cases = Case.objects.all()
    # Not staff (anonymous, councillor, deactivated): nothing through the staff side.
    if not is_case_worker(user):
        return cases.none()
    # The statutory complaints manager sees restricted cases across every team.
    if user.can_see_restricted:
        return cases
    visible = Q(is_restricted=False)
    # Restricted cases: the teams of the case's service ...
    if user.team is not None:
        visible |= Q(is_restricted=True, service_area_id=user.team.service_area_id)
    # ... and the people named on the case (a subquery, not a join, so rows are not repeated).
    visible |= Q(is_restricted=True, lead_officer=user.pk)
    visible |= Q(is_restricted=True, pk__in=Stage.objects.filter(handler=user.pk).values("case_id"))
    return cases.filter(visible)


def visibility_scope(user: User) -> str:
    """A name for the set of cases `cases_visible_to(user)` gives: two users with the same name see the same cases.

    Report figures worked out for one reader are shared with another only when their names match
    (reporting/snapshots.py), so this must change whenever the rules above do.
    """
    if not is_case_worker(user):
        return "none"
    if user.can_see_restricted:
        return "all"
    service = user.team.service_area_id if user.team is not None else None
    scope = f"unrestricted+service:{service or '-'}"
    # Named on a restricted case of another service: this reader sees cases nobody else of the same team does.
    # Two look-ups, each by its own index (an OR of the two would read every case).
    leads = Case.objects.filter(lead_officer=user.pk, is_restricted=True)
    handles = Stage.objects.filter(handler=user.pk, case__is_restricted=True)
    if service is not None:
        leads = leads.exclude(service_area_id=service)
        handles = handles.exclude(case__service_area_id=service)
    return f"{scope}+named:{user.pk}" if leads.exists() or handles.exists() else scope


def can_see(user: User, case: Case) -> bool:
    if not is_case_worker(user):
        return False
    if not case.is_restricted or user.can_see_restricted:
        return True
    if case.lead_officer_id == user.pk:
        return True
    if user.team is not None and user.team.service_area_id == case.service_area_id:
        return True
    return case.stages.filter(handler=user.pk).exists()


def get_case_for(user: User, reference: str, action: Action = "view") -> Case:
    """The case with this reference if `user` may `action` it; otherwise a 404, whatever the reason."""
    case = (
        Case.objects.select_related(
            "customer",
            "representative",
            "service_area",
            "team",
            "lead_officer",
            "procedure_version__procedure",
            "current_stage",
            "contact",
        )
        .filter(reference=reference.strip().upper())
        .first()
    )
    if case is None or not can_see(user, case):
        raise Http404("No case with that reference")
    if action == "view":
        AccessLogEntry.objects.create(user=user, object_type="case", object_reference=case.reference, action=action)
    return case


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    """Untriaged contacts are seen by the central complaints team (and managers, administrators)."""
    if not is_case_worker(user) or not user.sees_whole_queue:
        return Contact.objects.none()
    return Contact.objects.all()


def get_contact_for(user: User, contact_id: int) -> Contact:
    contact = contacts_visible_to(user).select_related("customer").filter(pk=contact_id).first()
    if contact is None:
        raise Http404("No contact with that number")
    return contact


# --- other systems (API keys, webhook subscriptions) --------------------------------------------------------------


class SystemReader(Protocol):
    """An API key or a webhook subscription: scoped to services (none: all) and to restricted cases or not."""

    may_see_restricted: bool

    def service_ids(self) -> list[int]: ...


def _visible_to_system(reader: SystemReader) -> Q:
    visible = Q() if reader.may_see_restricted else Q(is_restricted=False)
    services = reader.service_ids()
    if services:
        visible &= Q(service_area_id__in=services)
    return visible


def cases_visible_to_system(reader: SystemReader) -> QuerySet[Case]:
    """Every case another system may read through the API or be sent by a webhook."""
    return Case.objects.filter(_visible_to_system(reader))


def system_can_see(reader: SystemReader, case: Case) -> bool:
    return Case.objects.filter(_visible_to_system(reader), pk=case.pk).exists()


def services_for_system(reader: SystemReader) -> QuerySet[ServiceArea]:
    """The services another system may send cases and reports for: the same scope as the cases it may read."""
    services = ServiceArea.objects.filter(is_active=True)
    if not reader.may_see_restricted:
        services = services.filter(is_restricted=False)
    if allowed := reader.service_ids():
        services = services.filter(pk__in=allowed)
    return services.order_by("name")
