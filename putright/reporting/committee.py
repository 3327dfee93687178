"""The committee pack: every figure for one period, gathered once for the dashboard, the pack page and its
PDF, spreadsheet and CSV.

Each figure is its own query in queries.py (hotspots in hotspots.py); those about complaint stages are read together
from the stage facts (facts.py) or their totals, and the received-case breakdowns and hotspots from the case totals
(totals.py) for most readers; this module only collects them and lays them out as rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet

from putright.cases.choices import Outcome
from putright.cases.models import Case
from putright.core.periods import Period
from putright.organisation.models import Organisation, ServiceArea
from putright.reporting import facts, hotspots, late_complaints, queries, remedies, service_figures, totals
from putright.reporting.late_complaints import LateComplaints
from putright.reporting.models import ReportSettings
from putright.reporting.queries import Filters, Share
from putright.reporting.remedies import RemediesOwed

CsvValue = int | float | Decimal | str | None


@dataclass(frozen=True)
class CommitteeReport:
    period: Period
    filters: Filters
    today: date
    settings: ReportSettings
    by_kind: list[queries.Row]
    by_procedure: list[queries.Row]
    by_service: list[queries.Row]
    by_category: list[queries.Row]
    by_channel: list[queries.Row]
    by_ward: list[queries.Row]
    received: dict[int, int]
    escalation: Share
    per_100k: Decimal | None
    per_1000_homes: list[queries.PerHomes]
    per_1000_contacts: service_figures.ContactRates
    satisfaction: service_figures.Satisfaction
    timeliness: list[queries.StageTimeliness]
    average_days: dict[int, float | None]
    open_now: list[queries.OpenNow]
    outcomes: list[queries.OutcomeRow]
    outcomes_by_service: list[queries.OutcomeRow]
    remedies: queries.RemedySummary
    ombudsman: list[queries.OmbudsmanFigures]
    ombudsman_compliance: queries.OmbudsmanCompliance
    hotspots_by_ward: hotspots.Hotspots
    hotspots_by_category: hotspots.Hotspots
    hotspots_by_service: hotspots.Hotspots
    worked_out_at: datetime | None = None  # when the figures were worked out (reporting/snapshots.py)
    remedies_owed: RemediesOwed | None = None  # reporting/remedies.py
    late_complaints: LateComplaints | None = None  # reporting/late_complaints.py

    @property
    def hotspots(self) -> list[tuple[str, hotspots.Hotspots]]:
        return [
            ("Ward", self.hotspots_by_ward),
            ("Category", self.hotspots_by_category),
            ("Service", self.hotspots_by_service),
        ]

    @property
    def scope(self) -> str:
        """Whose complaints: "the whole organisation", or the directorate, service and procedure chosen."""
        parts = [
            f"{self.filters.directorate} directorate" if self.filters.directorate else "",
            str(self.filters.service or ""),
            str(self.filters.procedure or ""),
        ]
        return ", ".join(part for part in parts if part) or "the whole organisation"

    @property
    def extensions_count(self) -> bool:
        return self.settings.extensions_count_as_within_timescale


def committee_report(
    cases: QuerySet[Case],
    period: Period,
    *,
    organisation: Organisation,
    settings: ReportSettings,
    today: date,
    services: QuerySet[ServiceArea],
    filters: Filters = queries.NO_FILTERS,
    columns: Q | None = None,
) -> CommitteeReport:
    """All the committee figures for the cases the reader may see; `services` are those whose cases the reader sees
    in full (`selectors.services_reported_to(user)`), for complaints per 1,000 contacts.

    The figures about complaint stages come from the stage totals (reporting/totals.py) when `columns` says the
    reader's cases as a service and whether restricted (`selectors.reported_columns`), otherwise from the stage
    facts (reporting/facts.py); the received-case breakdowns, the hotspots and the remedies offered and owed
    likewise from the case totals, otherwise from the cases."""
    stages = facts.stage_figures(cases, period, organisation, filters, columns=columns)
    # The same cases said by their service and whether restricted, where the reader's can be: asked of each case
    # without asking whether the reader is named on it, so the open complaints are counted from their own index.
    by_columns = cases if columns is None else Case.objects.filter(columns)
    received = _received_figures(cases, period, filters, columns)
    volumes = received.volumes
    return CommitteeReport(
        period=period,
        filters=filters,
        today=today,
        settings=settings,
        by_kind=volumes.by_kind,
        by_procedure=volumes.by_procedure,
        by_service=volumes.by_service,
        by_category=received.by_category,
        by_channel=volumes.by_channel,
        by_ward=volumes.by_ward,
        received=stages.received,
        escalation=queries.escalation_of(stages.received, stages.escalated),
        per_100k=queries.per_100k(stages.received[1], organisation.population),
        per_1000_homes=[
            queries.PerHomes(stage, stages.housing_received[stage], organisation.homes_count) for stage in (1, 2)
        ],
        per_1000_contacts=service_figures.complaints_per_1000_contacts(
            cases, period, services, filters, columns=columns
        ),
        satisfaction=service_figures.satisfaction(cases, period, filters),
        timeliness=stages.timeliness,
        average_days=stages.average_days,
        open_now=queries.open_and_overdue(by_columns, today, filters),
        outcomes=stages.outcomes,
        outcomes_by_service=stages.outcomes_by_service,
        remedies=(
            queries.remedies(cases, period, filters)
            if columns is None
            else totals.remedies_offered(columns, period, filters)
        ),
        ombudsman=queries.ombudsman_figures(cases, period, filters),
        ombudsman_compliance=queries.ombudsman_compliance(cases, period, filters),
        hotspots_by_ward=received.hotspots_by_ward,
        hotspots_by_category=received.hotspots_by_category,
        hotspots_by_service=received.hotspots_by_service,
        remedies_owed=(
            remedies.remedies_owed(cases, period, today, filters)
            if columns is None
            else totals.remedies_owed(columns, period, today, filters)
        ),
        late_complaints=late_complaints.late_complaints(cases, period, filters),
    )


def _received_figures(
    cases: QuerySet[Case], period: Period, filters: Filters, columns: Q | None
) -> totals.ReceivedFigures:
    """The received-case breakdowns and hotspots: a sum over the case totals when `columns` says the reader's cases
    (as for the stage figures), otherwise worked out from the cases."""
    if columns is not None:
        return totals.received_figures(columns, period, filters)
    by_ward, by_service = hotspots.hotspots_by_ward_and_service(cases, period, filters)
    return totals.ReceivedFigures(
        volumes=queries.volumes(cases, period, filters),
        by_category=queries.volumes_by_category(cases, period, filters),
        hotspots_by_ward=by_ward,
        hotspots_by_service=by_service,
        hotspots_by_category=hotspots.hotspots_by_category(cases, period, filters),
    )


def _percent(share: Share) -> CsvValue:
    return share.percent


def csv_rows(report: CommitteeReport) -> Iterator[tuple[str, str, str, CsvValue]]:
    """(section, measure, breakdown, value) rows: a long table any spreadsheet can pivot."""
    yield ("Period", "From", "", report.period.start.isoformat())
    yield ("Period", "To", "", report.period.end.isoformat())
    yield ("Scope", "Complaints of", "", report.scope)
    for section, rows in (
        ("Cases received", report.by_kind),
        ("Cases received by procedure", report.by_procedure),
        ("Cases received by channel", report.by_channel),
        ("Complaints received by service", report.by_service),
        ("Complaints received by category", report.by_category),
        ("Complaints received by ward", report.by_ward),
    ):
        for row in rows:
            yield (section, "Count", row.label, row.count)
    for stage, count in report.received.items():
        yield ("Complaints", "Received", f"Stage {stage}", count)
    yield (
        "Complaints",
        "Escalation rate (%)",
        "Stage 2 escalated from stage 1, of stage 1",
        _percent(report.escalation),
    )
    yield ("Complaints", "Per 100,000 residents", "Stage 1", report.per_100k)
    yield from _per_1000_rows(report)
    yield from _satisfaction_rows(report)
    for item in report.timeliness:
        label = f"Stage {item.stage}"
        yield ("Timeliness", "Acknowledged within timescale (%)", label, _percent(item.acknowledged))
        yield ("Timeliness", "Responded", label, item.responded.denominator)
        yield ("Timeliness", "Responded within timescale, including extensions (%)", label, _percent(item.responded))
        yield ("Timeliness", "Responded within the original timescale (%)", label, _percent(item.responded_original))
        yield ("Timeliness", "Extended beyond the procedure's own limit", label, item.beyond_local_limit)
    for stage, days in report.average_days.items():
        yield ("Timeliness", "Average working days to respond", f"Stage {stage}", days)
    for now in report.open_now:
        yield ("Open now", "Open", f"Stage {now.stage}", now.open_count)
        yield ("Open now", "Overdue", f"Stage {now.stage}", now.overdue_count)
    for outcome_row in report.outcomes:
        label = f"Stage {outcome_row.stage}"
        for value, name in Outcome.choices:
            yield ("Outcomes", str(name), label, outcome_row.counts[value])
        yield ("Outcomes", "Uphold rate (%)", label, _percent(outcome_row.uphold_rate))
    for outcome_row in report.outcomes_by_service:
        yield (
            "Uphold rate by service (%)",
            outcome_row.service,
            f"Stage {outcome_row.stage}",
            _percent(outcome_row.uphold_rate),
        )
    yield ("Remedies", "Count", "All", report.remedies.count)
    for row in report.remedies.by_type:
        yield ("Remedies", "Count", row.label, row.count)
    yield ("Remedies", "Total financial remedies (£)", "", report.remedies.total_compensation)
    yield from remedies.csv_rows(report.remedies_owed)
    yield from late_complaints.csv_rows(report.late_complaints)
    for figures in report.ombudsman:
        yield ("Ombudsman", "Referred", figures.label, figures.referred)
        yield ("Ombudsman", "Decided", figures.label, figures.decided)
        yield ("Ombudsman", "Investigated", figures.label, figures.investigated)
        yield ("Ombudsman", "Upheld or at fault", figures.label, figures.at_fault)
        yield ("Ombudsman", "Uphold rate (%)", figures.label, _percent(figures.uphold_rate))
    compliance = report.ombudsman_compliance
    yield ("Ombudsman remedies", "Due", "", compliance.due)
    yield ("Ombudsman remedies", "Done on time", "", compliance.on_time)
    yield ("Ombudsman remedies", "Done late", "", compliance.late)
    yield ("Ombudsman remedies", "Not yet done", "", compliance.outstanding)
    for heading, spots in report.hotspots:
        section = f"Hotspots by {heading.lower()}"
        for spot in spots.rows:
            yield (section, "This period", spot.label, spot.count)
            yield (section, f"Average of the previous {len(spot.previous)}", spot.label, spot.average)
            yield (section, "Unusual rise", spot.label, "Yes" if spot.is_unusual else "No")


NO_VOLUMES = "No contact volumes entered"


def _per_1000_rows(report: CommitteeReport) -> Iterator[tuple[str, str, str, CsvValue]]:
    for homes in report.per_1000_homes:
        yield ("Complaints", "Housing complaints per 1,000 homes (TSM CH01)", f"Stage {homes.stage}", homes.per_1000)
    section = "Complaints per 1,000 contacts"
    rates = report.per_1000_contacts
    for rate in [*rates.rows, rates.overall]:
        if not rate.has_volumes:
            yield (section, "Per 1,000 contacts", rate.label, NO_VOLUMES)
            continue
        yield (section, "Months with contact volumes", rate.label, rate.months_count)
        yield (section, "Contacts", rate.label, rate.contacts_count)
        yield (section, "Complaints in those months", rate.label, rate.complaints_count)
        yield (section, "Per 1,000 contacts", rate.label, rate.per_1000)


def _satisfaction_rows(report: CommitteeReport) -> Iterator[tuple[str, str, str, CsvValue]]:
    section = "Satisfaction survey"
    for row in [*report.satisfaction.rows, report.satisfaction.overall]:
        yield (section, "Responses", row.label, row.responses_count)
        yield (section, "Satisfied with the handling (%)", row.label, _percent(row.satisfied))
        yield (section, "Kept informed (%)", row.label, _percent(row.kept_informed))
