"""The stage facts: kept in step by the lifecycle, the same as rebuilt from the cases, and giving the same figures
as the queries over the cases (the known data set of conftest.py)."""

from __future__ import annotations

import contextlib
import importlib
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from putright.cases import lifecycle
from putright.cases.access import cases_visible_to
from putright.cases.choices import Outcome
from putright.cases.models import Case, Remedy, Stage
from putright.cases.outstanding import RemedyFigures
from putright.cases.services import complete_remedy, set_categories
from putright.core.errors import RuleError
from putright.core.periods import Period, financial_year, month_end, quarter
from putright.organisation.choices import Role
from putright.organisation.models import Category, Team, User
from putright.procedures.models import Procedure
from putright.reporting import facts, hotspots, queries, remedies, totals
from putright.reporting.annual import CodeEvidence, code_evidence
from putright.reporting.committee import committee_report
from putright.reporting.facts import (
    fact_key,
    facts_out_of_step,
    rebuild_case_facts,
    refresh_case_facts,
    refresh_facts_of,
    stage_figures,
)
from putright.reporting.models import CaseTotal, ContactVolume, ReportSettings, StageFact, StageTotal
from putright.reporting.queries import Filters
from putright.reporting.remedies import RemediesOwed
from putright.reporting.selectors import (
    cases_reported_to,
    report_settings_for,
    reported_columns,
    services_reported_to,
)
from putright.reporting.service_figures import ContactRates, complaints_per_1000_contacts
from putright.reporting.snapshots import remedies_today
from putright.reporting.tests.conftest import APOLOGY, LATER, Q3, acknowledge, at, log, money, respond
from putright.reporting.totals import (
    ReceivedFigures,
    compact_totals,
    received_figures,
    remedies_offered,
    totals_out_of_step,
)

pytestmark = pytest.mark.django_db


def _kept_facts() -> list[tuple[object, ...]]:
    """The facts kept, each as its values (lists such as the categories in order: a rebuild keeps them in the order
    the database joined them)."""
    return sorted(fact_key(fact) for fact in StageFact.objects.all())


PERIODS = [Q3, quarter(2025, 2), financial_year(2025), Period(date(2025, 10, 1), date(2025, 10, 31), "October")]


def test_the_lifecycle_kept_every_fact_as_a_rebuild_would_work_it_out(dataset):
    # A, B, C (two stages), D, E, F, G and the open H, I and J; and the compliment K, with no stages, its row 0
    assert StageFact.objects.count() == 12
    assert StageFact.objects.get(number=0).case == dataset.cases["K"]
    assert facts_out_of_step() == []


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label)
def test_the_facts_give_the_same_stage_figures_as_the_queries_over_the_cases(dataset, period):
    procedure = Procedure.objects.get(slug="joint-code")
    readers = [dataset.officer, dataset.statutory_manager]
    filters = [
        queries.NO_FILTERS,
        Filters(service=dataset.services["waste"]),
        Filters(service=dataset.services["adult_social_care"]),
        Filters(procedure=procedure),
    ]
    for reader in readers:
        cases = cases_visible_to(reader)
        for chosen in filters:
            figures = stage_figures(cases, period, dataset.organisation, chosen)
            assert figures.received == queries.stages_received(cases, period, chosen)
            assert figures.escalated == queries.stages_escalated(cases, period, chosen)
            assert figures.housing_received == queries.stages_received(
                queries.housing(queries.filtered(cases, chosen)), period
            )
            assert figures.timeliness == queries.timeliness(cases, period, chosen)
            assert figures.average_days == queries.average_working_days_to_respond(
                cases, period, dataset.organisation, chosen
            )
            assert figures.outcomes == queries.outcomes_by_stage(cases, period, chosen)
            assert figures.outcomes_by_service == queries.outcomes_by_service(cases, period, chosen)


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label)
def test_ward_and_service_hotspots_from_one_read_are_those_read_one_by_one(dataset, period):
    for reader in (dataset.officer, dataset.statutory_manager):
        cases = cases_visible_to(reader)
        for chosen in (queries.NO_FILTERS, Filters(service=dataset.services["housing"])):
            assert hotspots.hotspots_by_ward_and_service(cases, period, chosen) == (
                hotspots.hotspots_by_ward(cases, period, chosen),
                hotspots.hotspots_by_service(cases, period, chosen),
            )


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label)
def test_the_volumes_from_one_read_are_those_read_one_by_one(dataset, period):
    for reader in (dataset.officer, dataset.statutory_manager):
        cases = cases_visible_to(reader)
        for chosen in (queries.NO_FILTERS, Filters(service=dataset.services["waste"])):
            assert queries.volumes(cases, period, chosen) == queries.Volumes(
                by_kind=queries.volumes_by_kind(cases, period, chosen),
                by_channel=queries.volumes_by_channel(cases, period, chosen),
                by_procedure=queries.volumes_by_procedure(cases, period, chosen),
                by_service=queries.volumes_by_service(cases, period, chosen),
                by_ward=queries.volumes_by_ward(cases, period, chosen),
            )


