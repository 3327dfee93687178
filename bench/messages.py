"""Time the outbox: queued emails sent by one real `manage.py db_worker` to a local SMTP server, and letter PDFs.

Usage (also run at the end of `make bench`):

    .venv/bin/python bench/messages.py [--messages 1000] [--letters 20] [--database-url URL]

Without --database-url a new SQLite file under var/bench/messages/ is migrated for every run. A database given with
--database-url is migrated and gains the bench's messages; use an empty one, as the worker also sends (for real,
to the local SMTP server) whatever else is queued in it.

1. Records the messages as the application does, each in its own transaction, in two ways: "together", as a job
   such as the daily alerts does (`sending_together`: one task sends them all), and "one task each", as complaints
   logged one after another do. For each, starts `db_worker --batch` and times it from the first email the SMTP
   server (aiosmtpd, in this process) receives to the last. Each message is checked: received once, with its own
   Message-ID, marked sent. For the "together" run it also gives one worker's ceiling: messages per second of the
   worker's own CPU, which a machine shared with other work skews less than the wall-clock rate.
   Then times building one email alone as the worker does (Django's own builder, `transports.WholeLinesEmail`, with
   the header checks), the CPU that the 200 messages a second target depends on most.
2. Renders a stage-response letter to PDF with `transports.render_letter`, the code the worker runs.

Prints figures beside their targets; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_DIR = ROOT / "var" / "bench" / "messages"
TARGET_PER_SECOND = 200
TARGET_LETTER_MS = 300
MESSAGE_ID = re.compile(rb"^Message-ID: *(<[^>]+>)", re.IGNORECASE | re.MULTILINE)

QUEUE_SCRIPT = """
import os
from contextlib import nullcontext
from django.db import transaction
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.services import Destination, queue_message, sending_together
context = sample_context("logged")
together = os.environ["BENCH_TOGETHER"] == "1"
print(OutboundMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)  # this run's come after
with sending_together() if together else nullcontext():
    for number in range(int(os.environ["BENCH_MESSAGES"])):
        with transaction.atomic():  # as each complaint logged would: a transaction, a row, a task after commit
            queue_message(
                case=None,
                template_name="logged",
                destination=Destination(MessageChannel.EMAIL, f"Customer {number}", f"customer{number}@example.org"),
                language=MessageLanguage.ENGLISH,
                context={**context, "recipient_name": f"Customer {number}"},
            )
"""

OUTBOX_SCRIPT = """
import json, os
from django.db.models import Count
from putright.notifications.models import OutboundMessage
run = OutboundMessage.objects.filter(pk__gt=int(os.environ["BENCH_AFTER"]))
print(json.dumps({
    "message_ids": list(run.values_list("message_id", flat=True)),
    "statuses": dict(run.values_list("status").annotate(n=Count("id")).order_by()),
}))
"""

LETTER_SCRIPT = """
import json, os, statistics, time
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.rendering import render_message
from putright.notifications.outbound.transports import render_letter
address = "Ann Jones\\n4 Elm Row\\nThornbury\\nTV1 4AB"
parts = render_message("stage_response", MessageLanguage.ENGLISH, MessageChannel.LETTER,
                       sample_context("stage_response"), address=address)
times = []
for run in range(int(os.environ["BENCH_LETTERS"]) + 1):
    letter = OutboundMessage(template_name="stage_response", channel=MessageChannel.LETTER, to_address=address,
                             subject=parts.subject, body_text=parts.body_text, body_html=parts.body_html)
    started = time.perf_counter()
    render_letter(letter)
    if run:  # the first loads WeasyPrint, Pango and the fonts
        times.append((time.perf_counter() - started) * 1000)
    size = letter.document.size
print(json.dumps({"times": times, "bytes": size}))
"""


BUILD_SCRIPT = """
import email.policy, json, os, time
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.outbound.rendering import render_message
from putright.notifications.outbound.transports import WholeLinesEmail, check_headers
parts = render_message("logged", MessageLanguage.ENGLISH, MessageChannel.EMAIL, sample_context("logged"))
def build():  # as `transports.email_for` and the SMTP backend do, without the addresses read from the database
    outgoing = WholeLinesEmail(subject=parts.subject, body=parts.body_text, from_email="complaints@council.example",
                               to=["Ann Jones <ann@example.org>"], reply_to=["complaints@council.example"],
                               headers={"Message-ID": "<1@council.example>"})
    outgoing.attach_alternative(parts.body_html, "text/html")
    check_headers(outgoing)
    return outgoing.message(policy=email.policy.SMTP).as_bytes()
build()
count = int(os.environ["BENCH_BUILDS"])
started = time.process_time()  # CPU time: what building costs, however busy the machine is
for _ in range(count):
    build()
print(json.dumps({"django": (time.process_time() - started) * 1000 / count}))
"""


class Receiver:
    """An aiosmtpd handler that notes when each message arrived and its Message-ID (nothing else is parsed)."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        match = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.arrivals.append((time.perf_counter(), match.group(1).decode() if match else ""))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
    )
    return result.stdout


def environment(database_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "putright.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUTRIGHT_VAR_DIR": str(BENCH_DIR),
        "PUTRIGHT_TESTING": "0",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MESSAGE_PROVIDER": "smtp",
        "MAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_USE_TLS": "0",
        "SMTP_TIMEOUT": "10",
    }


