"""Report figures kept for a few minutes in Django's cache, so the report pages open at once however many cases
there are.

Working the figures out reads every case of the period; at a million cases that takes seconds. Readers of the
same figures (same period, filters and organisation settings, and the same view of the cases) get the same
answer, so it is worked out once and kept in the "reports" cache (settings.CACHES, from CACHE_URL: the database
by default, Redis when configured, so every web worker shares it): the committee figures (dashboard and pack), the
remedies as they stand today (the dashboard's, whatever its period) and the Code evidence of the annual report.
Kept figures are used for PUTRIGHT_REPORT_SNAPSHOT_MINUTES (15 by default) and the page says when they were
worked out. Each read is noted in `RecentReportRead` (what was asked for, never the figures); every five minutes
the scheduler works out again, in the background, the figures someone read in the last hour, before they go
stale, so the views in use are always ready.

Who sees what stays the access rule's business: `report_scope(user)` names the set of cases a user may see, it is
part of the key, and two users share figures only when it names the same set.

Django's database and Redis caches pickle what they keep. That is safe here for the same reason it is for
Django's own cached data: only this application writes to its cache (the cache table in its own database, or a
Redis that only its servers reach), and nothing a user sends is unpickled. What is read back is also checked to
be the kind of figures asked for.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass, is_dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any, get_args, get_type_hints

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from putright.cases.choices import EventKind
from putright.cases.models import Case, TimelineEvent
from putright.cases.outstanding import RemedyFigures, remedy_figures
from putright.core.periods import Period
from putright.core.replica import reading_reports
from putright.ombudsman import selectors as ombudsman
from putright.organisation.models import ClosureDay, Organisation, User
from putright.reporting import totals
from putright.reporting.annual import CodeEvidence, code_evidence
from putright.reporting.committee import CommitteeReport, committee_report
from putright.reporting.models import ContactVolume, RecentReportRead, ReportSettings
from putright.reporting.queries import Filters
from putright.reporting.selectors import (
    cases_reported_to,
    improvements_reported_to,
    report_scope,
    report_settings_for,
    reported_columns,
    services_reported_to,
)

logger = logging.getLogger(__name__)

COMMITTEE = "committee"
CODE_EVIDENCE = "code-evidence"
REMEDIES_TODAY = "remedies-today"
CACHE_ALIAS = "reports"  # settings.CACHES: the same cache as CACHE_URL's, with keys of its own
GENERATION = "generation"  # the cache key of the current generation of kept figures (see forget_all)
# The cache key naming the latest change to any remedy (see remedies_changed): remedies as they stand today are kept
# under it, so a remedy added or carried out shows on the next view, not up to 15 minutes later.
REMEDIES_CHANGED = "remedies-changed"
# The timeline events that add, decide or carry out a remedy (a response records its remedies).
REMEDY_EVENTS = frozenset(
    {
        EventKind.RESPONDED,
        EventKind.REMEDY_ADDED,
        EventKind.REMEDY_DONE,
        EventKind.OMBUDSMAN_DECISION,
        EventKind.OMBUDSMAN_REMEDY_SET,
        EventKind.OMBUDSMAN_REMEDY_DONE,
    }
)
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
    REMEDIES_TODAY: hashlib.sha256(_shape(RemedyFigures).encode()).hexdigest(),
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

    def key(self, scope: str, inputs: str | None = None) -> str:
        """The cache key of these figures for readers whose view of the cases is `scope`. `inputs`: what
        `_inputs_besides_cases` says for the organisation, when already read for this page."""
        # The remedies as they stand today are the same whatever the period and filters: one set a day per scope.
        chosen = self.kind != REMEDIES_TODAY
        parts = [
            self.kind,
            scope,
            self.period.start.isoformat() if chosen else "",
            self.period.end.isoformat() if chosen else "",
            self.period.label if chosen else "",
            str(self.filters.service.pk if chosen and self.filters.service else ""),
            str(self.filters.procedure.pk if chosen and self.filters.procedure else ""),
            (self.filters.directorate or "") if chosen else "",
            self.today.isoformat(),  # "open and overdue now"
            str(self.organisation.pk),
            str(self.organisation.population),
            str(self.organisation.homes_count),
            str(self.report_settings.extensions_count_as_within_timescale),
            _SHAPES[self.kind],
            _inputs_besides_cases(self.organisation) if inputs is None else inputs,
        ]
        if self.kind == CODE_EVIDENCE:
            parts.append(str(self.improvements))
        # The remedies as they stand today are kept with the latest change to any remedy they were worked out after
        # (`_Kept.remedies`), and read only while that is still the latest: see remedies_changed.
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    @cached_property
    def improvements(self) -> int:
        """How many published improvements the reader's annual report lists (the Code evidence counts them, and they
        are part of its key): counted once for both."""
        return _improvements(self.user, self.period)

    def work_out(self) -> Any:
        with reading_reports():  # from the read replica, when one is configured
            return self._work_out()

    def _work_out(self) -> Any:
        cases = cases_reported_to(self.user)
        if self.kind == REMEDIES_TODAY:
            return remedies_today(cases, self.today, columns=reported_columns(self.user))
        if self.kind == CODE_EVIDENCE:
            return code_evidence(
                cases,
                self.period,
                settings=self.report_settings,
                improvements=self.improvements,
                columns=reported_columns(self.user),
            )
        return committee_report(
            cases,
            self.period,
            organisation=self.organisation,
            settings=self.report_settings,
            today=self.today,
            services=services_reported_to(self.user),
            filters=self.filters,
            columns=reported_columns(self.user),
        )


def remedies_today(cases: QuerySet[Case], today: date, *, columns: Q | None = None) -> RemedyFigures:
    """Every remedy on these cases as it stands today, whatever the period: the Code expects each to be carried out
    (7.3). Those in responses and those an ombudsman ordered, as the outstanding remedies page lists them.

    With `columns` (`selectors.reported_columns`: the same cases), the remedies in responses are summed from the case
    totals (reporting/totals.py)."""
    in_responses = remedy_figures(cases, today) if columns is None else totals.remedies_today(columns, today)
    return in_responses + ombudsman.remedy_figures(cases, today)


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


def remedies_today_figures(
    user: User,
    period: Period,
    filters: Filters,
    *,
    today: date,
    organisation: Organisation,
    report_settings: ReportSettings,
    now: datetime | None = None,
) -> RemedyFigures:
    """The remedies as they stand today on the cases `user` may see, kept like the committee figures (under the same
    view of the cases and for as long). `period` and `filters` are the page's, noted with the read; they do not
    change these figures."""
    request = _Request(REMEDIES_TODAY, user, period, filters, today, organisation, report_settings)
    remedies, _computed_at = _kept(request, now or timezone.now())
    return remedies


def dashboard_figures(
    user: User,
    period: Period,
    filters: Filters,
    *,
    today: date,
    organisation: Organisation,
    report_settings: ReportSettings,
    now: datetime | None = None,
) -> tuple[Figures, RemedyFigures]:
    """`committee_figures` and `remedies_today_figures` together, as the dashboard shows them: the reader's view of
    the cases and the organisation's other inputs are read once for both, both are read from the cache at once and
    both reads are noted in one write."""
    now = now or timezone.now()
    committee = _Request(COMMITTEE, user, period, filters, today, organisation, report_settings)
    remedies = _Request(REMEDIES_TODAY, user, period, filters, today, organisation, report_settings)
    (report, computed_at), (remedy_figures_today, _computed_at) = _kept_together([committee, remedies], now)
    return Figures(report, computed_at), remedy_figures_today


def annual_figures(
    user: User,
    period: Period,
    *,
    today: date,
    organisation: Organisation,
    report_settings: ReportSettings,
    now: datetime | None = None,
) -> tuple[Figures, CodeEvidence]:
    """The year's committee figures (unfiltered) and the annual report's Code evidence for the cases `user` may see,
    each kept like the committee figures, together as the annual report shows them: the reader's view of the cases and
    the organisation's other inputs are read once for both, both are read from the cache at once and both reads are
    noted in one write."""
    committee = _Request(COMMITTEE, user, period, Filters(), today, organisation, report_settings)
    evidence = _Request(CODE_EVIDENCE, user, period, Filters(), today, organisation, report_settings)
    (report, computed_at), (code, _computed_at) = _kept_together([committee, evidence], now or timezone.now())
    return Figures(report, computed_at), code


def _cache() -> BaseCache:
    return caches[CACHE_ALIAS]


_TYPES: dict[str, type] = {COMMITTEE: CommitteeReport, CODE_EVIDENCE: CodeEvidence, REMEDIES_TODAY: RemedyFigures}


@dataclass(frozen=True)
class _Kept:
    """What is kept under a key: the figures, when they were worked out, and the generation they belong to (and,
    for the remedies as they stand today, the latest change to any remedy they were worked out after)."""

    generation: str | None
    computed_at: datetime
    figures: Any
    remedies: str | None = None


@dataclass(frozen=True)
class _Versions:
    """The current generation of kept figures (see forget_all) and the latest change to any remedy (see
    remedies_changed), as read from the cache with the figures."""

    generation: str | None
    remedies: str


def _read_many(kinds: dict[str, str]) -> tuple[_Versions, dict[str, _Kept]]:
    """For these {key: kind}, in one read of the cache: the current versions, and the figures kept under each key
    that belong to them and are of the right kind."""
    try:
        found = _cache().get_many([GENERATION, REMEDIES_CHANGED, *kinds])
    except Exception:  # kept by older code, or the cache is unreachable: work the figures out again
        logger.warning("Kept report figures could not be read; working them out again", exc_info=True)
        return _Versions(None, uuid.uuid4().hex), {}
    versions = _Versions(found.get(GENERATION), str(found.get(REMEDIES_CHANGED, "")))
    usable = {}
    for key, kind in kinds.items():
        kept = found.get(key)
        if not isinstance(kept, _Kept) or kept.generation != versions.generation:
            continue
        if not isinstance(kept.figures, _TYPES[kind]):
            continue
        # Pickled by older code without the remedies' version: not read back as the remedies today.
        if kind == REMEDIES_TODAY and getattr(kept, "remedies", None) != versions.remedies:
            continue
        usable[key] = kept
    return versions, usable


def _read(kind: str, key: str) -> tuple[_Versions, _Kept | None]:
    """The current versions, and the figures kept under `key` if they belong to them and are of the right kind."""
    versions, usable = _read_many({key: kind})
    return versions, usable.get(key)


def _kept(request: _Request, now: datetime) -> tuple[Any, datetime]:
    return _kept_together([request], now)[0]


def _kept_together(requests: list[_Request], now: datetime) -> list[tuple[Any, datetime]]:
    """Each of these figures (for one reader and one organisation) with when it was worked out: from a fresh
    snapshot when there is one, otherwise worked out now. The reader's view of the cases and the organisation's
    other inputs are read once for all of them, the cache once, and the reads are noted in one write."""
    user = requests[0].user
    scope = report_scope(user)
    inputs = _inputs_besides_cases(requests[0].organisation)
    keys = [request.key(scope, inputs) for request in requests]
    versions, usable = _read_many({key: request.kind for request, key in zip(requests, keys, strict=True)})
    results: list[tuple[Any, datetime]] = []
    noted: list[tuple[_Request, str]] = []
    for request, key in zip(requests, keys, strict=True):
        kept = usable.get(key)
        if kept is not None and kept.computed_at >= now - fresh_for():
            noted.append((request, key))
            results.append((kept.figures, kept.computed_at))
            continue
        figures = request.work_out()
        # Named on a restricted case while the figures were worked out: they may hold it, so they are not shared.
        if report_scope(request.user) == scope:
            _store(key, figures, versions, kind=request.kind, now=now)
            noted.append((request, key))
        results.append((figures, now))
    _note_reads(noted, scope, now)
    return results


def _store(key: str, figures: Any, versions: _Versions, *, kind: str, now: datetime) -> None:
    """Keep the figures under `key` until they are stale: the cache drops them then, and anything it needs room
    for sooner (they are worked out again when next read). A cache that cannot be reached does not stop the
    report: its figures are worked out for each reader meanwhile."""
    remedies = versions.remedies if kind == REMEDIES_TODAY else None
    try:
        _cache().set(key, _Kept(versions.generation, now, figures, remedies), timeout=fresh_for().total_seconds())
    except Exception:
        logger.warning("Report figures could not be kept in the cache", exc_info=True)


def _note_reads(noted: list[tuple[_Request, str]], scope: str, now: datetime) -> None:
    """Note that each request's user read the figures under its key, so the scheduler keeps them ready: one update
    for those read with the same period and filters (the kind and the scope are part of the key, so a note already
    under that key has them), and a new note for a key read for the first time."""
    groups: dict[tuple[object, ...], list[tuple[_Request, str]]] = {}
    for request, key in noted:
        period, filters = request.period, request.filters
        service, procedure = filters.service, filters.procedure
        what = (
            request.user.pk,
            period.start,
            period.end,
            period.label,
            service.pk if service else None,
            procedure.pk if procedure else None,
            filters.directorate or "",
        )
        groups.setdefault(what, []).append((request, key))
    for group in groups.values():
        first = group[0][0]
        note = {
            "read_by": first.user,
            "period_start": first.period.start,
            "period_end": first.period.end,
            "period_label": first.period.label,
            "service": first.filters.service,
            "procedure": first.filters.procedure,
            "directorate": first.filters.directorate or "",
            "last_read_at": now,
        }
        keys = [key for _request, key in group]
        if RecentReportRead.objects.filter(key__in=keys).update(**note) == len(keys):
            continue
        existing = set(RecentReportRead.objects.filter(key__in=keys).values_list("key", flat=True))
        for request, key in group:
            if key in existing:
                continue
            try:
                with transaction.atomic():
                    RecentReportRead.objects.create(key=key, kind=request.kind, scope=scope, **note)
            except IntegrityError:  # two readers noted the same figures at once; either note will do
                pass


def remedies_changed(event: TimelineEvent) -> None:
    """core.signals subscriber: a remedy was added, decided or carried out. Once the change has committed, the
    remedies kept as they stood are no longer read (the committee figures, kept for their period, are not touched)."""
    if event.kind not in REMEDY_EVENTS:
        return
    # Now (seen at once by this transaction, and by everyone when the cache is the database's), and again once the
    # change has committed, so figures worked out by another reader before the commit are not read after it.
    _new_remedies_generation()
    transaction.on_commit(_new_remedies_generation, robust=True)


def _new_remedies_generation() -> None:
    try:
        _cache().set(REMEDIES_CHANGED, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("The change to a remedy could not be noted in the report cache", exc_info=True)


def forget_all() -> None:
    """Drop every kept figure, once the change to what the figures are made from (contact volumes) has committed.

    The cache may be shared with other keys (and, with Redis, other programs), so it is not cleared: a new
    generation is started, and figures kept for an older one are never read again (the cache drops them when they
    are stale)."""
    transaction.on_commit(lambda: _cache().set(GENERATION, uuid.uuid4().hex, timeout=None))


def refresh_read_snapshots(now: datetime, *, budget: timedelta | None = None) -> tuple[int, int]:
    """Work out again the figures read in the last hour that are about to go stale; forget reads older than a day.

    Returns (refreshed, dropped). Each is worked out for the user who last read it, and only while that user's
    view of the cases is still the one it was read with. The most recently read go first, and none is started once
    `budget` has been spent: at a million cases each takes seconds, and the scheduler has other jobs to run.
    """
    started = time.monotonic()
    dropped, _ = RecentReportRead.objects.filter(last_read_at__lt=now - KEEP_UNREAD_FOR).delete()
    organisation = Organisation.objects.order_by("pk").first()
    refreshed = 0
    recent = (
        RecentReportRead.objects.filter(last_read_at__gte=now - REFRESH_IF_READ_WITHIN)
        .select_related("read_by__team", "service", "procedure")
        .order_by("-last_read_at", "pk")
    )
    for read in recent:
        if budget is not None and time.monotonic() - started >= budget.total_seconds():
            break
        user = read.read_by
        if organisation is None or read.kind not in _SHAPES or report_scope(user) != read.scope:
            read.delete()
            dropped += 1
            continue
        request = _Request(
            read.kind,
            user,
            Period(read.period_start, read.period_end, read.period_label),
            Filters(service=read.service, procedure=read.procedure, directorate=read.directorate or None),
            timezone.localdate(now),
            organisation,
            report_settings_for(organisation),
        )
        key = request.key(read.scope)
        if key != read.key:  # a new day, or the organisation's settings changed: the same view under its new key
            try:
                with transaction.atomic():
                    RecentReportRead.objects.filter(pk=read.pk).update(key=key)
            except IntegrityError:  # someone has read it under the new key already: that note stands for both
                read.delete()
                continue
        versions, kept = _read(request.kind, key)
        if kept is not None and kept.computed_at >= now - fresh_for() / 2:
            continue  # worked out recently enough (by a reader, or by another scheduler)
        figures = request.work_out()
        if report_scope(user) != read.scope:
            continue  # their view of the cases changed meanwhile: these figures are not the scope's to share
        _store(key, figures, versions, kind=request.kind, now=now)
        refreshed += 1
    return refreshed, dropped