def test_the_restricted_case_counts_only_for_those_who_may_see_it(dataset):
    officer = stage_figures(cases_visible_to(dataset.officer), Q3, dataset.organisation)
    manager = stage_figures(cases_visible_to(dataset.statutory_manager), Q3, dataset.organisation)
    assert manager.received[1] == officer.received[1] + 1  # G, adult social care


def _escalation_everywhere(dataset, period: Period) -> list[tuple[dict[int, int], queries.Share]]:
    """The stages received and the escalation rate of the committee report, from the stage totals and from the
    cases, and the escalation rate the query over the cases gives, for the complaints officer."""
    officer = dataset.officer
    reports = [
        committee_report(
            cases_reported_to(officer),
            period,
            organisation=dataset.organisation,
            settings=ReportSettings(organisation=dataset.organisation),
            today=LATER,
            services=services_reported_to(officer),
            columns=columns,
        )
        for columns in (reported_columns(officer), None)
    ]
    cases = cases_visible_to(officer)
    from_cases = (queries.stages_received(cases, period), queries.escalation_rate(cases, period))
    return [(report.received, report.escalation) for report in reports] + [from_cases]


def test_a_complaint_started_at_stage_2_was_not_escalated_and_one_escalated_from_stage_1_was(dataset):
    """A clearly complex complaint the SPSO model procedure lets start at stage 2 is a stage 2 complaint received,
    but was never escalated: the escalation rate leaves it out, from the totals and from the cases alike. One
    escalated from stage 1 counts, as C does."""
    housing = dataset.services["housing"]
    assert _escalation_everywhere(dataset, Q3) == [({1: 7, 2: 1}, queries.Share(1, 7))] * 3  # C

    complex_case = log(
        dataset.officer, received=at(2025, 11, 3), service=housing, procedure="spso", start_at_investigation=True
    )
    assert complex_case.current_stage.number == 2
    assert _escalation_everywhere(dataset, Q3) == [({1: 7, 2: 2}, queries.Share(1, 7))] * 3

    escalated = log(dataset.officer, received=at(2025, 11, 4), service=housing)
    escalated = respond(
        acknowledge(escalated, dataset.officer, date(2025, 11, 5)),
        dataset.officer,
        date(2025, 11, 6),
        Outcome.NOT_UPHELD,
    )
    handler = User.objects.get(username="helen_head")
    lifecycle.escalate(
        case=escalated, actor=dataset.officer, requested_on=date(2025, 11, 20), handler=handler, today=LATER
    )
    assert _escalation_everywhere(dataset, Q3) == [({1: 8, 2: 3}, queries.Share(2, 8))] * 3
    assert facts_out_of_step() == []
    assert totals_out_of_step() == []


def test_the_rebuild_command_puts_right_facts_that_went_out_of_step(dataset):
    StageFact.objects.filter(case=dataset.cases["A"]).update(outcome=Outcome.NOT_UPHELD)
    StageFact.objects.filter(case=dataset.cases["B"]).delete()
    with pytest.raises(CommandError, match="out of step for 2 cases"):
        call_command("rebuild_case_facts", "--check")
    call_command("rebuild_case_facts")
    call_command("rebuild_case_facts", "--check")
    assert facts_out_of_step() == []


