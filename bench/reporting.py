"""Time the report pages: the dashboard, the Code annual report and the committee pack PDF.

Runs the views in this process through Django's test client (no web server), signed in as a staff user in a
reporting role, against an existing database (the one `bench/run.py` seeded, for example). Prints the p50 and
the slowest of a few runs for each page, with no targets and no assertions. Usage:

    .venv/bin/python bench/reporting.py --database-url sqlite:///var/bench/bench-100000.sqlite3 --user manager

or from Python: `time_reports(database_url, "manager")`, which also returns the figures. Django is set up on
the first call, for that database; a later call in the same process reuses it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _set_up_django(database_url: str) -> None:
    from django.conf import settings

    if settings.configured:
        return
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "putright.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
            "ALLOWED_HOSTS": "testserver",
            "PUTRIGHT_TESTING": "0",
            "LOG_LEVEL": "WARNING",
            # Where run.py collects the static files the (non-debug) pages' manifest needs.
            "PUTRIGHT_VAR_DIR": os.environ.get("PUTRIGHT_VAR_DIR", str(ROOT / "var" / "bench")),
        }
    )
    import django

    django.setup()


def time_reports(database_url: str, username: str, runs: int = 5) -> dict[str, dict[str, float]]:
    """For each report page: the first view, which works the figures out, and the p50 and slowest of `runs` later
    views, which use the figures kept from the first (reporting/snapshots.py). One unmeasured request first loads
    the code, the templates and the PDF engine."""
    _set_up_django(database_url)
    from django.test import Client
    from django.urls import reverse

    from putright.core.periods import financial_year_of, quarter_of
    from putright.organisation.models import User
    from putright.reporting.snapshots import forget_all

    user = User.objects.get(username=username)
    _stage_facts_in_step()
    client = Client()
    client.force_login(user)
    today = date.today()
    year = str(financial_year_of(today))
    pages = {
        "Dashboard (this financial year)": (reverse("reporting:dashboard"), {}),
        "Annual report (this financial year)": (reverse("reporting:annual"), {"year": year}),
        "Committee pack PDF (this quarter)": (
            reverse("reporting:committee_pdf"),
            {"year": year, "quarter": str(quarter_of(today))},
        ),
    }
    results: dict[str, dict[str, float]] = {}
    for label, (path, query) in pages.items():
        response = client.get(path, query, secure=True)  # warm-up: imports, templates, the PDF engine
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code} for {username}")
        forget_all()
        started = time.perf_counter()
        client.get(path, query, secure=True)
        first = (time.perf_counter() - started) * 1000
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            client.get(path, query, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        results[label] = {"first_ms": first, "p50_ms": statistics.median(times), "max_ms": max(times), "runs": runs}
    _print(database_url, username, results)
    return results


def _stage_facts_in_step() -> None:
    """A database seeded before the stage facts existed, or by a seeder that does not write them, has none: work
    them out first (not timed), as `manage.py rebuild_case_facts` would."""
    from putright.cases.models import Stage
    from putright.reporting.facts import rebuild_case_facts
    from putright.reporting.models import StageFact

    if StageFact.objects.count() != Stage.objects.count():
        started = time.perf_counter()
        count = rebuild_case_facts()
        print(f"Worked out {count:,} stage facts first, in {time.perf_counter() - started:.1f} s (not timed).")


def _print(database_url: str, username: str, results: dict[str, dict[str, float]]) -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"Report pages as {username}, {database_url}")
    print("First view: the figures are worked out; later views use the figures kept from it (up to 15 minutes).")
    print(f"{'Page':<38} {'first ms':>9} {'n':>3} {'p50 ms':>9} {'max ms':>9}")
    for label, figures in results.items():
        print(
            f"{label:<38} {figures['first_ms']:>9.1f} {figures['runs']:>3.0f} "
            f"{figures['p50_ms']:>9.1f} {figures['max_ms']:>9.1f}"
        )
    print(f"Peak memory of this process (like one web worker): {peak_mb:.0f} MB (target <= 250 MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", default="manager", help="A staff user in a reporting role (default: manager).")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    time_reports(args.database_url, args.user, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
