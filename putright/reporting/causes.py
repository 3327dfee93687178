"""Root causes of complaints answered in a period, staff named in more than one (managers only), and complaints
resolved early (counted apart from formal complaints)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from putright.cases.access import cases_visible_to
from putright.cases.models import EarlyResolution, StageFinding
from putright.core.periods import Period
from putright.organisation.models import User

# Named in this many responses in the period: a pattern a manager should look at (docs/rules.md, "Root causes").
REPEATED = 2


@dataclass(frozen=True)
class CauseCount:
    name: str
    responses: int


@dataclass(frozen=True)
class StaffCount:
    officer: User
    responses: int


def _findings(user: User, period: Period) -> QuerySet[StageFinding]:
    return StageFinding.objects.filter(
        stage__responded_date__range=(period.start, period.end), stage__case__in=cases_visible_to(user)
    )


def root_causes(user: User, period: Period) -> list[CauseCount]:
    """Responses by root cause, most frequent first, over the cases `user` may see."""
    rows = (
        _findings(user, period)
        .filter(root_cause__isnull=False)
        .values("root_cause__name")
        .annotate(responses=Count("pk"))
        .order_by("-responses", "root_cause__name")
    )
    return [CauseCount(row["root_cause__name"], row["responses"]) for row in rows]


def repeatedly_named_staff(user: User, period: Period) -> list[StaffCount]:
    """Staff named as complained about in REPEATED or more responses. Managers only: anyone else gets none."""
    if not user.is_manager:
        return []
    counts = (
        _findings(user, period)
        .values("staff_complained_about")
        .exclude(staff_complained_about=None)
        .annotate(responses=Count("pk", distinct=True))
        .filter(responses__gte=REPEATED)
        .order_by("-responses")
    )
    by_id = {row["staff_complained_about"]: row["responses"] for row in counts}
    officers = User.objects.in_bulk(list(by_id))
    return [StaffCount(officers[pk], n) for pk, n in by_id.items() if pk in officers]


@dataclass(frozen=True)
class EarlyCount:
    service: str
    resolved: int


def early_resolutions(user: User, period: Period) -> list[EarlyCount]:
    """Complaints resolved early in the period, by service, over the cases `user` may see."""
    rows = (
        EarlyResolution.objects.filter(
            resolved_at__date__range=(period.start, period.end), case__in=cases_visible_to(user)
        )
        .values("case__service_area__name")
        .annotate(resolved=Count("pk"))
        .order_by("-resolved", "case__service_area__name")
    )
    return [EarlyCount(row["case__service_area__name"], row["resolved"]) for row in rows]