@pytest.mark.parametrize("bulk", [False, True], ids=["in place", "bulk load"])
def test_a_rebuild_a_few_cases_at_a_time_puts_back_the_facts_and_totals_the_lifecycle_kept(dataset, monkeypatch, bulk):
    kept = _kept_facts()
    figures = _every_readers_figures(dataset)
    StageFact.objects.filter(case=dataset.cases["A"]).update(outcome=Outcome.NOT_UPHELD)
    StageTotal.objects.filter(measure=StageTotal.RECEIVED).first().delete()
    # Two cases a range: on PostgreSQL each range's totals are worked out while the next range's facts are inserted.
    monkeypatch.setattr(facts, "RANGE", 2)
    assert rebuild_case_facts(bulk=bulk) == len(kept)
    assert _kept_facts() == kept
    assert totals_out_of_step() == []
    assert _every_readers_figures(dataset) == figures


# --- any sequence of lifecycle actions leaves the facts as a rebuild would ------------------------------------------

ACTIONS = [
    "log",
    "log at stage 2",
    "acknowledge",
    "respond",
    "extend",
    "escalate",
    "withdraw",
    "close",
    "decline",
    "reopen",
    "categorise",
    "carry out",
]
OUTCOMES = [Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD, Outcome.RESOLVED_EARLY]
steps = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.integers(min_value=0, max_value=2),  # which case (few, so each goes far through its stages)
        st.integers(min_value=0, max_value=25),  # days after the previous step
        st.sampled_from(OUTCOMES),
    ),
    min_size=1,
    max_size=16,
)


def _act(action: str, case: Case, day: date, outcome: Outcome, officer: User, handler: User) -> None:
    if action == "acknowledge":
        acknowledge(case, officer, day)
    elif action == "respond":
        offered = [replace(money("25.00"), due_date=day + timedelta(days=14)), APOLOGY]
        respond(case, officer, day, outcome, offered if outcome == Outcome.UPHELD else [])
    elif action == "extend":
        stage = case.current_stage
        assert stage is not None
        lifecycle.extend(
            case=case,
            actor=officer,
            new_due_date=stage.response_due_date + timedelta(days=14),
            reason="Waiting for a report",
            agreed_with_customer=True,
            customer_agreed_on=day,
            good_reason="The contractor is away",
            today=LATER,
        )
    elif action == "escalate":
        lifecycle.escalate(case=case, actor=officer, requested_on=day, handler=handler, today=LATER)
    elif action == "withdraw":
        lifecycle.withdraw(case=case, actor=officer, note="Sorted out", today=day)
    elif action == "close":
        lifecycle.close(case=case, actor=officer, note="Done", outstanding_confirmed=True)
    elif action == "decline":
        lifecycle.decline(case=case, actor=officer, reason="Out of time", signposted_to_ombudsman=True)
    elif action == "carry out":  # the case's first remedy still owed, on the day
        remedy = Remedy.objects.filter(stage__case=case, completed_date__isnull=True).order_by("pk").first()
        if remedy is not None:
            complete_remedy(remedy=remedy, actor=officer, completed_on=day, evidence="Paid")
    elif action == "categorise":  # none, one or two of the data set's categories, by the outcome drawn
        chosen = list(Category.objects.order_by("pk"))[: OUTCOMES.index(outcome) % 3]
        set_categories(case=case, categories=chosen, actor=officer)
    elif action == "reopen":
        lifecycle.reopen(
            case=case, actor=officer, reason="New evidence", respond_by=day + timedelta(days=20), today=LATER
        )


