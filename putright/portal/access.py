"""What councillors and customers may reach through the portal, and nothing else.

- A councillor: the cases they raised, and nothing else of the resident. Each viewing is logged. For their ward,
  counts only (see `ward_cases`), never a case.
- A signed-in customer (a verified email address, not a staff account): every case whose customer has that email
  address, however it came in (web, phone, letter), and only what is meant for the customer on it.

The same 404 for "does not exist" and "not yours", so a guessed reference tells nobody anything.
"""

from __future__ import annotations

from typing import TypeGuard
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from putright.audit.services import record_access
from putright.cases.access import get_case_for
from putright.cases.choices import CaseStatus
from putright.cases.models import Case, TimelineEvent
from putright.notifications.choices import MessageChannel
from putright.notifications.models import OutboundMessage
from putright.organisation.models import User
from putright.portal.models import EvidenceFile


def is_councillor(user: object) -> TypeGuard[User]:
    # Signed in, still active, and in the councillor (or MP office) role; staff use the staff pages.
    return isinstance(user, User) and user.is_authenticated and user.is_councillor


def cases_raised_by(user: object) -> QuerySet[Case]:
    """The cases this councillor raised for residents; empty for everyone else."""
    # Anonymous, staff, deactivated: nothing through the councillor pages.
    if not is_councillor(user):
        return Case.objects.none()
    # Only what they raised: never the resident's other cases, whoever raised those.
    return Case.objects.filter(raised_by=user).select_related("service_area", "current_stage")


def ward_cases(user: object) -> QuerySet[Case]:
    """The cases in this councillor's ward, for counting only; empty for everyone else and for a councillor
    without a ward. Never shown case by case: the ward page turns these into counts."""
    if not is_councillor(user) or not user.ward:
        return Case.objects.none()
    # Merged cases are counted with the case they were folded into, not twice.
    return Case.objects.filter(ward=user.ward).exclude(status=CaseStatus.MERGED)


def get_raised_case_for(user: object, reference: str) -> Case:
    """The case with this reference if this councillor raised it; otherwise a 404, whatever the reason."""
    case = cases_raised_by(user).filter(reference=reference.strip().upper()).first()
    if case is None or not is_councillor(user):
        raise Http404("No case with that reference")
    record_access(user=user, object_type="case", reference=case.reference, customer_id=case.customer_id)
    return case


def cases_for_customer(email: str | None, among: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Every case of the customer with this verified email address; empty when there is no address. `among`: the
    cases to choose from, read as the caller needs them (every case, as stored, unless given)."""
    cases = Case.objects.all() if among is None else among
    address = (email or "").strip()
    # Not signed in: nothing. (An empty address would otherwise match every customer without one.)
    if not address:
        return cases.none()
    return cases.filter(
        # Theirs: the case's customer has this address, in any letter case, whoever logged the case.
        customer__email__iexact=address,
        # Anonymised by a retention run: the person is gone from the record, and so is their access.
        customer__anonymised_at__isnull=True,
    )


def get_customer_case(email: str | None, reference: str) -> Case:
    """The case with this reference if it belongs to this customer; otherwise a 404, whatever the reason."""
    case = (
        cases_for_customer(email)
        .filter(reference=reference.strip().upper())
        .select_related("service_area", "current_stage", "lead_officer", "procedure_version__procedure")
        .first()
    )
    if case is None:
        raise Http404("No case with that reference")
    return case


def customer_events(case: Case) -> QuerySet[TimelineEvent]:
    """The case's timeline as the customer may see it: only events marked for the customer, newest first."""
    return case.events.filter(is_visible_to_customer=True).order_by("-occurred_at", "-id")


def customer_letters(case: Case) -> QuerySet[OutboundMessage]:
    """Letters produced for this case (the caller has already checked the case is the customer's)."""
    return OutboundMessage.objects.filter(case=case, channel=MessageChannel.LETTER).exclude(document="")


def get_customer_letter(email: str | None, reference: str, token: UUID) -> OutboundMessage:
    """A letter of this customer's case with a PDF; otherwise a 404."""
    case = get_customer_case(email, reference)
    letter = customer_letters(case).filter(token=token).first()
    if letter is None:
        raise Http404("No letter with that reference")
    return letter


def get_customer_evidence(email: str | None, reference: str, token: UUID) -> EvidenceFile:
    """A file the customer sent with this case; otherwise a 404."""
    case = get_customer_case(email, reference)
    evidence = EvidenceFile.objects.filter(case=case, token=token).first()
    if evidence is None:
        raise Http404("No file with that reference")
    return evidence


def get_evidence_for_staff(user: User, token: UUID) -> EvidenceFile:
    """A file sent by a customer, if this member of staff may open its case; otherwise a 404 (and the view is logged
    by the cases access module)."""
    evidence = EvidenceFile.objects.select_related("case").filter(token=token, case__isnull=False).first()
    if evidence is None or evidence.case is None:
        record_access(user=user, object_type="file", reference=str(token), allowed=False)
        raise Http404("No file with that reference")
    get_case_for(user, evidence.case.reference, "view")
    return evidence


def get_sent_case(reference: str | None) -> Case | None:
    """The case this browser has just sent (its reference comes from the session, never from the URL)."""
    if not reference:
        return None
    return Case.objects.select_related("current_stage").filter(reference=reference).first()
