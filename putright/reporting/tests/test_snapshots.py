"""Worked-out committee figures kept for a few minutes in the "reports" cache (reporting/snapshots.py), on the
known data set: a reader gets them at once, sees when they were worked out, and never gets figures made for someone
who sees other cases. These run on the test settings' cache (the database's); test_snapshots_redis.py runs the
same rules on a real Redis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from putright.cases.models import Remedy, Stage
from putright.env import REPORT_CACHE_TABLE
from putright.organisation.choices import Role
from putright.organisation.models import Organisation, User
from putright.reporting import snapshots
from putright.reporting.facts import refresh_case_facts
from putright.reporting.models import RecentReportRead
from putright.reporting.queries import NO_FILTERS
from putright.reporting.selectors import report_settings_for
from putright.reporting.services import record_contact_volume
from putright.reporting.tests.conftest import Q3 as QUARTER_3

pytestmark = pytest.mark.django_db

Q3 = {"year": "2025", "quarter": "3"}


def move_d_out_of_the_quarter(dataset) -> None:
    """D's stage 1 now starts in September: worked out afresh, quarter 3 has one stage 1 fewer. (Written straight
    to the stage, so its facts are brought in step as a change through the lifecycle would.)"""
    Stage.objects.filter(case=dataset.cases["D"], number=1).update(received_date=date(2025, 9, 1))
    refresh_case_facts(dataset.cases["D"].pk)


def stage_1_received(client) -> int:
    return client.get(reverse("reporting:dashboard"), Q3).context["report"].received[1]


def kept_figures(*kinds: str) -> list[snapshots._Kept]:
    """The figures a reader would be given from the cache now, for every view someone has read (of these kinds:
    the committee figures, the Code evidence, the dashboard's remedies today; every kind when none is named)."""
    reads = RecentReportRead.objects.filter(kind__in=kinds) if kinds else RecentReportRead.objects.all()
    found = (snapshots._read(read.kind, read.key)[1] for read in reads)
    return [kept for kept in found if kept is not None]


def figures_for(user: User, now) -> snapshots.Figures:
    organisation = Organisation.objects.get()
    return snapshots.committee_figures(
        user,
        QUARTER_3,
        NO_FILTERS,
        today=timezone.localdate(now),
        organisation=organisation,
        report_settings=report_settings_for(organisation),
        now=now,
    )


def test_the_dashboard_says_when_its_figures_were_worked_out_and_reuses_them(client, dataset, frozen_today):
    client.force_login(dataset.officer)
    response = client.get(reverse("reporting:dashboard"), Q3)
    assert response.context["report"].received[1] == 7
    [kept] = kept_figures(snapshots.COMMITTEE)
    worked_out = timezone.localtime(kept.computed_at)
    assert f"Figures as at {worked_out:%H:%M}" in response.content.decode()

    move_d_out_of_the_quarter(dataset)
    assert stage_1_received(client) == 7  # the figures worked out a moment ago
    with time_machine.travel(timezone.now() + timedelta(minutes=14), tick=False):
        assert stage_1_received(client) == 7  # still fresh after 14 minutes
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert stage_1_received(client) == 6  # older than 15 minutes: worked out again


def test_the_figures_are_kept_in_the_report_cache_table_not_with_the_rate_limits(client, dataset):
    client.force_login(dataset.officer)
    client.get(reverse("reporting:dashboard"), Q3)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {REPORT_CACHE_TABLE}")  # noqa: S608 - a constant table name
        # The committee figures, the remedies as they stand today, and the note of the latest change to a remedy.
        assert cursor.fetchone() == (3,)
    # The read is noted, without the figures.
    assert RecentReportRead.objects.get(kind=snapshots.COMMITTEE).read_by == dataset.officer


def test_the_pack_in_every_format_uses_the_same_figures(client, dataset):
    client.force_login(dataset.officer)
    client.get(reverse("reporting:dashboard"), Q3)
    move_d_out_of_the_quarter(dataset)
    rows = client.get(reverse("reporting:committee_csv"), Q3).content.decode()
    assert "Complaints,Received,Stage 1,7" in rows
    assert len(kept_figures(snapshots.COMMITTEE)) == 1


def test_a_reader_who_sees_fewer_cases_never_gets_figures_made_for_one_who_sees_more(client, dataset):
    client.force_login(dataset.statutory_manager)  # sees the restricted adult social care complaint G
    assert stage_1_received(client) == 8
    client.force_login(dataset.officer)
    assert stage_1_received(client) == 7
    assert len(kept_figures(snapshots.COMMITTEE)) == 2


def test_someone_named_on_a_restricted_case_has_figures_of_their_own(client, dataset):
    named = User.objects.create_user(username="nadia_manager", role=Role.MANAGER)
    other = User.objects.create_user(username="oscar_manager", role=Role.MANAGER)
    Stage.objects.filter(case__service_area__slug="adult-social-care", number=1).update(handler=named)
    client.force_login(other)
    assert stage_1_received(client) == 7
    client.force_login(named)
    assert stage_1_received(client) == 8  # G, which they handle, counts for them alone
    client.force_login(dataset.officer)  # the same view of the cases as `other`: their figures are reused
    assert stage_1_received(client) == 7
    assert len(kept_figures(snapshots.COMMITTEE)) == 2


def test_a_change_to_the_organisation_profile_shows_at_once(client, dataset):
    client.force_login(dataset.officer)
    assert client.get(reverse("reporting:dashboard"), Q3).context["report"].per_100k is None
    Organisation.objects.update(population=140_000)
    assert client.get(reverse("reporting:dashboard"), Q3).context["report"].per_100k == 5  # 7 per 140,000


def test_entering_contact_volumes_shows_in_the_figures_at_once(client, dataset, django_capture_on_commit_callbacks):
    client.force_login(dataset.officer)
    before = client.get(reverse("reporting:dashboard"), Q3).context["report"].per_1000_contacts.overall
    assert not before.has_volumes
    with django_capture_on_commit_callbacks(execute=False):  # as if a reader were part-way through meanwhile
        record_contact_volume(
            service_area=dataset.services["housing"],
            start_date=date(2025, 10, 1),
            end_date=date(2025, 10, 31),
            contacts_count=2_000,
            actor=dataset.officer,
        )
    after = client.get(reverse("reporting:dashboard"), Q3).context["report"].per_1000_contacts.overall
    assert after.contacts_count == 2_000
    assert len(kept_figures(snapshots.COMMITTEE)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        record_contact_volume(
            service_area=dataset.services["housing"],
            start_date=date(2025, 11, 1),
            end_date=date(2025, 11, 30),
            contacts_count=1_000,
            actor=dataset.officer,
        )
    assert kept_figures() == []  # and, once committed, the old figures are dropped


def test_forgetting_every_kept_figure_waits_for_the_commit(dataset, django_capture_on_commit_callbacks):
    now = timezone.now()
    assert figures_for(dataset.officer, now).report.received[1] == 7
    move_d_out_of_the_quarter(dataset)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.forget_all()
        assert figures_for(dataset.officer, now).report.received[1] == 7  # not committed yet: still kept
    assert figures_for(dataset.officer, now).report.received[1] == 6


def test_figures_kept_before_an_upgrade_that_works_the_totals_out_again_are_not_shown_after_it(
    client, dataset, django_capture_on_commit_callbacks
):
    """A migration that changes a rule the totals hold empties them (as reporting 0020 did for the escalation
    rate); when `migrate` finishes they are worked out again, and the figures kept from before, summed by the old
    rule, are dropped rather than shown for their remaining minutes."""
    from putright.reporting.apps import _facts_for_existing_cases
    from putright.reporting.models import CaseTotal, StageTotal

    client.force_login(dataset.officer)
    assert stage_1_received(client) == 7
    Stage.objects.filter(case=dataset.cases["D"], number=1).update(received_date=date(2025, 9, 1))  # no facts kept
    StageTotal.objects.all().delete()
    CaseTotal.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        _facts_for_existing_cases(using="default")

    assert kept_figures(snapshots.COMMITTEE) == []
    assert stage_1_received(client) == 6


def test_figures_that_cannot_be_read_back_are_worked_out_again(client, dataset):
    client.force_login(dataset.officer)
    client.get(reverse("reporting:dashboard"), Q3)
    move_d_out_of_the_quarter(dataset)
    key = RecentReportRead.objects.get(kind=snapshots.COMMITTEE).key
    caches["reports"].set(key, "not a report")
    assert stage_1_received(client) == 6
    caches["reports"].set(key, snapshots._Kept(None, timezone.now(), {"received": 7}))  # not committee figures
    assert stage_1_received(client) == 6


def test_figures_the_cache_cannot_unpickle_are_worked_out_again(client, dataset):
    client.force_login(dataset.officer)
    client.get(reverse("reporting:dashboard"), Q3)
    move_d_out_of_the_quarter(dataset)
    with connection.cursor() as cursor:  # as if written by older code: not something this code can read
        cursor.execute(f"UPDATE {REPORT_CACHE_TABLE} SET value = %s", ["bm90IGEgcGlja2xl"])  # noqa: S608
    assert stage_1_received(client) == 6


def test_the_worker_works_out_again_what_people_read_and_drops_the_rest(frozen_today, dataset):
    start = timezone.now()  # frozen: half an hour on is the same day (figures are kept for the day they were asked)
    figures_for(dataset.officer, start)
    figures_for(dataset.statutory_manager, start - timedelta(days=2))  # nobody has read this for two days
    move_d_out_of_the_quarter(dataset)

    refreshed, dropped = snapshots.refresh_read_snapshots(start + timedelta(minutes=10))
    assert (refreshed, dropped) == (1, 1)
    read = RecentReportRead.objects.get()
    assert read.read_by == dataset.officer
    assert read.last_read_at == start  # working it out again is not reading it
    again = figures_for(dataset.officer, start + timedelta(minutes=20))
    assert again.computed_at == start + timedelta(minutes=10) and again.report.received[1] == 6

    # Their view of the cases changes (now the statutory complaints manager): those figures are no longer theirs.
    User.objects.filter(pk=dataset.officer.pk).update(can_see_restricted=True)
    assert snapshots.refresh_read_snapshots(start + timedelta(minutes=30)) == (0, 1)
    assert not RecentReportRead.objects.exists()


def test_the_annual_report_keeps_its_figures_and_evidence_like_the_dashboard(client, dataset):
    client.force_login(dataset.officer)
    first = client.get(reverse("reporting:annual"), {"year": "2025"})
    assert first.context["figures"].received[1] == 8  # the quarter's 7 and F, in September
    assert RecentReportRead.objects.filter(kind="committee").count() == 1
    assert RecentReportRead.objects.filter(kind="code-evidence").count() == 1
    assert len(kept_figures()) == 2
    Stage.objects.filter(case=dataset.cases["D"], number=1).update(received_date=date(2025, 3, 3))  # 2024-25
    again = client.get(reverse("reporting:annual"), {"year": "2025"})
    assert again.context["figures"].received[1] == 8
    assert again.context["report"].evidence == first.context["report"].evidence
    assert "Figures count the cases the report's author may see, as at" in again.content.decode()
    # The whole year on the dashboard is the same figures: worked out once for both pages.
    assert client.get(reverse("reporting:dashboard"), {"year": "2025"}).context["report"].received[1] == 8
    assert len(kept_figures(snapshots.COMMITTEE, snapshots.CODE_EVIDENCE)) == 2


def test_the_worker_stops_starting_new_work_once_its_time_is_spent(dataset):
    start = timezone.now()
    figures_for(dataset.officer, start)
    figures_for(dataset.statutory_manager, start)
    later = start + timedelta(minutes=10)
    assert snapshots.refresh_read_snapshots(later, budget=timedelta(0)) == (0, 0)
    assert {kept.computed_at for kept in kept_figures()} == {start}
    assert snapshots.refresh_read_snapshots(later, budget=timedelta(minutes=1)) == (2, 0)
    assert {kept.computed_at for kept in kept_figures()} == {later}
    assert snapshots.refresh_read_snapshots(later + timedelta(minutes=1)) == (0, 0)  # fresh: nothing to do


def remedies_today(client, query=Q3):
    return client.get(reverse("reporting:dashboard"), query).context["remedies"]


def test_the_remedies_today_are_kept_with_the_other_figures_for_the_same_view_of_the_cases(
    client, dataset, frozen_today
):
    client.force_login(dataset.statutory_manager)  # sees the restricted adult social care complaint G
    everything = remedies_today(client)
    client.force_login(dataset.officer)
    theirs = remedies_today(client)
    assert theirs.outstanding_count < everything.outstanding_count  # G's remedies are not theirs to count

    outstanding = Remedy.objects.filter(completed_date__isnull=True)
    cases = set(outstanding.values_list("stage__case_id", flat=True))
    outstanding.update(completed_date=timezone.localdate())
    for case in cases:  # written straight to the remedies: their facts brought in step as the lifecycle would
        refresh_case_facts(case)
    assert remedies_today(client) == theirs  # as worked out a moment ago
    assert remedies_today(client, {"year": "2024"}) == theirs  # whatever the period: the same figures, kept once
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        again = remedies_today(client)  # older than 15 minutes: worked out again
    assert again.outstanding_count == 0
    assert again.done_count == theirs.done_count + theirs.outstanding_count


def test_a_second_view_of_the_dashboard_reads_the_kept_figures_and_little_else(client, dataset):
    """The kept view: the reader's view of the cases, the calendar and contact volumes once for both kinds of
    figures, one read of the cache and one note of the reads, besides the page's own (signing in, the filter form,
    the return reminders, the access log)."""
    client.force_login(dataset.officer)
    client.get(reverse("reporting:dashboard"), Q3)
    move_d_out_of_the_quarter(dataset)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reporting:dashboard"), Q3)
    assert response.context["report"].received[1] == 7  # the kept figures
    assert response.context["remedies"] == kept_figures(snapshots.REMEDIES_TODAY)[0].figures
    # Session and user 2, filter form 3, organisation and report settings 2, the reader's view of the cases 2, the
    # calendar and contact volumes 2, the cache 1, the note of both reads 1, return reminders 1, access log 1.
    assert len(queries) <= 15
    assert len([query for query in queries.captured_queries if "report_cache" in query["sql"]]) == 1
    assert len([query for query in queries.captured_queries if "recentreportread" in query["sql"]]) == 1
    assert RecentReportRead.objects.filter(read_by=dataset.officer).count() == 2