@given(steps)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_sequence_of_lifecycle_actions_leaves_the_facts_as_a_rebuild_would(dataset, sequence):
    officer = dataset.officer
    handler = User.objects.get(username="helen_head")
    services = [dataset.services["housing"], dataset.services["waste"], dataset.services["adult_social_care"]]
    with transaction.atomic():
        cases: list[Case] = []
        day = date(2025, 10, 1)
        for action, which, days_later, outcome in sequence:
            day = min(day + timedelta(days=days_later), LATER)
            if action.startswith("log") or not cases:
                service = services[which % len(services)]
                procedure = "adult-social-care" if service.is_restricted else "joint-code"
                # A clearly complex complaint the SPSO model procedure lets start at stage 2: never escalated.
                complex_case = action == "log at stage 2"
                cases.append(
                    log(
                        officer,
                        received=at(day.year, day.month, day.day),
                        service=service,
                        procedure="spso" if complex_case else procedure,
                        start_at_investigation=complex_case,
                    )
                )
                continue
            case = Case.objects.get(pk=cases[which % len(cases)].pk)
            with contextlib.suppress(RuleError):  # refused, and nothing changed: the sequence goes on
                _act(action, case, day, outcome, officer, handler)
                event(f"{action} taken")  # --hypothesis-show-statistics: which actions the examples took
        assert facts_out_of_step() == []
        assert totals_out_of_step() == []  # the differences each change added up to the totals of a rebuild
        assert _every_readers_received(dataset) == _every_readers_received(dataset, from_cases=True)
        assert _every_readers_evidence(dataset) == _every_readers_evidence(dataset, from_cases=True)
        assert _every_readers_escalation(dataset) == _every_readers_escalation(dataset, from_cases=True)
        kept = _kept_facts()
        figures = _every_readers_figures(dataset)
        compact_totals()  # adding each day's rows up changes no figure
        assert totals_out_of_step() == []
        assert not StageTotal.objects.filter(compacted=False).exists()
        assert not CaseTotal.objects.filter(compacted=False).exists()
        assert _every_readers_figures(dataset) == figures
        assert _every_readers_received(dataset) == _every_readers_received(dataset, from_cases=True)
        assert _every_readers_evidence(dataset) == _every_readers_evidence(dataset, from_cases=True)
        rebuild_case_facts()  # the set-based rebuild (one INSERT ... SELECT) agrees with the lifecycle's rows
        assert _kept_facts() == kept
        assert totals_out_of_step() == []
        assert _every_readers_figures(dataset) == figures
        transaction.set_rollback(True)


def _every_readers_figures(dataset) -> list[object]:
    """The stage figures of the month after the data set's quarter, for each reader, from the totals."""
    period = Period(date(2025, 10, 1), LATER, "since October")
    return [
        stage_figures(cases_reported_to(reader), period, dataset.organisation, columns=reported_columns(reader))
        for reader in (dataset.officer, dataset.statutory_manager)
    ]


def _every_readers_escalation(dataset, *, from_cases: bool = False) -> list[tuple[object, ...]]:
    """The stages received, those escalated to and the escalation rate since October, from the stage totals (or the
    cases), for each reader."""
    period = Period(date(2025, 10, 1), LATER, "since October")
    found: list[tuple[object, ...]] = []
    for reader in (dataset.officer, dataset.statutory_manager):
        cases = cases_reported_to(reader)
        if from_cases:
            received, escalated = queries.stages_received(cases, period), queries.stages_escalated(cases, period)
            found.append((received, escalated, queries.escalation_rate(cases, period)))
            continue
        figures = stage_figures(
            cases, period, dataset.organisation, columns=reported_columns(reader), average_days=False
        )
        found.append((figures.received, figures.escalated, queries.escalation_of(figures.received, figures.escalated)))
    return found


def _every_readers_evidence(dataset, *, from_cases: bool = False) -> list[CodeEvidence]:
    """The annual report's Code evidence from the totals (or the cases) since October, to the day after today (a
    complaint is declined on the day the lifecycle declines it), for each reader."""
    period = Period(date(2025, 10, 1), timezone.localdate() + timedelta(days=1), "since October")
    settings = report_settings_for(dataset.organisation)
    return [
        code_evidence(
            cases_reported_to(reader),
            period,
            settings=settings,
            improvements=0,
            columns=None if from_cases else reported_columns(reader),
        )
        for reader in (dataset.officer, dataset.statutory_manager)
    ]


Dashboard = tuple[ReceivedFigures, queries.RemedySummary, RemedyFigures, RemediesOwed, ContactRates]


