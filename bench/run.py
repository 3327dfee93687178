"""`make bench`: load the demo data, serve it with gunicorn, and time the pages staff use most.

Then, unless told not to, the report pages (bench/reporting.py), the suggested service and category's accuracy
on held-back cases (bench/suggestions.py), the outbox (bench/messages.py: emails sent by a
real worker, letter PDFs) and an import from an old system (bench/imports.py: 100,000 rows), each of which also
runs on its own.

Prints figures next to their targets; it asserts nothing. One client makes the requests one after another, so
the times are the server's own (no queueing). Usage:

    .venv/bin/python bench/run.py [--cases 100000] [--database-url URL] [--requests 50]
    .venv/bin/python bench/run.py --million   # 1,000,000 cases on PostgreSQL (BENCH_DATABASE_URL or a local one)
    .venv/bin/python bench/run.py --load [--load-users 50] [--load-seconds 180] [--load-workers 4]

--load adds a load test with locust (bench/locustfile.py): that many concurrent staff and public users for that
long against gunicorn with that many workers, printing throughput, p50/p95 per page and errors.

Without --database-url a SQLite file under var/bench/ is used, and reused on the next run if it was seeded with
the same number of cases (a marker file records that).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import machine  # bench/machine.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
BENCH_DIR = ROOT / "var" / "bench"
PASSWORD = "putright-demo"  # noqa: S105 - the published demo password (putright/demo/text.py)
SEARCH_WORDS = (
    "mould",
    "boiler",
    "collection",
    "recycling",
    "parking",
    "council tax",
    "noise",
    "carers",
    "summons",
    "fly-tipping",
    "leak",
    "stairlift",
)
TARGETS_MS = {"queue": 20, "case": 15, "log": 15, "search": 50, "public_submit": 15, "account": 20}
# Seeding: 100,000 cases on SQLite in under a minute; 1,000,000 on PostgreSQL in under five.
SEED_TARGET_SECONDS_PER_CASE = {"sqlite": 60 / 100_000, "postgresql": 300 / 1_000_000}
MILLION_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/putright_bench_million"
# The queue filters timed one by one (each with the open status unless it names another).
QUEUE_FILTERS = (
    "status=any",
    "status=closed",
    "due=overdue",
    "due=due_soon",
    "due=waiting",
    "service=housing-repairs",
    "procedure=joint-code",
    "stage=2",
)
# The public complaint form's pages and answers, in order (putright/portal/journeys.py COMPLAINT).
COMPLAINT_ANSWERS: tuple[tuple[str, dict[str, str]], ...] = (
    ("who", {"for_whom": "myself"}),
    ("service", {"service": "repairs"}),
    ("what-happened", {"what_happened": "The kitchen ceiling has leaked since October and nobody has come."}),
    ("when", {"happened_on_0": "3", "happened_on_1": "10", "happened_on_2": "2025"}),
    ("where", {"where_address": "4 Elm Row, Thornbury", "where_postcode": "TV1 4AB"}),
    ("evidence", {}),
    ("put-right", {"put_right": "Fix the roof and repaint the ceiling."}),
    ("name", {"full_name": "Ann Marie Jones"}),
    ("contact", {"contact_method": "email", "email": "bench@example.org", "phone": "", "address": "", "postcode": ""}),
    ("help", {"help_needed": ""}),
)
HONEYPOT = "website"  # putright/portal/views/public.py: left empty, as a person would
WORKER_MEMORY_TARGET_MB = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--million",
        action="store_true",
        help="1,000,000 cases on PostgreSQL: BENCH_DATABASE_URL, or a database putright_bench_million on 127.0.0.1.",
    )
    parser.add_argument("--requests", type=int, default=50, help="Requests per measurement (default 50).")
    parser.add_argument("--skip-reports", action="store_true", help="Do not time the report pages.")
    parser.add_argument(
        "--skip-messages", action="store_true", help="Do not time sending emails and rendering letters."
    )
    parser.add_argument("--load", action="store_true", help="Also run the load test with locust.")
    parser.add_argument("--load-users", type=int, default=50, help="Concurrent users (default 50; 3 staff : 1 public).")
    parser.add_argument("--load-seconds", type=int, default=180, help="How long the load lasts (default 180).")
    parser.add_argument("--load-workers", type=int, default=4, help="gunicorn workers for the load (default 4).")
    parser.add_argument("--skip-imports", action="store_true", help="Do not time importing 100,000 old cases.")
    args = parser.parse_args()
    if args.million:
        args.cases = 1_000_000
        args.database_url = args.database_url or os.environ.get("BENCH_DATABASE_URL", MILLION_DATABASE_URL)

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{BENCH_DIR / f'bench-{args.cases}.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "putright.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUTRIGHT_VAR_DIR": str(BENCH_DIR),
        "PUTRIGHT_TESTING": "0",
        "LOG_LEVEL": "WARNING",
        # One client sends every complaint from 127.0.0.1: lift the per-address limit on public submissions.
        "PUTRIGHT_SUBMISSIONS_PER_HOUR": "1000000",
    }
    seed_seconds = prepare_database(env, database_url, args.cases)
    manage(env, "collectstatic", "--noinput", "-v0")
    facts = json.loads(manage(env, "shell", "-v0", "-c", FACTS_SCRIPT))

    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "putright.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port, server)
        results = measure(port, facts, args.requests)
        memory = worker_peak_rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    report(args.cases, database_url, seed_seconds, results, memory)
    if args.load:
        load_test(env, facts, args.load_users, args.load_seconds, args.load_workers)
    if not args.skip_reports:
        print("\nReports (in-process, Django test client):", flush=True)
        subprocess.run(
            [str(PYTHON), "bench/reporting.py", "--database-url", database_url, "--user", "manager"],
            cwd=ROOT,
            env=env,
            check=False,
        )
    if not args.skip_reports:
        print("\nSuggested service and category (accuracy on held-back past cases):", flush=True)
        subprocess.run(
            [str(PYTHON), "bench/suggestions.py", "--database-url", database_url], cwd=ROOT, env=env, check=False
        )
    if not args.skip_messages:
        # Its own new database: the worker sends everything queued, which in the demo data is not the bench's.
        subprocess.run([str(PYTHON), "bench/messages.py"], cwd=ROOT, env=os.environ.copy(), check=False)
    if not args.skip_imports:
        # Its own new database too: the import needs only the services its example mapping names.
        subprocess.run([str(PYTHON), "bench/imports.py"], cwd=ROOT, env=os.environ.copy(), check=False)
    return 0


# --- the database ------------------------------------------------------------------------------------------

FACTS_SCRIPT = """
import json, random, re
from django.db.models import Count
from django.db.models.functions import Lower
from putright.cases.access import cases_visible_to
from putright.cases.models import Case
from putright.notifications.models import OutboundMessage
from putright.organisation.models import ServiceArea, User
from putright.portal.services import signin
from putright.procedures.models import Procedure
# Cases the leader may open: a restricted (social care) case would rightly be a 404 for them.
references = list(cases_visible_to(User.objects.get(username="leader")).values_list("reference", flat=True))
# A demo customer with several cases (at least 3; the most there are), and a sign-in link for them issued the
# portal's own way: ask_for_link stores only the token's hash, so the token is read back from the queued email.
customer = (
    Case.objects.filter(customer__anonymised_at__isnull=True)
    .exclude(customer__email="")
    .exclude(customer__email__istartswith="bench")  # not the people this bench's own complaints create
    .annotate(address=Lower("customer__email"))
    .values("address")
    .annotate(count=Count("id"))
    .filter(count__gte=3)
    .order_by("-count", "address")
    .first()
)
if customer is None:
    raise SystemExit("No demo customer has 3 or more cases")
