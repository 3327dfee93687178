"""The restrictions on contact in force for a customer, and those due for review, for the case page and Today."""

from __future__ import annotations

from datetime import date

from django import template

from putright.cases.access import cases_visible_to
from putright.cases.restrictions import restrictions_due_for_review, restrictions_in_force
from putright.organisation.models import User
from putright.people.models import ContactRestriction, Customer

register = template.Library()


@register.simple_tag(takes_context=True)
def customer_restrictions(
    context: template.Context, customer: Customer | None, today: date
) -> list[ContactRestriction]:
    """Nothing is read when the page has found the customer has no restriction in force (`page_contents`)."""
    has_any = getattr(context.get("has"), "restrictions", True)
    return restrictions_in_force(customer.pk if customer and has_any else None, today)


@register.simple_tag
def restrictions_to_review(user: User, today: date) -> list[tuple[ContactRestriction, str]]:
    """Restrictions due for review that the user decided (or, for the complaints team, any), each with the latest
    case of the customer's that the user may open, to review it from."""
    due = restrictions_due_for_review(today)
    if not user.sees_whole_queue:
        due = due.filter(decided_by=user)
    visible = cases_visible_to(user)
    rows: list[tuple[ContactRestriction, str]] = []
    for restriction in due[:20]:
        case = visible.filter(customer_id=restriction.customer_id).order_by("-received_at").first()
        if case is not None:
            rows.append((restriction, case.reference))
    return rows