def _every_readers_received(dataset, *, from_cases: bool = False) -> list[Dashboard]:
    """The dashboard's figures from the case totals (or the cases) of October and of the month after the data set's
    quarter, for each reader."""
    periods = [Period(date(2025, 10, 1), LATER, "since October"), Period(date(2025, 10, 1), date(2025, 10, 31))]
    return [
        _received(reader, period, from_cases=from_cases)
        for reader in (dataset.officer, dataset.statutory_manager)
        for period in periods
    ]


def _received(
    reader: User, period: Period, chosen: Filters = queries.NO_FILTERS, *, from_cases: bool = False
) -> Dashboard:
    """The figures the dashboard shows `reader` that the case totals keep (the received-case breakdowns and
    hotspots, the remedies offered, and the remedies as they stand today), from the totals or from the cases."""
    cases = cases_reported_to(reader)
    if not from_cases:
        columns = reported_columns(reader)
        assert columns is not None
        return (
            received_figures(columns, period, chosen),
            remedies_offered(columns, period, chosen),
            remedies_today(cases, LATER, columns=columns),
            totals.remedies_owed(columns, period, LATER, chosen),
            complaints_per_1000_contacts(cases, period, services_reported_to(reader), chosen, columns=columns),
        )
    by_ward, by_service = hotspots.hotspots_by_ward_and_service(cases, period, chosen)
    received = ReceivedFigures(
        volumes=queries.volumes(cases, period, chosen),
        by_category=queries.volumes_by_category(cases, period, chosen),
        hotspots_by_ward=by_ward,
        hotspots_by_service=by_service,
        hotspots_by_category=hotspots.hotspots_by_category(cases, period, chosen),
    )
    return (
        received,
        queries.remedies(cases, period, chosen),
        remedies_today(cases, LATER),
        remedies.remedies_owed(cases, period, LATER, chosen),
        complaints_per_1000_contacts(cases, period, services_reported_to(reader), chosen),
    )


def test_an_upgraded_installation_gets_its_facts_when_it_migrates(dataset):
    """Cases that were there before stage facts existed get theirs when `migrate` finishes, so the first report
    after the upgrade is right; a database whose facts are already kept is left alone."""
    from putright.reporting.apps import _facts_for_existing_cases

    StageFact.objects.all().delete()
    _facts_for_existing_cases(using="default")

    assert StageFact.objects.exists()
    assert facts_out_of_step() == []


def test_an_upgrade_that_empties_the_stage_totals_gets_them_again_from_the_facts_when_it_migrates(dataset):
    """A migration that changes only what the stage totals hold empties them (reporting 0019); when `migrate`
    finishes they are worked out again from the facts kept, which are left as they are."""
    from putright.reporting.apps import _facts_for_existing_cases

    facts = _kept_facts()
    StageTotal.objects.all().delete()
    _facts_for_existing_cases(using="default")

    assert StageTotal.objects.filter(measure=StageTotal.SPANS).exists()
    assert totals_out_of_step() == []
    assert _kept_facts() == facts


def test_an_upgrade_to_escalated_stages_works_out_which_were_escalated_when_it_migrates(dataset):
    """Facts kept before reporting 0020 say no stage was escalated to: the migration empties every total, and when
    `migrate` finishes the facts and totals are worked out again, so C's stage 2 counts in the escalation rate."""
    from django.apps import apps

    from putright.reporting.apps import _facts_for_existing_cases

    escalated_stages = importlib.import_module("putright.reporting.migrations.0020_escalated_stages")
    StageFact.objects.update(is_escalated=False)  # as the facts stood before the field was added
    StageTotal.objects.update(escalated=0)
    escalated_stages.forget_totals(apps, None)
    _facts_for_existing_cases(using="default")

    assert StageFact.objects.get(case=dataset.cases["C"], number=2).is_escalated
    assert facts_out_of_step() == []
    assert totals_out_of_step() == []
    assert _escalation_everywhere(dataset, Q3) == [({1: 7, 2: 1}, queries.Share(1, 7))] * 3


