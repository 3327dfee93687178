"""What a councillor may reach through the portal: the cases they raised, and nothing else of the resident.

The same 404 for "does not exist" and "not yours" (DESIGN.md "Non-negotiables"). Each viewing is logged.
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import QuerySet
from django.http import Http404

from putright.audit.models import AccessLogEntry
from putright.cases.models import Case
from putright.organisation.choices import Role
from putright.organisation.models import User


def is_councillor(user: object) -> TypeGuard[User]:
    # Signed in, still active, and in the councillor (or MP office) role; staff use the staff pages.
    return isinstance(user, User) and user.is_authenticated and user.is_active and user.role == Role.COUNCILLOR


def cases_raised_by(user: object) -> QuerySet[Case]:
    """The cases this councillor raised for residents; empty for everyone else."""
    # Anonymous, staff, deactivated: nothing through the councillor pages.
    if not is_councillor(user):
        return Case.objects.none()
    # Only what they raised: never the resident's other cases, whoever raised those.
    return Case.objects.filter(raised_by=user).select_related("service_area", "current_stage")


def get_raised_case_for(user: object, reference: str) -> Case:
    """The case with this reference if this councillor raised it; otherwise a 404, whatever the reason."""
    case = cases_raised_by(user).filter(reference=reference.strip().upper()).first()
    if case is None or not is_councillor(user):
        raise Http404("No case with that reference")
    AccessLogEntry.objects.create(user=user, object_type="case", object_reference=case.reference, action="view")
    return case
