"""Reads about the organisation and its staff."""

from __future__ import annotations

from django.db.models import QuerySet

from putright.core.memo import once_per_request
from putright.core.prepared import PreparedRead
from putright.organisation.choices import STAFF_ROLES, Role
from putright.organisation.models import Organisation, ServiceArea, User


def current_organisation() -> Organisation:
    """The deployment's organisation; an unsaved English default until an administrator sets one up.

    Read once per web request (putright/core/memo.py): the clock, the messages and the page all ask for it.
    """
    return once_per_request("organisation", _read_organisation)


_first_organisation = PreparedRead(lambda: Organisation.objects.order_by("pk")[:1])


def _read_organisation() -> Organisation:
    return next(iter(_first_organisation()), None) or Organisation(name="Council")


def assignable_staff() -> QuerySet[User]:
    """Staff who may be named on a case (lead, handle, own a remedy or contribute): not administrators, who
    configure PutRight and act on no case (docs: README, "Security"). Not `User.is_case_worker`, which says who may
    use the case pages at all (administrators included)."""
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES - {Role.ADMINISTRATOR}).order_by(
        "first_name", "last_name"
    )


def staff_members() -> QuerySet[User]:
    """Everyone who works for the organisation, for naming the staff a complaint is about: the staff roles only,
    never a councillor (or their MP office) or the Member Responsible for Complaints."""
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("last_name", "first_name")


def active_services() -> QuerySet[ServiceArea]:
    return ServiceArea.objects.filter(is_active=True).order_by("name")
