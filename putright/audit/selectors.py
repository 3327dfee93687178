"""Reading the access log: who looked at this case or this person, what did this member of staff look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from putright.audit.models import AccessLogEntry


@dataclass(frozen=True)
class LogFilter:
    case_reference: str = ""
    customer_id: int | None = None
    username: str = ""
    since: date | None = None
    until: date | None = None
    refused_only: bool = False


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def log_entries(wanted: LogFilter) -> QuerySet[AccessLogEntry]:
    """The entries matching every part of `wanted`, newest first."""
    entries = AccessLogEntry.objects.select_related("user", "api_key", "customer")
    if wanted.case_reference:
        entries = entries.filter(object_type="case", object_reference=wanted.case_reference.strip().upper())
    if wanted.customer_id is not None:
        entries = entries.filter(customer_id=wanted.customer_id)
    if wanted.username:
        entries = entries.filter(user__username__iexact=wanted.username.strip())
    if wanted.since:
        entries = entries.filter(occurred_at__gte=_start_of(wanted.since))
    if wanted.until:
        entries = entries.filter(occurred_at__lt=_start_of(wanted.until) + timedelta(days=1))
    if wanted.refused_only:
        entries = entries.filter(allowed=False)
    return entries.order_by("-occurred_at", "-id")