def test_an_upgrade_that_empties_every_total_gets_the_facts_again_from_the_cases_when_it_migrates(dataset):
    """A migration that changes what the facts say empties the stage and the case totals (reporting 0018): when
    `migrate` finishes the facts kept are worked out again from the cases, and the totals from them."""
    from putright.reporting.apps import _facts_for_existing_cases

    StageFact.objects.filter(case=dataset.cases["A"]).delete()  # facts that no longer say what the cases do
    assert facts_out_of_step() != []
    StageTotal.objects.all().delete()
    CaseTotal.objects.all().delete()
    _facts_for_existing_cases(using="default")

    assert facts_out_of_step() == []
    assert totals_out_of_step() == []


# --- the stage totals give the same figures as the facts --------------------------------------------------------


def _readers(dataset) -> list[User]:
    social_care = Team.objects.create(name="Adult social care team", service_area=dataset.services["adult_social_care"])
    return [
        dataset.officer,  # every unrestricted case
        dataset.statutory_manager,  # every case
        User.objects.create_user(username="cllr_mrc", role=Role.MEMBER_RESPONSIBLE),  # unrestricted, counts only
        User.objects.create_user(username="sue_social", role=Role.INVESTIGATING_OFFICER, team=social_care),
    ]


@pytest.mark.parametrize("period", PERIODS, ids=lambda period: period.label)
def test_the_stage_totals_give_each_reader_the_same_figures_as_the_facts(dataset, period):
    procedure = Procedure.objects.get(slug="joint-code")
    filters = [
        queries.NO_FILTERS,
        Filters(service=dataset.services["waste"]),
        Filters(service=dataset.services["adult_social_care"]),
        Filters(procedure=procedure),
        Filters(directorate=dataset.services["housing"].directorate or "Nowhere"),
    ]
    assert totals_out_of_step() == []
    for reader in _readers(dataset):
        columns = reported_columns(reader)
        assert columns is not None
        cases = cases_reported_to(reader)
        for chosen in filters:
            from_totals = stage_figures(cases, period, dataset.organisation, chosen, columns=columns)
            assert from_totals == stage_figures(cases, period, dataset.organisation, chosen)


# Periods of whole months, and dates either side of them: read by month, by day, and both.
RANGES = [
    *PERIODS,
    Period(date(2025, 9, 15), date(2025, 11, 20), "15 September to 20 November"),
    Period(date(2025, 10, 2), date(2025, 10, 30), "2 to 30 October"),
    Period(date(2025, 11, 5), date(2025, 11, 5), "5 November"),
]


@pytest.mark.parametrize("period", RANGES, ids=lambda period: period.label)
def test_the_case_totals_give_each_reader_the_same_dashboard_figures_as_the_cases(dataset, period):
    """The received-case breakdowns, the hotspots, the remedies and the complaints per 1,000 contacts the dashboard
    shows, from the case totals, are those the queries over the cases give, for readers who see different cases,
    under each filter."""
    procedure = Procedure.objects.get(slug="joint-code")
    for service, month in (("housing", date(2025, 10, 1)), ("waste", date(2025, 12, 1)), ("housing", date(2025, 9, 1))):
        ContactVolume.objects.create(
            service_area=dataset.services[service],
            start_date=month,
            end_date=month_end(month),
            contacts_count=1000,
            entered_by=dataset.officer,
        )
    filters = [
        queries.NO_FILTERS,
        Filters(service=dataset.services["waste"]),
        Filters(service=dataset.services["adult_social_care"]),
        Filters(procedure=procedure),
        Filters(directorate=dataset.services["housing"].directorate or "Nowhere"),
    ]
    assert totals_out_of_step() == []
    for reader in _readers(dataset):
        for chosen in filters:
            from_totals = _received(reader, period, chosen)
            assert from_totals == _received(reader, period, chosen, from_cases=True)
    everyone, *_remedies, rates = _received(dataset.statutory_manager, period)
    if period == Q3:  # October's housing complaints and December's waste ones, by their services' volumes
        assert {rate.key: rate.complaints_count for rate in rates.rows if rate.has_volumes} == {
            dataset.services["housing"].slug: 4,
            dataset.services["waste"].slug: 1,
        }
    officers, *_others = _received(dataset.officer, period)
    assert sum(row.count for row in everyone.volumes.by_kind) > 0
    assert sum(row.count for row in everyone.volumes.by_kind) >= sum(row.count for row in officers.volumes.by_kind)


