"""A condition written into the SQL text (for partial indexes) finds the same rows, and never takes typed text."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.utils import timezone

from putright.core.conditions import as_written
from putright.core.models import ScheduledRun


@pytest.mark.django_db
def test_a_written_condition_finds_what_the_plain_one_finds():
    now = timezone.now()
    ScheduledRun.objects.create(job_name="staff_alerts", period_start=now, claimed_at=now)
    ScheduledRun.objects.create(job_name="staff_digest", period_start=now, claimed_at=now, attempt_count=2)
    condition = Q(job_name__in=["staff_alerts", "sweep"]) | Q(attempt_count=2)
    written = ScheduledRun.objects.filter(as_written(condition)).order_by("job_name")
    assert list(written.values_list("job_name", flat=True)) == ["staff_alerts", "staff_digest"]
    assert not ScheduledRun.objects.filter(as_written(Q(job_name="sweep"))).exists()


@pytest.mark.django_db
def test_text_that_could_change_the_query_is_refused():
    with pytest.raises(TypeError):
        ScheduledRun.objects.filter(as_written(Q(job_name="x' OR '1'='1"))).exists()
