"""Restrictions on contact because of unacceptable behaviour, and the customer's tenure, recorded from a case
(docs/rules.md, "Unacceptable behaviour" and "TSM by tenure"). The records are `people`'s; each change leaves a
timeline event on the case it was made from, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import EventKind
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.core.text import long_date
from putright.organisation.models import User
from putright.people.choices import Tenure
from putright.people.models import ContactRestriction, Customer
from putright.procedures.calendar import add_months

# The longest a restriction may run before it must be looked at again (docs/rules.md, "Unacceptable behaviour").
LONGEST_BEFORE_REVIEW_MONTHS = 12


def latest_review_on(start: date) -> date:
    """The last day a restriction decided (or reviewed) on `start` may run to before its review: 12 calendar months
    later, the same day of the month (the month's last day where it is shorter: 29 February 2028 gives
    28 February 2029). A decision on 1 December 2026 is reviewed by 1 December 2027 at the latest."""
    return add_months(start, LONGEST_BEFORE_REVIEW_MONTHS)


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _customer_of(case: Case) -> Customer:
    if case.customer is None:
        raise RuleError("This case has no customer recorded")
    return case.customer


@dataclass(frozen=True)
class RestrictionDetails:
    restriction: str
    reason: str
    decided_by: User
    decided_on: date
    customer_told_on: date
    how_told: str
    review_on: date


def _check(details: RestrictionDetails, today: date) -> None:
    if not details.restriction.strip():
        raise RuleError("Enter what is restricted", "restriction")
    if not details.reason.strip():
        raise RuleError("Enter why the restriction is needed", "reason")
    if details.decided_on > today:
        raise RuleError("The date of the decision must be today or in the past", "decided_on")
    if details.customer_told_on < details.decided_on:
        raise RuleError("The customer cannot have been told before the decision was made", "customer_told_on")
    if details.customer_told_on > today:
        raise RuleError("Record the restriction once the customer has been told", "customer_told_on")
    if not details.how_told.strip():
        raise RuleError("Enter how the customer was told", "how_told")
    if details.review_on <= today:
        raise RuleError("The review date must be in the future", "review_on")
    if details.review_on > latest_review_on(details.decided_on):
        raise RuleError(
            "A restriction must be reviewed within 12 months of the decision: by "
            f"{long_date(latest_review_on(details.decided_on))} at the latest",
            "review_on",
        )
    if not details.decided_by.is_case_worker:
        raise RuleError("Choose the member of staff who decided", "decided_by")


def record_restriction(
    *, case: Case, details: RestrictionDetails, actor: User, today: date | None = None
) -> ContactRestriction:
    """Record a restriction on contact with the case's customer, decided and told to them already."""
    today = today or timezone.localdate()
    customer = _customer_of(case)
    _check(details, today)
    with transaction.atomic():
        restriction = ContactRestriction.objects.create(
            customer=customer,
            restriction=details.restriction.strip(),
            reason=details.reason.strip(),
            decided_by=details.decided_by,
            decided_on=details.decided_on,
            customer_told_on=details.customer_told_on,
            how_told=details.how_told.strip(),
            review_date=details.review_on,
            recorded_by=actor,
        )
        events.record(
            case,
            EventKind.CONTACT_RESTRICTED,
            f"Contact restricted: {restriction.restriction.rstrip('.')}. Decided by {_name(details.decided_by)} on "
            f"{long_date(details.decided_on)}; customer told on {long_date(details.customer_told_on)}; "
            f"review by {long_date(details.review_on)}.",
            actor=actor,
            data={"restriction": restriction.pk},
        )
    return restriction


def review_restriction(
    *,
    case: Case,
    restriction: ContactRestriction,
    keep: bool,
    note: str,
    next_review_on: date | None,
    actor: User,
    today: date | None = None,
) -> ContactRestriction:
    """Review a restriction in force: keep it until a new review date, or end it today."""
    today = today or timezone.localdate()
    if restriction.customer_id != case.customer_id:
        raise RuleError("That restriction is not on this case's customer")
    if not restriction.in_force:
        raise RuleError("That restriction has already ended")
    if not note.strip():
        raise RuleError("Enter what the review found", "note")
    if keep:
        if next_review_on is None or next_review_on <= today:
            raise RuleError("Enter a review date in the future", "next_review_on")
        if next_review_on > latest_review_on(today):
            raise RuleError(
                f"A restriction must be reviewed again within 12 months: by {long_date(latest_review_on(today))} "
                "at the latest",
                "next_review_on",
            )
    with transaction.atomic():
        restriction = ContactRestriction.objects.select_for_update().get(pk=restriction.pk)
        restriction.last_reviewed_on = today
        if keep:
            assert next_review_on is not None
            restriction.review_date = next_review_on
            summary = f"Contact restriction kept, next review by {long_date(next_review_on)}: {note.strip()}"
        else:
            restriction.ended_on = today
            summary = f"Contact restriction ended: {note.strip()}"
        restriction.save(update_fields=["last_reviewed_on", "review_date", "ended_on"])
        events.record(case, EventKind.RESTRICTION_REVIEWED, summary, actor=actor, data={"restriction": restriction.pk})
    return restriction


def review_due_on(today: date) -> Q:
    """In force, and its review date is today or past: "Review due" on the case page, and the list on Today."""
    return Q(ended_on__isnull=True, review_date__lte=today)


def in_force(customer_id: int | OuterRef) -> QuerySet[ContactRestriction]:
    """The customer's restrictions not ended: those in force (the case page also asks whether there are any)."""
    return ContactRestriction.objects.filter(customer_id=customer_id, ended_on__isnull=True)


def restrictions_in_force(customer_id: int | None, today: date) -> list[ContactRestriction]:
    """The customer's restrictions in force, each with `review_due` (`review_due_on`)."""
    if customer_id is None:
        return []
    restrictions: list[ContactRestriction] = list(
        in_force(customer_id).annotate(review_due=ExpressionWrapper(review_due_on(today), output_field=BooleanField()))
    )
    # Who decided each, in one more read when there are any: most customers have none, and joining the user table
    # into every case page's read of nothing costs more than this read costs the few with some.
    prefetch_related_objects(restrictions, "decided_by")
    return restrictions


def restrictions_due_for_review(today: date) -> QuerySet[ContactRestriction]:
    """Restrictions in force whose review date is today or past, most overdue first."""
    return (
        ContactRestriction.objects.filter(review_due_on(today))
        .select_related("customer", "decided_by")
        .order_by("review_date", "pk")
    )


def record_tenure(*, case: Case, tenure: Tenure, actor: User) -> Customer:
    """Record how the case's customer holds their home (for the TSM figures)."""
    customer = _customer_of(case)
    with transaction.atomic():
        Customer.objects.filter(pk=customer.pk).update(tenure=tenure)
        customer.tenure = tenure
        events.record(case, EventKind.TENURE_RECORDED, f"Tenure recorded: {tenure.label}", actor=actor)
    return customer