@pytest.mark.parametrize("period", [Q3, financial_year(2025)], ids=lambda period: period.label)
def test_every_committee_figure_is_the_same_from_the_totals_as_from_the_cases(dataset, period):
    """The whole committee report (what the dashboard shows) for each reader and filter: read from the totals, and
    the open complaints from their own index, it is the report worked out case by case."""
    filters = [
        queries.NO_FILTERS,
        Filters(service=dataset.services["adult_social_care"]),
        Filters(procedure=Procedure.objects.get(slug="joint-code")),
    ]
    # An open complaint in a restricted service: counted only for those who may see it.
    log(
        dataset.officer,
        received=at(2025, 12, 2),
        service=dataset.services["adult_social_care"],
        procedure="adult-social-care",
    )
    report_settings = ReportSettings(organisation=dataset.organisation)
    open_counts = []
    for reader in _readers(dataset):
        for chosen in filters:
            reports = [
                committee_report(
                    cases_reported_to(reader),
                    period,
                    organisation=dataset.organisation,
                    settings=report_settings,
                    today=date(2025, 12, 10),
                    services=services_reported_to(reader),
                    filters=chosen,
                    columns=columns,
                )
                for columns in (reported_columns(reader), None)
            ]
            assert reports[0] == reports[1]
            open_counts.append(sum(row.open_count for row in reports[0].open_now))
    assert open_counts[0] > 0  # the open complaints H, I and J
    assert open_counts[3] == open_counts[0] + 1  # and the restricted one, for the statutory complaints manager


def test_someone_named_on_a_restricted_case_of_another_service_has_their_figures_read_case_by_case(dataset):
    named = User.objects.create_user(username="nadia_manager", role=Role.MANAGER)
    assert reported_columns(named) is not None  # named on nothing restricted: the complaints team's view
    lifecycle_stage = dataset.cases["G"].stages.get(number=1)
    lifecycle_stage.handler = named
    lifecycle_stage.save(update_fields=["handler"])
    assert reported_columns(named) is None


def test_adding_the_totals_up_keeps_every_figure_and_leaves_one_row_a_key(dataset):
    before = [
        stage_figures(cases_reported_to(reader), period, dataset.organisation, columns=reported_columns(reader))
        for reader in (dataset.officer, dataset.statutory_manager)
        for period in PERIODS
    ]
    # D's stage 1 moved to September and back: its old key now has three rows (+1, -1, +1), the new one two.
    stage = Stage.objects.get(case=dataset.cases["D"], number=1)
    for received in (date(2025, 9, 1), stage.received_date):
        Stage.objects.filter(pk=stage.pk).update(received_date=received)
        refresh_case_facts(stage.case_id)
    received = [
        _received(reader, period) for reader in (dataset.officer, dataset.statutory_manager) for period in PERIODS
    ]
    rows = StageTotal.objects.count() + CaseTotal.objects.count()
    folded = compact_totals()
    assert folded >= 4
    assert StageTotal.objects.count() + CaseTotal.objects.count() == rows - folded
    assert not StageTotal.objects.filter(compacted=False).exists()
    assert not CaseTotal.objects.filter(compacted=False).exists()
    assert compact_totals() == 0  # nothing left to add up
    assert totals_out_of_step() == []
    after = [
        stage_figures(cases_reported_to(reader), period, dataset.organisation, columns=reported_columns(reader))
        for reader in (dataset.officer, dataset.statutory_manager)
        for period in PERIODS
    ]
    assert after == before
    assert [
        _received(reader, period) for reader in (dataset.officer, dataset.statutory_manager) for period in PERIODS
    ] == received


