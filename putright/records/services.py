"""Placing and lifting legal holds: each a change to the case, on its timeline (staff only) in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from putright.cases.access import log_access
from putright.cases.choices import EventKind
from putright.cases.events import record
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.organisation.models import User
from putright.records.models import LegalHold


def place_hold(*, reference: str, reason: str, actor: User) -> LegalHold:
    """Stop the retention schedule erasing this case's personal data until the hold is lifted."""
    reason = reason.strip()
    if not reason:
        raise RuleError("Say why the case is held, for example the litigation or enquiry it is needed for")
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(reference=reference.strip().upper()).first()
        if case is None:
            raise RuleError(f"There is no case {reference.strip().upper()}")
        if hasattr(case, "erasure"):
            raise RuleError(f"{case.reference}'s personal data has already been erased: there is nothing to hold")
        if LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists():
            raise RuleError(f"{case.reference} is already held")
        hold = LegalHold.objects.create(case=case, reason=reason, placed_by=actor)
        record(case, EventKind.LEGAL_HOLD, f"Legal hold placed: {reason}", actor=actor, data={"hold": hold.pk})
        log_access(actor, "case", case.reference, "hold", customer_id=case.customer_id)
    return hold


def lift_hold(*, hold_id: int, actor: User) -> LegalHold:
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().select_related("case").filter(pk=hold_id).first()
        if hold is None or hold.lifted_at is not None:
            raise RuleError("That hold has already been lifted")
        hold.lifted_at, hold.lifted_by = timezone.now(), actor
        hold.save(update_fields=["lifted_at", "lifted_by"])
        record(hold.case, EventKind.LEGAL_HOLD, "Legal hold lifted", actor=actor, data={"hold": hold.pk})
        log_access(actor, "case", hold.case.reference, "lift hold", customer_id=hold.case.customer_id)
    return hold
