"""The Redis task backend (TASKS_BACKEND=django_tasks_rq.RQBackend): two real `manage.py rqworker` processes share
one queue on Redis and send every queued message exactly once, even when each message's send task is queued twice
(as when the sweep and the original task race).

It needs Redis on 127.0.0.1:6379 and uses database 13 only (emptied before and after), so it cannot touch another
program's keys. Without Redis it is skipped, unless PUTRIGHT_REQUIRE_REDIS=1 (as in CI), where it fails.
The workers are separate processes, so the test migrates its own SQLite file as test_worker_killed.py does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from putright.notifications.tests.conftest import Collect, free_port
from putright.notifications.tests.test_worker_killed import outbox, run_manage, wait_for
from tests.local_network import guarded_env

REDIS_URL = "redis://127.0.0.1:6379/13"
MESSAGES = 25
QUEUE_TWICE_SCRIPT = """
import os
from django.db import transaction
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import Destination, queue_message
from putright.notifications.outbound.tasks import send_message
with transaction.atomic():  # as a change would: rows first, then one send task per message after the commit
    for number in range(int(os.environ["QUEUE_COUNT"])):
        queue_message(
            case=None,
            template_name="logged",
            destination=Destination(MessageChannel.EMAIL, f"Customer {number}", f"customer{number}@example.org"),
            language=MessageLanguage.ENGLISH,
            context={**sample_context("logged"), "recipient_name": f"Customer {number}"},
        )
for pk in OutboundMessage.objects.values_list("pk", flat=True):  # a second task for every message
    send_message.enqueue(pk)
"""


def redis_or_skip() -> Any:
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"Redis is not reachable at {REDIS_URL} ({error}); start redis-server to run this test"
        if os.environ.get("PUTRIGHT_REQUIRE_REDIS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return connection


@pytest.fixture
def redis_env(tmp_path: Path) -> Any:
    """An empty Redis database, a migrated SQLite file, an SMTP server, and the environment that joins them."""
    connection = redis_or_skip()
    connection.flushdb()
    handler = Collect()
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
            "TASKS_BACKEND": "django_tasks_rq.RQBackend",
            "REDIS_URL": REDIS_URL,
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
    yield env, database, handler, connection
    controller.stop()
    connection.flushdb()


def start_rq_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # The command the README gives for a Redis worker.
    command = ["manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, with the test's own arguments
            [sys.executable, *command], cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)  # RQ's warm shutdown: finish the job in hand, then exit
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_two_redis_workers_send_every_queued_message_once(redis_env, tmp_path):
    env, database, server, connection = redis_env
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    workers = [start_rq_worker(env, log) for log in logs]
    try:
        wait_for(lambda: all("Listening on default" in log.read_text() for log in logs), "both workers to listen")
        run_manage({**env, "QUEUE_COUNT": str(MESSAGES)}, "shell", "-v0", "-c", QUEUE_TWICE_SCRIPT)
        wait_for(
            lambda: {status for _, status, _ in outbox(database).values()} == {"sent"},
            "every message to be sent",
            timeout=120,
        )
        wait_for(lambda: connection.llen("rq:queue:default") == 0, "the queue to empty (the second copies too)")
        wait_for(lambda: sum(log.read_text().count("Job OK") for log in logs) == 2 * MESSAGES, "every job to end")
    finally:
        for worker in workers:
            stop(worker)

    sent = outbox(database)
    assert len(sent) == MESSAGES and {status for _, status, _ in sent.values()} == {"sent"}
    assert all(attempts == 1 for _, _, attempts in sent.values())
    # Every message arrived once: 2 tasks per message, 1 delivery per Message-ID, each to its own recipient.
    delivered = Counter(message["Message-ID"] for message in server.received)
    assert sorted(delivered) == sorted(sent) and set(delivered.values()) == {1}
    assert sorted(message["To"] for message in server.received) == sorted(to for to, _, _ in sent.values())
    # Both workers took their share of the queue.
    assert all("Job OK" in log.read_text() for log in logs), [log.read_text()[-2000:] for log in logs]