def test_the_check_names_totals_out_of_step(dataset):
    StageTotal.objects.filter(measure=StageTotal.RECEIVED).first().delete()
    assert totals_out_of_step() != []
    with pytest.raises(CommandError, match="stage totals are out of step"):
        call_command("rebuild_case_facts", "--check")
    call_command("rebuild_case_facts")
    assert totals_out_of_step() == []


def test_the_check_names_case_totals_out_of_step(dataset):
    CaseTotal.objects.filter(measure=CaseTotal.CATEGORY, by_month=True).first().delete()
    with pytest.raises(CommandError, match="The case totals are out of step"):
        call_command("rebuild_case_facts", "--check")
    call_command("rebuild_case_facts")
    call_command("rebuild_case_facts", "--check")
    assert totals_out_of_step() == []


def test_a_batch_written_in_bulk_brings_its_totals_in_step_with_its_facts(dataset):
    """An import writes its cases' stages in bulk and then their facts (`refresh_facts_of`): the totals follow."""
    moved = [dataset.cases["A"].pk, dataset.cases["D"].pk]
    Stage.objects.filter(case_id__in=moved, number=1).update(received_date=date(2025, 8, 4))
    refresh_facts_of(moved)
    assert facts_out_of_step() == []
    assert totals_out_of_step() == []
    before = stage_figures(cases_reported_to(dataset.officer), Q3, dataset.organisation)
    assert before == stage_figures(
        cases_reported_to(dataset.officer), Q3, dataset.organisation, columns=reported_columns(dataset.officer)
    )


pairs_of_dates = st.lists(
    st.tuples(
        st.sampled_from([1, 2]),
        st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 1, 31)),  # received (around Christmas)
        st.integers(min_value=-5, max_value=40),  # answered so many days later (a few before: a slip in the dates)
        st.booleans(),  # the calendar leaves Boxing Day out
        st.integers(min_value=1, max_value=3),
        st.sampled_from([Outcome.UPHELD, Outcome.NOT_UPHELD, Outcome.WITHDRAWN]),
    ),
    max_size=12,
)
closures = st.lists(st.dates(min_value=date(2025, 12, 20), max_value=date(2026, 1, 10)), max_size=4, unique=True)


periods = st.sampled_from(
    [
        Period(date(2025, 12, 1), date(2026, 3, 31), "December to March"),  # whole months: read by month
        Period(date(2025, 12, 10), date(2026, 2, 20), "10 December to 20 February"),  # and by day either side
        Period(date(2025, 12, 22), date(2026, 1, 6), "Christmas"),  # by day only
    ]
)


@given(pairs_of_dates, closures, st.sampled_from(["ENG", "SCT"]), periods)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_average_working_days_from_the_totals_are_those_of_the_pairs_of_dates(
    dataset, pairs, closed, nation, period
):
    """The totals keep each answer's weekdays and the holidays it ran over, not its dates: the averages are those
    of the pairs of dates on the organisation's calendar (its nation's bank holidays, its closure days)."""
    organisation = dataset.organisation
    with transaction.atomic():
        organisation.nation, organisation.exclude_closure_days = nation, bool(closed)
        organisation.save(update_fields=["nation", "exclude_closure_days"])
        for day in closed:
            organisation.closure_days.create(date=day, name="Office closed")
        facts = [
            StageFact(
                case_id=dataset.cases["A"].pk,
                number=number,
                is_complaint=True,
                received_date=received,
                responded_date=received + timedelta(days=later),
                outcome=outcome,
                excludes_boxing_day=boxing,
            )
            for number, received, later, boxing, n, outcome in pairs
            for _copy in range(n)
        ]
        StageTotal.objects.all().delete()
        totals.record_change([], facts)
        answered = [
            fact
            for fact in facts
            if fact.outcome != Outcome.WITHDRAWN and period.start <= fact.responded_date <= period.end
        ]
        from_totals = stage_figures(Case.objects.all(), period, organisation, columns=Q()).average_days
        assert from_totals == queries.average_working_days(
            [(fact.number, fact.received_date, fact.responded_date, fact.excludes_boxing_day, 1) for fact in answered],
            organisation,
        )
        transaction.set_rollback(True)
    organisation.refresh_from_db()
