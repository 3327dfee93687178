"""Run periodic jobs every minute; safe to start on several machines, as each job runs once per period."""

from __future__ import annotations

import os
import signal
import socket
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from putright.core.models import ScheduledRun
from putright.core.scheduler import run_due_jobs, run_job_now, seconds_to_next_minute


class Command(BaseCommand):
    help = "Run the periodic jobs (sending sweep, mail fetch, staff alerts and digest) once per period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the jobs due now, then exit (for cron).")
        parser.add_argument(
            "--job",
            metavar="NAME",
            help="Run this one job now, whatever the time, then exit (the scheduler still runs it at its usual time).",
        )
        parser.add_argument(
            "--worker-id", default=f"{socket.gethostname()}:{os.getpid()}", help="How runs record who claimed them."
        )

    def handle(
        self, *args: Any, once: bool = False, worker_id: str = "", job: str | None = None, **options: Any
    ) -> None:
        if job:
            try:
                report = run_job_now(job)
            except KeyError as error:
                raise CommandError(error.args[0]) from None
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} {report.job_name}: {report.status}: {report.outcome}")
            if report.status == ScheduledRun.Status.FAILED:
                raise CommandError(f"The job {report.job_name} failed: {report.outcome}")
            return
        stopping = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.set())
            self.stdout.write(f"Scheduler {worker_id} running; stop with Ctrl-C or SIGTERM.")
        while True:
            for report in run_due_jobs(worker=worker_id):
                line = f"{report.job_name}: {report.status}: {report.outcome}"
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} {line}")
            if once:
                break
            close_old_connections()  # a long-lived loop must not keep a connection the database has dropped
            if stopping.wait(seconds_to_next_minute(timezone.now())):
                break