def fresh_sqlite() -> str:
    path = BENCH_DIR / "messages.sqlite3"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def time_sending(env: dict[str, str], receiver: Receiver, count: int, *, together: bool) -> dict[str, Any]:
    receiver.arrivals.clear()
    started = time.perf_counter()
    queue_env = {**env, "BENCH_MESSAGES": str(count), "BENCH_TOGETHER": "1" if together else "0"}
    after = manage(queue_env, "shell", "-v0", "-c", QUEUE_SCRIPT).strip()
    recorded_seconds = time.perf_counter() - started

    started, cpu_before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    options = ["--batch", "--no-reload", "--no-startup-delay", "--interval", "0"]
    worker = subprocess.run(
        [str(PYTHON), "manage.py", "db_worker", *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # two log lines per task; the figures are printed below
        check=False,
    )
    finished, cpu_after = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    outbox = json.loads(manage({**env, "BENCH_AFTER": after}, "shell", "-v0", "-c", OUTBOX_SCRIPT))
    arrivals = list(receiver.arrivals)
    received = Counter(message_id for _, message_id in arrivals)
    sending_seconds = arrivals[-1][0] - arrivals[0][0] if len(arrivals) > 1 else float("nan")
    return {
        "how": "together, one task" if together else "one task each",
        "count": count,
        "recorded_seconds": recorded_seconds,
        "worker_status": worker.returncode,
        "worker_seconds": finished - started,
        "worker_cpu_seconds": worker_cpu,
        "sending_seconds": sending_seconds,
        "per_second": (len(arrivals) - 1) / sending_seconds if len(arrivals) > 1 else 0.0,
        "received": len(arrivals),
        "lost": len(set(outbox["message_ids"]) - set(received)),
        "twice": sum(1 for n in received.values() if n > 1),
        "strangers": len(set(received) - set(outbox["message_ids"])),
        "statuses": outbox["statuses"],
    }


def time_letters(env: dict[str, str], count: int) -> dict[str, Any]:
    result = json.loads(manage({**env, "BENCH_LETTERS": str(count)}, "shell", "-v0", "-c", LETTER_SCRIPT))
    times = sorted(result["times"])
    return {
        "count": len(times),
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "bytes": result["bytes"],
    }


def time_building(env: dict[str, str], count: int) -> dict[str, float]:
    """CPU milliseconds to build one outbox email (text, HTML, five headers) and serialise it, as the worker does."""
    return dict(json.loads(manage({**env, "BENCH_BUILDS": str(count)}, "shell", "-v0", "-c", BUILD_SCRIPT)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--letters", type=int, default=20)
    parser.add_argument("--database-url", default="", help="An empty, migrated database (default: a new SQLite).")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or fresh_sqlite()
    receiver = Receiver()
    controller = Controller(receiver, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = environment(database_url, controller.port)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "createcachetable")
        runs = [
            time_sending(env, receiver, args.messages, together=True),
            time_sending(env, receiver, args.messages, together=False),
        ]
    finally:
        controller.stop()
    building = time_building(env, args.messages)
    letters = time_letters(env, args.letters)
    report(database_url, runs, building, letters)
    return 0


def report(database_url: str, runs: list[dict[str, Any]], building: dict[str, float], letters: dict[str, Any]) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nMessages: emails sent by one db_worker to a local SMTP server, {database_url} (load average {load})")
    for sending in runs:
        rate_verdict = "ok" if sending["per_second"] >= TARGET_PER_SECOND else "under"
        recorded = f"{sending['recorded_seconds']:.1f} s"
        print(f"  {sending['count']:,} recorded {sending['how']} (render, row, task): {recorded}")
        print(
            f"    sent: {sending['received']:,} received in {sending['sending_seconds']:.2f} s from first to last = "
            f"{sending['per_second']:.0f} messages/s (target >= {TARGET_PER_SECOND}/s)  {rate_verdict}"
        )
        print(
            f"    worker start-up to exit: {sending['worker_seconds']:.1f} s, of which CPU "
            f"{sending['worker_cpu_seconds']:.1f} s (exit status {sending['worker_status']}); "
            f"lost: {sending['lost']}, received twice: {sending['twice']}, unknown: {sending['strangers']}, "
            f"outbox: {sending['statuses']}"
        )
    # What one worker could send with a core to itself: messages per second of the worker's own CPU (start-up
    # included), which a machine shared with other work does not skew the way it skews the wall-clock rate.
    together = next(run for run in runs if run["how"].startswith("together"))
    ceiling = together["count"] / together["worker_cpu_seconds"] if together["worker_cpu_seconds"] else 0.0
    ceiling_verdict = "ok" if ceiling >= TARGET_PER_SECOND else "under"
    print(
        f"  one worker's ceiling (messages per CPU second, together): {ceiling:.0f}/s "
        f"(target >= {TARGET_PER_SECOND}/s)  {ceiling_verdict}"
    )
    print(f"  building one email alone (CPU, Django's builder with the header checks): {building['django']:.2f} ms")
    letter_verdict = "ok" if letters["p50"] <= TARGET_LETTER_MS else "over"
    print(
        f"Letter PDF (stage response, render_letter): n={letters['count']} p50 {letters['p50']:.0f} ms, "
        f"p95 {letters['p95']:.0f} ms, {letters['bytes'] / 1024:.0f} KB (target p50 <= {TARGET_LETTER_MS} ms)  "
        f"{letter_verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())
