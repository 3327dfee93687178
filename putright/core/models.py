"""Core's one table: the scheduler's record of each periodic job's run (`core/scheduler.py`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One run of a periodic job for one period (a minute, a day), claimed by whichever scheduler inserts it first.

    The unique (job, period) pair is the lock: a second scheduler's INSERT fails, so the job runs once per period
    however many schedulers are running. A run that failed, or whose scheduler died, may be claimed again.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    job_name = models.CharField(_("job"), max_length=60)
    period_start = models.DateTimeField(_("period starts"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=1)
    claimed_by = models.CharField(_("scheduler"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-period_start", "job_name"]
        verbose_name = _("scheduled run")
        constraints = [
            models.UniqueConstraint(fields=["job_name", "period_start"], name="core_scheduled_run_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.job_name} {self.period_start:%Y-%m-%d %H:%M} ({self.status})"
