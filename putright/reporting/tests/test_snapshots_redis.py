"""Kept report figures on a real Redis (CACHE_URL=redis://…), as several web workers on several machines share them:
two readers who see the same cases share figures, one who sees more does not, figures go stale after
PUTRIGHT_REPORT_SNAPSHOT_MINUTES, forgetting them all works without clearing the Redis database, and the scheduler
works out again what was read.

It needs Redis on 127.0.0.1:6379. Its keys start with a prefix of this run's own, in database 12, and only those
are deleted afterwards, so it cannot touch another program's keys. Without Redis it is skipped, unless
PUTRIGHT_REQUIRE_REDIS=1 (as in CI), where it fails. The last test, the reports with Redis down, needs no Redis.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from putright.organisation.choices import Role
from putright.organisation.models import User
from putright.reporting import snapshots
from putright.reporting.models import RecentReportRead
from putright.reporting.tests.test_snapshots import figures_for, move_d_out_of_the_quarter, stage_1_received

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/12"


@pytest.fixture
def redis_reports_cache() -> Iterator[Any]:
    """The "reports" cache on Redis, under a key prefix of its own; the Redis connection to look at it with."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"Redis is not reachable at {REDIS_URL} ({error}); start redis-server to run this test"
        if os.environ.get("PUTRIGHT_REQUIRE_REDIS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    prefix = f"putright-test-{uuid.uuid4().hex}"
    reports = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    try:
        with override_settings(CACHES={**settings.CACHES, "reports": reports}):
            yield connection, prefix
    finally:
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)


def keys_in_redis(connection: Any, prefix: str) -> int:
    return sum(1 for _ in connection.scan_iter(f"{prefix}:*"))


def test_figures_kept_in_redis_are_shared_only_by_readers_who_see_the_same_cases(
    client, dataset, frozen_today, redis_reports_cache
):
    connection, prefix = redis_reports_cache
    other = User.objects.create_user(username="oscar_manager", role=Role.MANAGER)  # sees what the officer sees
    client.force_login(dataset.officer)
    assert stage_1_received(client) == 7
    client.force_login(dataset.statutory_manager)  # also sees the restricted complaint G
    assert stage_1_received(client) == 8
    # For each view of the cases: the committee figures and the remedies as they stand today.
    assert keys_in_redis(connection, prefix) == 4
    # Redis drops them itself once they are stale.
    assert all(0 < connection.ttl(key) <= 15 * 60 for key in connection.scan_iter(f"{prefix}:*"))

    move_d_out_of_the_quarter(dataset)
    client.force_login(other)
    assert stage_1_received(client) == 7  # the officer's figures
    client.force_login(dataset.statutory_manager)
    assert stage_1_received(client) == 8  # their own
    assert keys_in_redis(connection, prefix) == 4

    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        client.force_login(other)
        assert stage_1_received(client) == 6  # older than 15 minutes: worked out again


def test_forgetting_every_figure_kept_in_redis_leaves_other_keys_alone(
    dataset, redis_reports_cache, django_capture_on_commit_callbacks
):
    connection, prefix = redis_reports_cache
    connection.set(f"{prefix}-not-ours", "kept")
    now = timezone.now()
    assert figures_for(dataset.officer, now).report.received[1] == 7
    move_d_out_of_the_quarter(dataset)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.forget_all()
    assert figures_for(dataset.officer, now).report.received[1] == 6
    assert connection.get(f"{prefix}-not-ours") == b"kept"
    connection.delete(f"{prefix}-not-ours")


def test_the_worker_works_out_again_the_figures_read_from_redis(frozen_today, dataset, redis_reports_cache):
    start = timezone.now()  # frozen: twenty minutes on is the same day
    figures_for(dataset.officer, start)
    figures_for(dataset.statutory_manager, start - timedelta(days=2))  # nobody has read this for two days
    move_d_out_of_the_quarter(dataset)
    assert snapshots.refresh_read_snapshots(start + timedelta(minutes=10)) == (1, 1)
    assert RecentReportRead.objects.get().read_by == dataset.officer
    again = figures_for(dataset.officer, start + timedelta(minutes=20))
    assert again.computed_at == start + timedelta(minutes=10) and again.report.received[1] == 6


def test_the_reports_open_while_redis_is_down(client, dataset):
    nowhere = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={**settings.CACHES, "reports": nowhere}):
        client.force_login(dataset.officer)
        assert stage_1_received(client) == 7
        move_d_out_of_the_quarter(dataset)
        assert stage_1_received(client) == 6  # nothing kept: worked out for each reader meanwhile
