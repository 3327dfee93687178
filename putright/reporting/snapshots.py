"""Report figures kept for a few minutes, so the report pages open at once however many cases there are.

Working the figures out reads every case of the period; at a million cases that takes seconds. Readers of the
same figures (same period, filters and organisation settings, and the same view of the cases) get the same
answer, so it is worked out once and kept as a snapshot: the committee figures (dashboard and pack) and the Code
evidence of the annual report. A snapshot is used for PUTRIGHT_REPORT_SNAPSHOT_MINUTES (15 by default) and the
page says when its figures were worked out. Every five minutes the scheduler works out again, in the background,
the snapshots someone read in the last hour, before they go stale, so the views in use are always ready.

Who sees what stays the access rule's business: `report_scope(user)` names the set of cases a user may see,
and two users share a snapshot only when it names the same set.
"""

from __future__ import annotations

import hashlib
import logging
import pickle  # the payloads are written by this module into the application's own database, never by users
import time
from collections.abc import Callable
from dataclasses import dataclass, is_dataclass
from datetime import date, datetime, timedelta
from typing import Any, get_args, get_type_hints

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from putright.core.periods import Period
from putright.organisation.models import ClosureDay, Organisation, User
from putright.reporting.annual import CodeEvidence, code_evidence
from putright.reporting.committee import CommitteeReport, committee_report
from putright.reporting.models import ContactVolume, ReportSettings, ReportSnapshot
from putright.reporting.queries import Filters
from putright.reporting.selectors import (
    cases_reported_to,
    improvements_reported_to,
    report_scope,
    report_settings_for,
    services_reported_to,
)

logger = logging.getLogger(__name__)

COMMITTEE = "committee"
CODE_EVIDENCE = "code-evidence"
KEEP_UNREAD_FOR = timedelta(days=1)
# Only figures read this recently are worked out again in the background; others are worked out when next read.
REFRESH_IF_READ_WITHIN = timedelta(hours=1)


def _shape(cls: type, seen: set[type] | None = None) -> str:
    """The names of a report's fields and of every dataclass inside it, however deep: a change to any of them
    changes the key, so figures kept by older code are never read back into newer code."""
    seen = set() if seen is None else seen
    if cls in seen or not is_dataclass(cls):
        return ""
    seen.add(cls)
    parts = []
    for name, hint in get_type_hints(cls).items():
        inner = [_shape(arg, seen) for arg in _types_in(hint)]
        parts.append(f"{name}({','.join(part for part in inner if part)})")
    return f"{cls.__name__}[{';'.join(parts)}]"


def _types_in(hint: Any) -> list[type]:
    found = [hint] if isinstance(hint, type) else []
    for arg in get_args(hint):
        found.extend(_types_in(arg))
    return found


# Part of every key: a change to what the figures hold makes old snapshots unreachable, so they are never used.
_SHAPES = {
    COMMITTEE: hashlib.sha256(_shape(CommitteeReport).encode()).hexdigest(),
    CODE_EVIDENCE: hashlib.sha256(_shape(CodeEvidence).encode()).hexdigest(),
}


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
            _inputs_besides_cases(self.organisation),
        ]
        if self.kind == CODE_EVIDENCE:
            parts.append(str(_improvements(self.user, self.period)))
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def work_out(self) -> Any:
        cases = cases_reported_to(self.user)
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


def _inputs_besides_cases(organisation: Organisation) -> str:
    """What else the figures are made from: the working-day calendar (nation, closure days) for the average days
    to respond, and the contact volumes for the rates per 1,000 contacts. Figures being worked out while one of
    these changes are kept under a key nobody asks for again."""
    closures = ClosureDay.objects.filter(organisation=organisation).aggregate(n=Count("pk"), last=Max("date"))
    volumes = ContactVolume.objects.aggregate(n=Count("pk"), last=Max("entered_at"), total=Sum("contacts_count"))
    return "|".join(
        str(value)
        for value in (
            organisation.nation,
            organisation.exclude_closure_days,
            closures["n"],
            closures["last"],
            volumes["n"],
            volumes["last"],
            volumes["total"],
        )
    )