link = signin.ask_for_link(email=customer["address"], site_url="http://127.0.0.1", language="en")
message = OutboundMessage.objects.filter(to_address=customer["address"], template_name=signin.MESSAGE_NAME)
body = message.order_by("-pk").values_list("body_text", flat=True).first() or ""
token = re.search(r"/account/sign-in/([^/\\s]+)/", body)
if not link.was_sent or token is None:
    raise SystemExit("No sign-in link was issued for " + customer["address"])
unrestricted = list(Case.objects.filter(is_restricted=False).values_list("reference", flat=True))
print(json.dumps({
    "references": random.Random(1).sample(references, min(500, len(references))),
    "unrestricted_references": random.Random(3).sample(unrestricted, min(500, len(unrestricted))),
    "service": ServiceArea.objects.get(slug="housing-repairs").pk,
    "procedure": Procedure.objects.get(slug="joint-code").pk,
    "cases": len(references),
    "customer_email": customer["address"],
    "customer_cases": customer["count"],
    "sign_in_token": token.group(1),
}))
"""


def manage(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
    )
    return result.stdout


def prepare_database(env: dict[str, str], database_url: str, cases: int) -> float | None:
    """Migrate and seed, unless the marker says this database already holds `cases` demo cases."""
    key = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    marker = BENCH_DIR / f"seeded-{key}.json"
    if marker.exists() and json.loads(marker.read_text()).get("cases") == cases:
        print(f"Reusing the database seeded with {cases:,} cases ({database_url}).", file=sys.stderr)
        manage(env, "migrate", "--no-input", "-v0")  # the code may have new migrations since it was seeded
        manage(env, "createcachetable")
        return json.loads(marker.read_text()).get("seed_seconds")
    if database_url.startswith("sqlite:///") and not database_url.startswith("sqlite:///:memory:"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    else:  # a server database: the seed adds cases to whatever it holds
        create_database_if_missing(database_url)
        print(f"Seeding {database_url} (existing cases are kept).", file=sys.stderr)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")  # the public forms' rate limits live in the database cache
    started = time.monotonic()
    subprocess.run([str(PYTHON), "manage.py", "seed_demo", "--cases", str(cases)], cwd=ROOT, env=env, check=True)
    seconds = time.monotonic() - started
    marker.write_text(json.dumps({"cases": cases, "seed_seconds": seconds, "database_url": database_url}))
    return seconds


def create_database_if_missing(database_url: str) -> None:
    """A PostgreSQL database named in the URL is created (on the same server, empty) when it does not exist yet."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg  # only for a PostgreSQL bench
    from psycopg import sql

    url = urlsplit(database_url)
    name = url.path.lstrip("/")
    server = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.", file=sys.stderr)


