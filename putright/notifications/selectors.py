"""Reads about messages, already scoped to what the member of staff may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from putright.cases.access import cases_visible_to, contacts_visible_to, is_case_worker
from putright.cases.choices import OPEN_STATUSES
from putright.cases.models import Case, CustomerRequest
from putright.core.prepared import PreparedRead
from putright.notifications.choices import MessageStatus
from putright.notifications.models import InboundEmail, OutboundMessage
from putright.organisation.choices import Role
from putright.organisation.models import User


def messages_visible_to(user: User) -> QuerySet[OutboundMessage]:
    """Messages on cases the user may open; messages with no case only for those who see the whole queue."""
    if not is_case_worker(user):
        return OutboundMessage.objects.none()
    visible = Q(case__in=cases_visible_to(user).values("pk"))
    if user.sees_whole_queue:
        visible |= Q(case__isnull=True)
    return OutboundMessage.objects.filter(visible).select_related("case")


def inbound_visible_to(user: User) -> QuerySet[InboundEmail]:
    """Emails received on cases the user may open, or on contacts they may open; the rest for nobody here."""
    if not is_case_worker(user):
        return InboundEmail.objects.none()
    on_case = Q(case__in=cases_visible_to(user).values("pk"))
    on_contact = Q(case__isnull=True, contact__in=contacts_visible_to(user).values("pk"))
    loose = Q(case__isnull=True, contact__isnull=True) if user.sees_whole_queue else Q(pk__in=[])
    return InboundEmail.objects.filter(on_case | on_contact | loose)


def failed_messages_visible_to(user: User) -> QuerySet[OutboundMessage]:
    return messages_visible_to(user).filter(status=MessageStatus.FAILED).order_by("-created_at", "-id")


# The case page's section listing a case's letters and emails (`cases.page_contents.add_section`).
CASE_MESSAGES_SECTION = "messages"


def messages_of_case(case_id: Any) -> QuerySet[OutboundMessage]:
    """The case's letters and emails (a case id, or a reference to one)."""
    return OutboundMessage.objects.filter(case_id=case_id)


def _listed_messages_of(case_id: int) -> QuerySet[OutboundMessage]:
    # The list shows each message's subject, recipient and state, never its text: the bodies are left unread.
    return messages_of_case(case_id).defer("body_text", "body_html").order_by()


# Read on every case page: built into SQL once (`core.prepared`).
_LISTED_MESSAGES_OF = PreparedRead(_listed_messages_of, int)


def messages_for_case(case: Case) -> list[OutboundMessage]:
    """The case's letters and emails for its page, newest first, without their text (the caller has already checked
    access to the case).

    Put in order here rather than by the database: every one is read either way, and ordering makes Django compare
    every column it selects."""
    messages = _LISTED_MESSAGES_OF(case.pk)
    return sorted(messages, key=lambda message: (message.created_at, message.pk), reverse=True)


# --- for the scheduled staff alerts and digest (system jobs: every case, whoever may see it) ---------------------


def _open_or_customer_waiting() -> Q:
    return Q(status__in=OPEN_STATUSES) | Q(Exists(CustomerRequest.objects.waiting().filter(case=OuterRef("pk"))))


def open_cases_due_by(limit: date) -> QuerySet[Case]:
    """Cases with something due on or before `limit`, with everyone an alert might go to, in one query.

    Open cases, and cases of any status with a customer request waiting (the lifecycle sets `next_due_date` from
    the request while the customer waits).
    """
    return (
        Case.objects.filter(_open_or_customer_waiting(), next_due_date__lte=limit)
        .select_related("lead_officer", "current_stage__handler", "service_area")
        .order_by("next_due_date", "pk")
    )


def open_cases_led_by_active_staff() -> QuerySet[Case]:
    """Every open case (or one with a customer waiting) with an active lead officer, grouped by officer, soonest
    due first (for the digest)."""
    return (
        Case.objects.filter(_open_or_customer_waiting(), lead_officer__is_active=True)
        .select_related("lead_officer")
        .order_by("lead_officer_id", F("next_due_date").asc(nulls_last=True), "pk")
    )


def managers_by_team(team_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active managers of each team, in one query."""
    managers: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(role=Role.MANAGER, is_active=True, team_id__in=set(team_ids)).order_by("pk"):
        if user.team_id is not None:
            managers[user.team_id].append(user)
    return managers


def heads_of_service_by_service(service_area_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active heads of service of each service area (through their team), in one query."""
    heads: dict[int, list[User]] = defaultdict(list)
    users = User.objects.filter(
        role=Role.HEAD_OF_SERVICE, is_active=True, team__service_area_id__in=set(service_area_ids)
    ).select_related("team")
    for user in users.order_by("pk"):
        if user.team is not None:
            heads[user.team.service_area_id].append(user)
    return heads