def _improvements(user: User, period: Period) -> int:
    return improvements_reported_to(user, period).count()


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
    scope = report_scope(request.user)
    key = request.key(scope)
    snapshot = ReportSnapshot.objects.filter(key=key, computed_at__gte=now - fresh_for()).first()
    if snapshot is not None:
        figures = _load(snapshot)
        if figures is not None:
            ReportSnapshot.objects.filter(pk=snapshot.pk).update(last_read_at=now)
            return figures, snapshot.computed_at
    figures = request.work_out()
    # Named on a restricted case while the figures were worked out: they may hold it, so they are not shared.
    if report_scope(request.user) == scope:
        _store(key, scope, request, figures, now=now, last_read_at=now)
    return figures, now


_TYPES: dict[str, Callable[[object], bool]] = {
    COMMITTEE: lambda value: isinstance(value, CommitteeReport),
    CODE_EVIDENCE: lambda value: isinstance(value, CodeEvidence),
}


def _signature(body: bytes) -> bytes:
    return salted_hmac("putright.reporting.snapshots", body, algorithm="sha256").digest()


def _sealed(figures: Any) -> bytes:
    """The pickled figures behind an HMAC made with SECRET_KEY: only what this application wrote is unpickled."""
    body = pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL)
    return _signature(body) + body


def _load(snapshot: ReportSnapshot) -> Any:
    payload = bytes(snapshot.payload)
    mac, body = payload[:32], payload[32:]
    if not constant_time_compare(mac, _signature(body)):
        logger.warning(
            "Report snapshot %s is not signed by this application; working the figures out again", snapshot.pk
        )
        return None
    try:
        figures = pickle.loads(body)  # noqa: S301 - signed above with SECRET_KEY: written by _store
    except Exception:  # written by older code: work the figures out again
        logger.warning("Report snapshot %s could not be read; working the figures out again", snapshot.pk)
        return None
    return figures if _TYPES.get(snapshot.kind, lambda value: False)(figures) else None


def _store(key: str, scope: str, request: _Request, figures: Any, *, now: datetime, last_read_at: datetime) -> None:
    """Keep the figures under `key`. `last_read_at` is written only by a read, or when the row is new: working
    figures out again in the background is not reading them."""
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
        "payload": _sealed(figures),
    }
    read = {"last_read_at": last_read_at}
    try:
        with transaction.atomic():
            ReportSnapshot.objects.update_or_create(
                key=key,
                defaults=values if last_read_at != now else {**values, **read},
                create_defaults={**values, **read},
            )
    except IntegrityError:  # two readers worked the same figures out at once; either copy will do
        pass


def forget_all() -> None:
    """Drop every snapshot, once the change to what the figures are made from (contact volumes) has committed."""
    transaction.on_commit(lambda: ReportSnapshot.objects.all().delete())


def refresh_read_snapshots(now: datetime, *, budget: timedelta | None = None) -> tuple[int, int]:
    """Work out again the snapshots read in the last hour that are about to go stale; drop those unread for a day.

    Returns (refreshed, dropped). Each is worked out for the user it was made for, and only while that user's
    view of the cases is still the one it was made for. The most recently read go first, and none is started once
    `budget` has been spent: at a million cases each takes seconds, and the scheduler has other jobs to run.
    """
    started = time.monotonic()
    dropped, _ = ReportSnapshot.objects.filter(last_read_at__lt=now - KEEP_UNREAD_FOR).delete()
    organisation = Organisation.objects.order_by("pk").first()
    refreshed = 0
    stale_soon = (
        ReportSnapshot.objects.filter(
            computed_at__lt=now - fresh_for() / 2, last_read_at__gte=now - REFRESH_IF_READ_WITHIN
        )
        .select_related("computed_for__team", "service", "procedure")
        .order_by("-last_read_at", "pk")
    )
    for snapshot in stale_soon:
        if budget is not None and time.monotonic() - started >= budget.total_seconds():
            break
        user = snapshot.computed_for
        if user is None or organisation is None or snapshot.kind not in _SHAPES or report_scope(user) != snapshot.scope:
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
        figures = request.work_out()
        if report_scope(user) != snapshot.scope:
            continue  # their view of the cases changed meanwhile: these figures are not the scope's to share
        _store(key, snapshot.scope, request, figures, now=now, last_read_at=snapshot.last_read_at)
        refreshed += 1
    return refreshed, dropped