# --- the server --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/sign-in/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 seconds")


def worker_peak_rss_mb(master: int) -> list[float]:
    """Peak resident memory (VmHWM) of each gunicorn worker: the master's children."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return sorted(peaks)


# --- the client --------------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with a cookie jar: enough to sign in and post forms."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.location = ""  # the last response's Location header, if any

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        self.location = response.getheader("Location", "")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, elapsed

    def csrf_token(self, path: str) -> str:
        status, page, _ = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or match is None:
            raise SystemExit(f"GET {path} gave {status} and no CSRF token")
        return match.group(1)

    def sign_in(self, username: str) -> None:
        token = self.csrf_token("/sign-in/")
        status, _, _ = self.request(
            "POST", "/sign-in/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        )
        if status != 302:
            raise SystemExit(f"Signing in as {username} gave {status}, not a redirect")

    def sign_in_customer(self, token: str) -> None:
        """Follow an emailed sign-in link: the GET shows a button, the POST spends the link and signs in."""
        path = f"/account/sign-in/{token}/"
        status, _, _ = self.request("POST", path, {"csrfmiddlewaretoken": self.csrf_token(path)})
        if status != 302 or not self.location.endswith("/account/"):
            raise SystemExit(f"Following the customer's sign-in link gave {status} {self.location}, not /account/")

    def fill_in_complaint(self) -> dict[str, str]:
        """Answer every page of the public complaint form (untimed); the form "Check your answers" sends."""
        csrf = self.csrf_token("/send/complaint/who/")
        for slug, answers in COMPLAINT_ANSWERS:
            path = f"/send/complaint/{slug}/"
            status, _, _ = self.request("POST", path, {"csrfmiddlewaretoken": csrf, HONEYPOT: "", **answers})
            if status != 302:
                raise SystemExit(f"POST {path} gave {status}, not a redirect to the next page")
        status, page, _ = self.request("GET", "/send/complaint/check-your-answers/")
        token = re.search(r'name="token"[^>]*value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SystemExit(f"Check your answers gave {status} and no submission token")
        return {"csrfmiddlewaretoken": csrf, "token": token.group(1), HONEYPOT: ""}


def log_form(index: int, csrf_token: str, facts: dict[str, object]) -> dict[str, str]:
    """The staff "Log a complaint" form for a phone call, as a case worker fills it in."""
    today = date.today()
    return {
        "csrfmiddlewaretoken": csrf_token,
        "channel": "phone",
        "received_on_0": str(today.day),
        "received_on_1": str(today.month),
        "received_on_2": str(today.year),
        "raw_text": f"Bench complaint {index}: the boiler has been broken for two weeks and nobody came.",
        "first_name": "Bench",
        "last_name": f"Tester{index}",
        "email": f"bench{index}@example.com",
        "phone": "07700 900123",
        "preferred_contact_method": "email",
        "address": "1 Mill Lane",
        "postcode": "TV1 1AB",
        "kind": "complaint",
        "kind_reason": "Dissatisfied with the repairs service.",
        "service_area": str(facts["service"]),
        "procedure": str(facts["procedure"]),
        "title": "Boiler not repaired",
        "desired_outcome": "Fix the boiler.",
        "definition": "The boiler repair has not been completed.",
        "lead_officer": "",
    }


def timed(label: str, count: int, call: Callable[[int], tuple[int, str, float]], expect: int) -> dict[str, object]:
    times, problems = [], []
    for index in range(count):
        status, _, elapsed = call(index)
        times.append(elapsed)
        if status != expect:
            problems.append(status)
    result: dict[str, object] = {"label": label, "times": times, "problems": problems}
    if problems:
        print(
            f"  {label}: {len(problems)} of {count} answered {sorted(set(problems))}, expected {expect}",
            file=sys.stderr,
        )
    return result


def getter(client: Client, path: str) -> Callable[[int], tuple[int, str, float]]:
    """One GET of `path`, as a timed call."""
    return lambda index: client.request("GET", path)


def measure(port: int, facts: dict[str, object], count: int) -> dict[str, dict[str, object]]:
    rng = random.Random(2)
    references: list[str] = facts["references"]  # type: ignore[assignment]
    manager, leader = Client(port), Client(port)
    manager.sign_in("manager")
    leader.sign_in("leader")
    results = {}
    # One unmeasured request each, so imports and connection set-up are not counted.
    manager.request("GET", "/cases/all/")
    leader.request("GET", "/cases/")
    results["queue_all"] = timed(
        "Queue, all cases (manager)", count, lambda i: manager.request("GET", "/cases/all/"), 200
    )
    results["queue_mine"] = timed("Queue, my cases (leader)", count, lambda i: leader.request("GET", "/cases/"), 200)
    leader.request("GET", "/cases/team/")
    results["queue_team"] = timed("Queue, team (leader)", count, lambda i: leader.request("GET", "/cases/team/"), 200)
    for name in QUEUE_FILTERS:
        results[f"queue_all_{name}"] = timed(
            f"Queue, all, {name}",
            max(5, count // 5),
            getter(manager, f"/cases/all/?{name}"),
            200,
        )
        results[f"queue_mine_{name}"] = timed(
            f"Queue, mine, {name}",
            max(5, count // 5),
            getter(leader, f"/cases/?{name}"),
            200,
        )
    results["case"] = timed(
        "Case page", count, lambda i: leader.request("GET", f"/cases/{rng.choice(references)}/"), 200
    )
    results["search"] = timed(
        "Search",
        count,
        lambda i: leader.request("GET", "/search/?" + urlencode({"q": SEARCH_WORDS[i % len(SEARCH_WORDS)]})),
        200,
    )
    token = leader.csrf_token("/log/")

    def log(index: int) -> tuple[int, str, float]:
        return leader.request("POST", "/log/", log_form(index, token, facts))

    results["log"] = timed("Log a complaint (POST)", count, log, 302)

    # The public complaint form: each sample is a new visitor who fills in every page (untimed); only the final
    # "Send" from Check your answers is timed. A redirect anywhere but the confirmation page counts as an error.
    for _ in range(2):  # unmeasured, so most likely both workers have sent one (imports, first queries) before
        visitor = Client(port)
        visitor.request("POST", "/send/complaint/check-your-answers/", visitor.fill_in_complaint())

    def send_complaint(index: int) -> tuple[int, str, float]:
        visitor = Client(port)
        form = visitor.fill_in_complaint()
        status, page, elapsed = visitor.request("POST", "/send/complaint/check-your-answers/", form)
        visitor.connection.close()
        if status == 302 and not visitor.location.endswith("/send/complaint/sent/"):
            status = -302  # sent somewhere else (back to a page of the form): not a case made
        return status, page, elapsed

    results["public_submit"] = timed("Public complaint, final POST", count, send_complaint, 302)

    # A signed-in customer's own cases, through the emailed single-use link the facts script issued.
    customer = Client(port)
    customer.sign_in_customer(str(facts["sign_in_token"]))
    status, page, _ = customer.request("GET", "/account/")
    listed = len(set(re.findall(r'href="/account/cases/([^/"]+)/"', page)))
    if status != 200 or listed < 3:
        raise SystemExit(f"/account/ for {facts['customer_email']} gave {status} with {listed} cases listed")
    print(f"  Customer's case list: {facts['customer_email']}, {listed} cases listed", file=sys.stderr)
    results["account"] = timed("Customer's case list", count, lambda i: customer.request("GET", "/account/"), 200)
    return results


# --- the load test ------------------------------------------------------------------------------------------


def load_test(env: dict[str, str], facts: dict[str, object], users: int, seconds: int, workers: int) -> None:
    """Run locust headless against a gunicorn of its own and print what the users saw, page by page."""
    port = free_port()
    server = subprocess.Popen(
        [
            *(str(GUNICORN), "putright.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
            *("--timeout", "60", "--log-level", "warning"),
        ],
        cwd=ROOT,
        # Plain http on 127.0.0.1: cookies without the Secure flag, or locust's client would not send them back.
        env={**env, "SECURE_COOKIES": "0"},
    )
    csv_prefix = BENCH_DIR / "load"
    print(f"\nLoad test: {users} users (3 staff : 1 public) for {seconds} s, {workers} gunicorn workers", flush=True)
    command = [
        *(str(ROOT / ".venv" / "bin" / "locust"), "-f", "bench/locustfile.py", "--headless"),
        *("--users", str(users), "--spawn-rate", str(max(1, users // 10)), "--run-time", f"{seconds}s"),
        *("--host", f"http://127.0.0.1:{port}", "--csv", str(csv_prefix), "--only-summary"),
        *("--stop-timeout", "10", "--loglevel", "WARNING"),
    ]
    try:
        wait_until_up(port, server)
        with (BENCH_DIR / "load.log").open("w") as log:  # locust's own summary, for anyone who wants it
            subprocess.run(
                command,
                cwd=ROOT,
                env={**env, "PUTRIGHT_LOAD_FACTS": json.dumps(facts)},
                check=False,  # locust exits 1 when any request failed; the table below says which
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    load_report(Path(f"{csv_prefix}_stats.csv"), Path(f"{csv_prefix}_failures.csv"), seconds)


def load_report(stats_csv: Path, failures_csv: Path, seconds: int) -> None:
    import csv

    with stats_csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    with failures_csv.open(newline="") as handle:
        failures = list(csv.DictReader(handle))
    server_errors: dict[str, int] = {}
    for failure in failures:
        if "server error" in failure["Error"]:
            server_errors[failure["Name"]] = server_errors.get(failure["Name"], 0) + int(failure["Occurrences"])
    print(f"{'Page':<36} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'failures':>8} {'5xx':>5}")
    for row in rows:
        total_row = not row["Type"]  # locust's last row, "Aggregated"
        name = "All requests" if total_row else row["Name"]
        errors_5xx = sum(server_errors.values()) if total_row else server_errors.get(row["Name"], 0)
        print(
            f"{name:<36} {int(row['Request Count']):>8} {float(row['50%']):>8.0f} {float(row['95%']):>8.0f} "
            f"{int(row['Failure Count']):>8} {errors_5xx:>5}"
        )
    total = next(row for row in rows if not row["Type"])
    print(
        f"Throughput: {float(total['Requests/s']):.1f} requests/s over {seconds} s; "
        f"failures: {int(total['Failure Count'])}; server errors: {sum(server_errors.values())} (target 0)"
    )
    for failure in failures:
        print(f"  {failure['Method']} {failure['Name']}: {failure['Error']} ({failure['Occurrences']})")


# --- the report --------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(
    cases: int,
    database_url: str,
    seed_seconds: float | None,
    results: dict[str, dict[str, object]],
    memory: list[float],
) -> None:
    target_for = {
        **{key: "queue" for key in results if key.startswith("queue_")},
        "case": "case",
        "search": "search",
        "log": "log",
        "public_submit": "public_submit",
        "account": "account",
    }
    print()
    print(f"PutRight benchmark: {cases:,} demo cases, {database_url}")
    print(machine.describe())
    vendor = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    seed_target = SEED_TARGET_SECONDS_PER_CASE[vendor] * cases
    seeded = f"{seed_seconds:.1f} s" if seed_seconds is not None else "unknown"
    print(f"Seed time: {seeded} (target < {seed_target:.0f} s for {cases:,} cases on {vendor})")
    print()
    print(f"{'Measurement':<36} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'target p50':>11}  {'errors':>6}")
    for key, result in results.items():
        times: list[float] = result["times"]  # type: ignore[assignment]
        problems: list[int] = result["problems"]  # type: ignore[assignment]
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        target = TARGETS_MS[target_for[key]]
        verdict = "ok" if p50 <= target else "over"
        print(
            f"{result['label']:<36} {len(times):>4} {p50:>8.1f} {p95:>8.1f} {f'<= {target} ms':>11}  "
            f"{len(problems):>6}  {verdict}"
        )
    for index, peak in enumerate(memory, start=1):
        verdict = "ok" if peak <= WORKER_MEMORY_TARGET_MB else "over"
        print(
            f"{f'Worker {index} peak RSS (VmHWM)':<36} {'':>4} {peak:>8.1f} MB {'':>5} "
            f"{f'<= {WORKER_MEMORY_TARGET_MB} MB':>11}  {'':>6}  {verdict}"
        )


if __name__ == "__main__":
    sys.exit(main())
