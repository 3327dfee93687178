"""A real `manage.py db_worker` killed with SIGKILL in the middle of sending: nothing lost, nothing sent twice but
the one message that was in flight, and that one again with the same Message-ID.

The worker is a separate process, so it cannot see pytest's in-memory test database: the test migrates its own
SQLite file in a temporary folder (on PostgreSQL runs too) and points every process it starts at that file.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from putright.notifications.tests.conftest import free_port
from tests.local_network import guarded_env

MESSAGES = 30
HOLD_AT = 12  # the server keeps this message (received, not yet answered "250 OK") while the worker is killed
QUEUE_SCRIPT = """
import os
from django.db import transaction
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.outbound.services import Destination, queue_message
with transaction.atomic():  # as a change would: rows first, then one send task per message after the commit
    for number in range(int(os.environ["QUEUE_COUNT"])):
        queue_message(
            case=None,
            template_name="logged",
            destination=Destination(MessageChannel.EMAIL, f"Customer {number}", f"customer{number}@example.org"),
            language=MessageLanguage.ENGLISH,
            context={**sample_context("logged"), "recipient_name": f"Customer {number}"},
        )
"""


class HoldingServer:
    """Collects every message; on the HOLD_AT-th it has the whole message but waits to answer until released."""

    def __init__(self) -> None:
        self.received: list[email.message.Message] = []
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(email.message_from_bytes(envelope.content))
        if len(self.received) == HOLD_AT:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
        return "250 OK"


def wait_for(condition: Any, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def run_manage(env: dict[str, str], *command: str, timeout: float = 300) -> str:
    """Run a management command in its own process; the bound is generous because migrating a new database from
    scratch takes a minute on a busy two-core machine."""
    result = subprocess.run(  # noqa: S603 - this interpreter and manage.py, with the test's own arguments
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def start_worker(env: dict[str, str], log: Path, *options: str) -> subprocess.Popen[bytes]:
    command = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05", *options]
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, with the test's own arguments
            [sys.executable, *command], cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def outbox(database: Path) -> dict[str, tuple[str, str, int]]:
    """Message-ID -> (recipient, status, attempts), read straight from the workers' database file."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT message_id, to_address, status, attempt_count FROM notifications_outboundmessage"
        ).fetchall()
    return {message_id: (to, status, attempts) for message_id, to, status, attempts in rows}


@pytest.fixture
def worker_env(tmp_path: Path) -> Any:
    """A migrated SQLite file, an SMTP server, and the environment that points processes at both."""
    handler = HoldingServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    database = tmp_path / "outbox.sqlite3"
    env = guarded_env(
        {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "putright.settings",
            "PUTRIGHT_TESTING": "1",
            "DEBUG": "0",
            "DATABASE_URL": f"sqlite:///{database}",
            "PUTRIGHT_VAR_DIR": str(tmp_path),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MESSAGE_PROVIDER": "smtp",
            "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(controller.port),
            "SMTP_USE_TLS": "0",
            "SMTP_TIMEOUT": "10",
            "LOG_LEVEL": "WARNING",
        }
    )
    run_manage(env, "migrate", "--no-input", "-v0")
    yield env, database, handler
    handler.release.set()
    controller.stop()


def test_a_worker_killed_mid_send_loses_nothing_and_repeats_only_the_message_in_flight(worker_env, tmp_path):
    env, database, server = worker_env
    run_manage({**env, "QUEUE_COUNT": str(MESSAGES)}, "shell", "-v0", "-c", QUEUE_SCRIPT)
    queued = outbox(database)
    assert len(queued) == MESSAGES
    assert {status for _, status, _ in queued.values()} == {"queued"}

    # Given a worker sending the queue, when it is killed while the mail server has one message but has not yet
    # said "250 OK" for it ...
    first = start_worker(env, tmp_path / "worker-1.log")
    try:
        wait_for(server.holding.is_set, f"the mail server to receive {HOLD_AT} messages")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    server.release.set()
    in_flight = server.received[HOLD_AT - 1]["Message-ID"]
    assert first.returncode == -signal.SIGKILL
    assert len(server.received) == HOLD_AT  # killed mid-queue: the rest are still to send
    assert outbox(database)[in_flight][1] == "sending"  # the dead worker's claim is still on it

    # ... then a new worker sends the rest, and the sweep (run by the scheduler every minute) resends the message
    # whose claim went stale, with the same Message-ID.
    second = start_worker(env, tmp_path / "worker-2.log", "--batch")
    assert second.wait(timeout=30) == 0, (tmp_path / "worker-2.log").read_text()
    sweep_env = {**env, "PUTRIGHT_STALE_CLAIM_SECONDS": "1"}
    wait_for(lambda: "sent 1." in run_manage(sweep_env, "send_due_messages"), "the sweep to resend the stale claim")

    sent = outbox(database)
    assert {status for _, status, _ in sent.values()} == {"sent"}
    assert sent[in_flight][2] == 2  # tried twice: once by the dead worker, once by the sweep
    # Every message arrived. Grouped by recipient (each message has its own), only the one in flight arrived
    # twice, and both copies carry the same Message-ID, so a mail client shows it once.
    copies: dict[str, list[str]] = defaultdict(list)
    for received in server.received:
        copies[received["To"]].append(received["Message-ID"])
    assert sorted(copies) == sorted(to for to, _, _ in sent.values())
    repeated = {to: ids for to, ids in copies.items() if len(ids) > 1}
    assert repeated == {sent[in_flight][0]: [in_flight, in_flight]}
    assert sorted(message_id for ids in copies.values() for message_id in set(ids)) == sorted(sent)
