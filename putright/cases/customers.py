"""Changes to what the council records about a customer (adjustments, vulnerability, representatives), each
noted on the case it was made from. In `cases` because each writes a timeline event; the records are `people`'s."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import EventKind
from putright.cases.lifecycle import lock_case, save_case
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.organisation.models import User
from putright.people.adjustments import recognised_adjustments
from putright.people.models import AdjustmentRequest, ReasonableAdjustment, Representative, VulnerabilityNote


def _customer_of(case: Case) -> int:
    if case.customer_id is None:
        raise RuleError("This case has no customer recorded")
    return case.customer_id


def record_adjustment(
    *,
    case: Case,
    description: str,
    agreed_on: date,
    review_on: date,
    actor: User,
    request_id: int | None = None,
) -> ReasonableAdjustment:
    """Record an agreed reasonable adjustment (LGSCO Code 5.6) with the date it is next reviewed.

    With `request_id`, it confirms that adjustment the customer asked for on the public form.
    """
    if review_on <= agreed_on:
        raise RuleError("The review date must be after the date the adjustment was agreed", "review_on")
    with transaction.atomic():
        asked = None
        if request_id is not None:
            asked = (
                AdjustmentRequest.objects.select_for_update()
                .filter(pk=request_id, customer_id=_customer_of(case))
                .first()
            )
            if asked is None or asked.adjustment_id is not None:
                raise RuleError("That request has already been confirmed, or is not this customer's", "description")
        adjustment = ReasonableAdjustment.objects.create(
            customer_id=_customer_of(case),
            description=description.strip(),
            agreed_date=agreed_on,
            review_date=review_on,
            recorded_by=actor,
        )
        events.record(
            case,
            EventKind.ADJUSTMENT_RECORDED,
            f"Reasonable adjustment agreed: {adjustment.description}",
            actor=actor,
            data={"adjustment": adjustment.pk},
        )
        if asked is not None:
            asked.adjustment = adjustment
            asked.save(update_fields=["adjustment"])
    return adjustment


def request_adjustments(*, case: Case, words: str) -> list[AdjustmentRequest]:
    """Put the adjustments the customer asked for in their own words on their record, for staff to confirm."""
    if case.customer_id is None:
        return []
    return [
        AdjustmentRequest.objects.create(customer_id=case.customer_id, words=words.strip(), suggested=suggested)
        for suggested in recognised_adjustments(words)
    ]


def asked_not_confirmed(customer_id: int | OuterRef) -> QuerySet[AdjustmentRequest]:
    """Adjustments the customer asked for that nobody has yet confirmed as an adjustment."""
    return AdjustmentRequest.objects.filter(customer_id=customer_id, adjustment__isnull=True)


def adjustments_to_confirm(case: Case) -> list[AdjustmentRequest]:
    if case.customer_id is None:
        return []
    return list(asked_not_confirmed(case.customer_id))


def record_vulnerability(*, case: Case, note: str, review_on: date, actor: User) -> VulnerabilityNote:
    if review_on <= timezone.localdate():
        raise RuleError("The review date must be in the future", "review_on")
    with transaction.atomic():
        vulnerability = VulnerabilityNote.objects.create(
            customer_id=_customer_of(case),
            note=note.strip(),
            review_date=review_on,
            recorded_by=actor,
        )
        # The note itself stays on the customer's record; the timeline says only that one was made.
        events.record(
            case,
            EventKind.VULNERABILITY_RECORDED,
            "Vulnerability note recorded on the customer's record.",
            actor=actor,
            data={"vulnerability": vulnerability.pk},
        )
    return vulnerability


def add_representative(
    *,
    case: Case,
    name: str,
    relationship: str,
    email: str,
    phone: str,
    has_consent: bool,
    consent_evidence: str,
    actor: User | None,
    expected_version: int | None = None,
) -> Representative:
    """Record someone acting for the customer; without recorded consent they are not linked to the case."""
    if has_consent and not consent_evidence.strip():
        raise RuleError(
            "Enter how the customer gave consent (for example, signed form received 3 March)", "consent_evidence"
        )
    with transaction.atomic():
        # Through the case lock, like every change to a case: the representative changes its version.
        case = lock_case(case, expected_version)
        representative = Representative.objects.create(
            customer_id=_customer_of(case),
            name=name.strip(),
            relationship=relationship.strip(),
            email=email,
            phone=phone,
            has_consent=has_consent,
            consent_evidence=consent_evidence.strip(),
            consent_recorded_at=timezone.now() if has_consent else None,
        )
        if has_consent:
            case.representative = representative
            save_case(case, "representative")
        consent = "with consent" if has_consent else "without consent recorded: not yet acting on the case"
        events.record(
            case,
            EventKind.REPRESENTATIVE_ADDED,
            f"Representative added: {representative} ({consent}).",
            actor=actor,
            data={"representative": representative.pk, "has_consent": has_consent},
        )
    return representative
