"""Cases made from or into other cases: merging and splitting."""

from __future__ import annotations

from django.db import transaction

import putright.cases.lifecycle.wording as wording
from putright.cases import events
from putright.cases.choices import (
    CaseStatus,
    EventKind,
    LinkKind,
    StageStatus,
)
from putright.cases.lifecycle.opening import CaseDetails, open_case
from putright.cases.lifecycle.stages import _end_case, acknowledge_with_lead
from putright.cases.lifecycle.transitions import _check, lock_case, save_case
from putright.cases.models import Case, CaseLink, Contact
from putright.core.errors import TransitionError
from putright.organisation.models import User


def merge(*, case: Case, into: Case, actor: User, note: str = "", expected_version: int | None = None) -> Case:
    """Fold a case into another about the same matter: it ends here and the other carries on."""
    with transaction.atomic():
        if into.pk == case.pk:
            raise TransitionError("A case cannot be merged into itself", "into")
        case = lock_case(case, expected_version)
        target = lock_case(into, None)
        _check(case, "merge")
        if not target.is_active:
            raise TransitionError(
                f"{target.reference} is {target.get_status_display().lower()}; merge into an open case", "into"
            )
        _end_case(case, CaseStatus.MERGED, StageStatus.CLOSED)
        CaseLink.objects.get_or_create(
            from_case=case, to_case=target, kind=LinkKind.MERGED_INTO, defaults={"created_by": actor}
        )
        events.record(
            case,
            EventKind.MERGED,
            wording.merged_into(target.reference, note),
            actor=actor,
            visible_to_customer=True,
            data={"into": target.reference},
        )
        events.record(
            target,
            EventKind.MERGED,
            wording.merged_from(case.reference),
            actor=actor,
            data={"from": case.reference},
        )
        save_case(target)
    return case


def _check_answerable_together(lead: Case, part: Case) -> None:
    """One response answers one stage of both cases: each needs a stage, and the same one."""
    lead_stage, part_stage = lead.current_stage, part.current_stage
    if lead_stage is None or part_stage is None:
        raise TransitionError("Only cases with a procedure's stages can be answered together", "answer")
    if lead_stage.number != part_stage.number:
        raise TransitionError(
            f"{lead.reference} is at stage {lead_stage.number} and the new case starts at stage {part_stage.number}: "
            "answer them separately",
            "answer",
        )


def split(
    *,
    case: Case,
    actor: User,
    details: CaseDetails,
    answered_together: bool = False,
    expected_version: int | None = None,
) -> Case:
    """Take one issue out of a multi-issue case into its own case, received on the same day.

    `answered_together`: the new case's decision goes to the customer in this case's response, not its own
    (Code 6.7: one response covering each point); otherwise each case sends its own response.
    """
    with transaction.atomic():
        case = lock_case(case, expected_version)
        _check(case, "split")
        contact = Contact.objects.select_related("customer").get(pk=case.contact_id)
        new_case = open_case(
            contact=contact,
            details=details,
            actor=actor,
            received_at=case.received_at,
            answered_with=case.reference if answered_together else "",
        )
        if answered_together:
            _check_answerable_together(case, new_case)
        if case.customer_id != new_case.customer_id:
            Case.objects.filter(pk=new_case.pk).update(customer=case.customer_id)
        CaseLink.objects.create(
            from_case=new_case,
            to_case=case,
            kind=LinkKind.SPLIT_FROM,
            answered_together=answered_together,
            created_by=actor,
        )
        how = (
            f"Answered together in one response from {case.reference}."
            if answered_together
            else "Answered separately: each case sends its own response."
        )
        events.record(
            new_case,
            EventKind.SPLIT,
            f"Split from {case.reference}. {how}",
            actor=actor,
            data={"from": case.reference, "answered_together": answered_together},
        )
        events.record(
            case,
            EventKind.SPLIT,
            # A restricted case's title stays off an unrestricted case's timeline (everyone who reads it sees it).
            f"{new_case.reference} was split from this case"
            + ("." if new_case.is_restricted and not case.is_restricted else f": {details.title}.")
            + (" Answered together in this case's response." if answered_together else " Answered separately."),
            actor=actor,
            data={"into": new_case.reference, "answered_together": answered_together},
        )
        save_case(case)
        lead_stage = case.current_stage
        if answered_together and lead_stage is not None and lead_stage.acknowledged_date is not None:
            # Split after the acknowledgement: the part was acknowledged in it, as parts are with their lead.
            acknowledge_with_lead(part=new_case, lead=case, actor=actor, acknowledged_on=lead_stage.acknowledged_date)
    return new_case
