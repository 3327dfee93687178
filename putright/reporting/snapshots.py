"""Report figures kept for a few minutes, so the report pages open at once however many cases there are.

Working the figures out reads every case of the period; at a million cases that takes seconds. Readers of the
same figures (same period, filters and organisation settings, and the same view of the cases) get the same
answer, so it is worked out once and kept as a snapshot: the committee figures (dashboard and pack) and the Code
evidence of the annual report. A snapshot is used for PUTRIGHT_REPORT_SNAPSHOT_MINUTES (15 by default) and the
page says when its figures were worked out. Every five minutes the scheduler works out again, in the background,
the snapshots someone read in the last day, before they go stale, so the usual views are always ready.

Who sees what stays the access rule's business: `visibility_scope(user)` names the set of cases a user may see,
and two users share a snapshot only when it names the same set.
"""

from __future__ import annotations

import hashlib
import logging
import pickle  # the payloads are written by this module into the application's own database, never by users
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from putright.cases.access import cases_visible_to, visibility_scope
from putright.learning.selectors import you_said_we_did
from putright.organisation.models import Organisation, User
from putright.reporting.annual import CodeEvidence, code_evidence
from putright.reporting.committee import CommitteeReport, committee_report
from putright.reporting.models import ReportSettings, ReportSnapshot
from putright.reporting.periods import Period
from putright.reporting.queries import Filters
from putright.reporting.selectors import report_settings_for, services_reported_to

logger = logging.getLogger(__name__)

COMMITTEE = "committee"
CODE_EVIDENCE = "code-evidence"
# Part of every key: a change to what the figures hold makes old snapshots unreachable, so they are never used.
_SHAPES = {
    COMMITTEE: ",".join(field.name for field in fields(CommitteeReport)),
    CODE_EVIDENCE: ",".join(field.name for field in fields(CodeEvidence)),
}
KEEP_UNREAD_FOR = timedelta(days=1)


def fresh_for() -> timedelta:
    return timedelta(minutes=settings.PUTRIGHT_REPORT_SNAPSHOT_MINUTES)


@dataclass(frozen=True)
class Figures:
    report: CommitteeReport
    computed_at: datetime


@dataclass(frozen=True)
class _Request:
    """What one set of figures is worked out from, besides the cases the user may see."""

    kind: str
    user: User
    period: Period
    filters: Filters
    today: date
    organisation: Organisation
    report_settings: ReportSettings

    def key(self, scope: str) -> str:
        parts = [
            self.kind,
            scope,
            self.period.start.isoformat(),
            self.period.end.isoformat(),
            self.period.label,
            str(self.filters.service.pk if self.filters.service else ""),
            str(self.filters.procedure.pk if self.filters.procedure else ""),
            self.filters.directorate or "",
            self.today.isoformat(),  # "open and overdue now"
            str(self.organisation.pk),
            str(self.organisation.population),
            str(self.organisation.homes_count),
            str(self.report_settings.extensions_count_as_within_timescale),
            _SHAPES[self.kind],
        ]
        if self.kind == CODE_EVIDENCE:
            parts.append(str(_improvements(self.user, self.period)))
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def work_out(self) -> Any:
        cases = cases_visible_to(self.user)
        if self.kind == CODE_EVIDENCE:
            return code_evidence(
                cases,
                self.period,
                settings=self.report_settings,
                improvements=_improvements(self.user, self.period),
            )
        return committee_report(
            cases,
            self.period,
            organisation=self.organisation,
            settings=self.report_settings,
            today=self.today,
            services=services_reported_to(self.user),
            filters=self.filters,
        )


def _improvements(user: User, period: Period) -> int:
    return you_said_we_did(user, period).count()


def committee_figures(
    user: User,
    period: Period,
    filters: Filters,
    *,
    today: date,
    organisation: Organisation,
    report_settings: ReportSettings,
    now: datetime | None = None,
) -> Figures:
    """The committee figures `user` may see: from a fresh snapshot when there is one, otherwise worked out now."""
    request = _Request(COMMITTEE, user, period, filters, today, organisation, report_settings)
    report, computed_at = _kept(request, now or timezone.now())
    return Figures(report, computed_at)


