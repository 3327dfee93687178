"""Who may see and change which case. Every view and API call fetches cases through here.

Rules: staff only; restricted cases (social care) only for their service's
teams, the people handling them and the statutory complaints manager; the same 404 for "does not exist"
and "not yours". Each viewing of a case is logged.

Reading and acting are two rules. Who may read is stated once, as a `Reach` (`reach_of`); the queryset
(`cases_visible_to`), the check on one case (`can_see`) and the name shared report figures are filed under
(`visibility_scope`) are all derived from it. Who may act (`can_act`) is a narrower rule on top: the lead
officer, the current stage's handler, the owning team, complaints officers and managers. Anyone else who may
read a case gets no action forms, and an action they send anyway is refused with a 403 (they know the case
exists, so there is nothing to hide behind a 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from putright.audit.services import record_access
from putright.cases.models import Case, Contact, Contribution, Stage
from putright.core.prepared import PreparedRead
from putright.organisation.choices import Role
from putright.organisation.models import ServiceArea, User

Action = Literal["view", "edit"]

# Roles that may act on every case they may read (the central complaints team and managers).
ACTING_ROLES = frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER})


def is_case_worker(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_case_worker


@dataclass(frozen=True)
class Reach:
    """Which cases one reader may read: the read rule, stated once.

    `everything`: every case (the statutory complaints manager). Otherwise, when `staff` is true, every
    unrestricted case, the restricted cases of `service_area_id` (their own team's service) and the restricted
    cases naming `person_id` as lead officer or as a stage's handler. Not staff: nothing.
    """

    staff: bool
    everything: bool = False
    service_area_id: int | None = None
    person_id: int | None = None


def reach_of(user: object) -> Reach:
    # Not staff (anonymous, councillor, deactivated): nothing through the staff side.
    if not isinstance(user, User) or not is_case_worker(user):
        return Reach(staff=False)
    if user.can_see_restricted:
        return Reach(staff=True, everything=True)
    service = user.team.service_area_id if user.team is not None else None
    return Reach(staff=True, service_area_id=service, person_id=user.pk)


def _named(person_id: int) -> Q:
    """Cases naming this person as lead officer or as a stage's handler.

    The handler test is asked of each case the clauses before it have not already let through (a restricted case
    of another service), through the stage's (case, number) index. An `IN` over every stage the person has handled
    would first read them all: a hundred thousand rows for a busy team leader at a large council.
    """
    return Q(lead_officer=person_id) | Q(Exists(Stage.objects.filter(case_id=OuterRef("pk"), handler=person_id)))


def _filter(reach: Reach) -> Q | None:
    """The reach as a filter on cases; None means every case."""
    if not reach.staff:
        return Q(pk__in=[])
    if reach.everything:
        return None
    visible = Q(is_restricted=False)
    if reach.service_area_id is not None:
        visible |= Q(service_area_id=reach.service_area_id)
    if reach.person_id is not None:
        visible |= _named(reach.person_id)
    return visible


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case this member of staff may open, as a queryset to filter further."""
    visible = _filter(reach_of(user))
    cases = Case.objects.all()
    return cases if visible is None else cases.filter(visible)


def services_within(reach: Reach) -> Q:
    """The services whose cases a reader of this reach (`reach_of`) may see as a service, as a condition on
    services: every unrestricted one, and a restricted one only for those who see all its cases. A restricted
    service anyone else asks for is treated as one that does not exist, so its name is not given away."""
    if not reach.staff:
        return Q(pk__in=[])
    if reach.everything:
        return Q()
    visible = Q(is_restricted=False)
    return visible | Q(pk=reach.service_area_id) if reach.service_area_id is not None else visible


# On a restricted case `get_case_for` let through: who it was read for, so the page's later checks need no query.
_READ_BY = "_putright_read_by"


def can_see(user: User, case: Case) -> bool:
    """Whether `user` may read `case`: the same filter as `cases_visible_to`, asked of one case."""
    reach = reach_of(user)
    if not reach.staff:
        return False
    if reach.everything or not case.is_restricted:
        return True  # no filter, or the filter's first clause: without a query
    if case.__dict__.get(_READ_BY) == user.pk:
        return True  # `get_case_for` asked already, for this request's copy of the case
    return Case.objects.filter(_filter(reach), pk=case.pk).exists()


def visibility_scope(user: User) -> str:
    """A name for the set of cases `cases_visible_to(user)` gives: two users with the same name see the same cases.

    Report figures worked out for one reader are shared with another only when their names match
    (reporting/snapshots.py). The name is built from the same `Reach` as the filter, so it follows the rule.
    """
    reach = reach_of(user)
    if not reach.staff:
        return "none"
    if reach.everything:
        return "all"
    scope = f"unrestricted+service:{reach.service_area_id or '-'}"
    if reach.person_id is None:
        return scope
    # Named on a restricted case the service clause does not already give: this reader sees cases nobody else of
    # the same team does. Two look-ups, each by its own index (an OR of the two would read every case).
    leads = Case.objects.filter(lead_officer=reach.person_id, is_restricted=True)
    handles = Stage.objects.filter(handler=reach.person_id, case__is_restricted=True)
    if reach.service_area_id is not None:
        leads = leads.exclude(service_area_id=reach.service_area_id)
        handles = handles.exclude(case__service_area_id=reach.service_area_id)
    return f"{scope}+named:{reach.person_id}" if leads.exists() or handles.exists() else scope


def can_act(user: User, case: Case) -> bool:
    """Whether `user` may change `case`: read it, and be its lead officer, its current stage's handler, in its
    owning team (its service's teams while no team is set), a complaints officer or a manager."""
    if not can_see(user, case):
        return False
    if user.role in ACTING_ROLES or case.lead_officer_id == user.pk:
        return True
    # The owning team: the case's team, or while it has none, the teams of its service.
    if user.team is not None and (
        case.team_id == user.team_id or (case.team_id is None and case.service_area_id == user.team.service_area_id)
    ):
        return True
    stage = case.current_stage
    return stage is not None and stage.handler_id == user.pk


def can_record_contribution(user: User, case: Case, contribution: Contribution, may_act: bool | None = None) -> bool:
    """Whether `user` may record a contributing service's part: anyone who may act on the case, the person it
    was asked of, or a member of a team in the contributing service (reading the case is checked first)."""
    if may_act if may_act is not None else can_act(user, case):
        return True
    if contribution.requested_from_id == user.pk:
        return True
    return user.team is not None and user.team.service_area_id == contribution.service_area_id


def case_by_reference(reference: str) -> QuerySet[Case]:
    """The case with this reference and the records its pages show beside it. References are unique: the read asks
    for no order (ordering makes Django compare every column it selects)."""
    return (
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
        .filter(reference=reference)
        .order_by()
    )


# Read on every case page and action: built into SQL once (`core.prepared`).
_CASE_BY_REFERENCE = PreparedRead(lambda reference: case_by_reference(reference)[:1], str)


def get_case_for(
    user: User, reference: str, action: Action = "view", *, read: Callable[[str], list[Case]] = _CASE_BY_REFERENCE
) -> Case:
    """The case with this reference if `user` may `action` it.

    A case they may not read is a 404, whatever the reason; a case they may read but not change is a 403. The case
    is read by its reference alone and then asked `can_see`, the same rule as `cases_visible_to`: a case anyone on
    the staff may read needs no second query, and building the restricted-case filter into the case's own read
    would cost every page more than that query costs the few restricted cases.

    `read`: how the case is read by its reference, when a page reads more with it (`case_by_reference` and more).
    """
    reference = reference.strip().upper()
    found = read(reference)
    case = found[0] if found else None
    if case is None or not can_see(user, case):
        # Whose case it is, if there is one: the attempt is then also listed under that person for the
        # information-governance lead (and in their subject access copy). The refused user still sees only a 404.
        whose = case.customer_id if case is not None else None
        log_access(user, "case", reference, "view" if action == "view" else "act", customer_id=whose, allowed=False)
        raise Http404("No case with that reference")
    case.__dict__[_READ_BY] = user.pk
    if action == "edit" and not can_act(user, case):
        log_access(user, "case", case.reference, "act", customer_id=case.customer_id, allowed=False)
        raise_cannot_act(case)
    log_access(user, "case", case.reference, "view" if action == "view" else "act", customer_id=case.customer_id)
    return case


def raise_cannot_act(case: Case) -> None:
    """The refusal for someone who may read `case` but not change it."""
    raise PermissionDenied(
        f"You can read {case.reference} but not change it: ask its lead officer or the complaints team"
    )


def log_access(
    user: User, object_type: str, reference: str, action: str, *, customer_id: int | None = None, allowed: bool = True
) -> None:
    """A member of staff read (or was refused) a record with personal data: the access log (`audit`)."""
    record_access(
        user=user,
        object_type=object_type,
        reference=reference,
        action=action,
        customer_id=customer_id,
        allowed=allowed,
    )


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    """Contacts the central complaints team (and managers, administrators) may open.

    A contact that became cases follows the cases' rule: it is hidden while any case made from it is hidden.
    """
    if not is_case_worker(user) or not user.sees_whole_queue:
        return Contact.objects.none()
    hidden = Case.objects.filter(contact=OuterRef("pk")).exclude(pk__in=cases_visible_to(user).values("pk"))
    return Contact.objects.exclude(Exists(hidden))


def get_contact_for(user: User, contact_id: int) -> Contact:
    """The contact if `user` may open it (otherwise a 404), with the viewing logged."""
    contact = contacts_visible_to(user).select_related("customer").filter(pk=contact_id).first()
    if contact is None:
        whose = Contact.objects.filter(pk=contact_id).values_list("customer_id", flat=True).first()
        log_access(user, "contact", str(contact_id), "view", customer_id=whose, allowed=False)
        raise Http404("No contact with that number")
    log_access(user, "contact", str(contact.pk), "view", customer_id=contact.customer_id)
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
