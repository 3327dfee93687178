"""Reads about messages, already scoped to what the member of staff may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from putright.cases.access import cases_visible_to, is_case_worker
from putright.cases.models import Case
from putright.notifications.choices import MessageStatus
from putright.notifications.models import OutboundMessage
from putright.organisation.models import User


def messages_visible_to(user: User) -> QuerySet[OutboundMessage]:
    """Messages on cases the user may open; messages with no case only for those who see the whole queue."""
    if not is_case_worker(user):
        return OutboundMessage.objects.none()
    visible = Q(case__in=cases_visible_to(user).values("pk"))
    if user.sees_whole_queue:
        visible |= Q(case__isnull=True)
    return OutboundMessage.objects.filter(visible).select_related("case")


def failed_messages_visible_to(user: User) -> QuerySet[OutboundMessage]:
    return messages_visible_to(user).filter(status=MessageStatus.FAILED).order_by("-created_at", "-id")


def messages_for_case(case: Case) -> list[OutboundMessage]:
    """The case's letters and emails, newest first (the caller has already checked access to the case)."""
    return list(OutboundMessage.objects.filter(case=case).order_by("-created_at", "-id"))