def code_evidence_figures(
    user: User,
    period: Period,
    *,
    today: date,
    organisation: Organisation,
    report_settings: ReportSettings,
    now: datetime | None = None,
) -> CodeEvidence:
    """The annual report's Code evidence for the cases `user` may see, kept like the committee figures."""
    request = _Request(CODE_EVIDENCE, user, period, Filters(), today, organisation, report_settings)
    evidence, _computed_at = _kept(request, now or timezone.now())
    return evidence


def _kept(request: _Request, now: datetime) -> tuple[Any, datetime]:
    scope = visibility_scope(request.user)
    key = request.key(scope)
    snapshot = ReportSnapshot.objects.filter(key=key, computed_at__gte=now - fresh_for()).first()
    if snapshot is not None:
        figures = _load(snapshot)
        if figures is not None:
            ReportSnapshot.objects.filter(pk=snapshot.pk).update(last_read_at=now)
            return figures, snapshot.computed_at
    figures = request.work_out()
    _store(key, scope, request, figures, now=now, last_read_at=now)
    return figures, now


_TYPES: dict[str, Callable[[object], bool]] = {
    COMMITTEE: lambda value: isinstance(value, CommitteeReport),
    CODE_EVIDENCE: lambda value: isinstance(value, CodeEvidence),
}


def _load(snapshot: ReportSnapshot) -> Any:
    try:
        figures = pickle.loads(snapshot.payload)  # noqa: S301 - written by _store, see the import's note
    except Exception:  # written by older code: work the figures out again
        logger.warning("Report snapshot %s could not be read; working the figures out again", snapshot.pk)
        return None
    return figures if _TYPES.get(snapshot.kind, lambda value: False)(figures) else None


def _store(key: str, scope: str, request: _Request, figures: Any, *, now: datetime, last_read_at: datetime) -> None:
    values = {
        "kind": request.kind,
        "scope": scope,
        "computed_for": request.user,
        "period_start": request.period.start,
        "period_end": request.period.end,
        "period_label": request.period.label,
        "service": request.filters.service,
        "procedure": request.filters.procedure,
        "directorate": request.filters.directorate or "",
        "today": request.today,
        "computed_at": now,
        "last_read_at": last_read_at,
        "payload": pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL),
    }
    try:
        with transaction.atomic():
            ReportSnapshot.objects.update_or_create(key=key, defaults=values)
    except IntegrityError:  # two readers worked the same figures out at once; either copy will do
        pass


def forget_all() -> int:
    """Drop every snapshot, after a change to what the figures are made from besides cases (contact volumes)."""
    deleted, _ = ReportSnapshot.objects.all().delete()
    return deleted


def refresh_read_snapshots(now: datetime, *, budget: timedelta | None = None) -> tuple[int, int]:
    """Work out again the snapshots read in the last day that are about to go stale; drop those nobody reads.

    Returns (refreshed, dropped). Each is worked out for the user it was made for, and only while that user's
    view of the cases is still the one it was made for. The oldest go first, and none is started once `budget`
    has been spent: at a million cases each takes seconds, and the scheduler has other jobs to run.
    """
    started = time.monotonic()
    dropped, _ = ReportSnapshot.objects.filter(last_read_at__lt=now - KEEP_UNREAD_FOR).delete()
    organisation = Organisation.objects.order_by("pk").first()
    refreshed = 0
    stale_soon = (
        ReportSnapshot.objects.filter(computed_at__lt=now - fresh_for() / 2)
        .select_related("computed_for__team", "service", "procedure")
        .order_by("computed_at", "pk")
    )
    for snapshot in stale_soon:
        if budget is not None and time.monotonic() - started >= budget.total_seconds():
            break
        user = snapshot.computed_for
        if (
            user is None
            or organisation is None
            or snapshot.kind not in _SHAPES
            or visibility_scope(user) != snapshot.scope
        ):
            snapshot.delete()
            dropped += 1
            continue
        request = _Request(
            snapshot.kind,
            user,
            Period(snapshot.period_start, snapshot.period_end, snapshot.period_label),
            Filters(service=snapshot.service, procedure=snapshot.procedure, directorate=snapshot.directorate or None),
            timezone.localdate(now),
            organisation,
            report_settings_for(organisation),
        )
        key = request.key(snapshot.scope)
        if key != snapshot.key:  # a new day, or the organisation's settings changed: this one is spent
            snapshot.delete()
        _store(key, snapshot.scope, request, request.work_out(), now=now, last_read_at=snapshot.last_read_at)
        refreshed += 1
    return refreshed, dropped
