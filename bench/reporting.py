"""Time the report pages: the dashboard, the Code annual report and the committee pack PDF.

Runs the views in this process through Django's test client (no web server), signed in as a staff user in a
reporting role, against an existing database (the one `bench/run.py` seeded, for example). For each page, the
first view of several different periods and filters, each with nothing kept from before (its p50 is the figure
the targets name: "first view of any period, filter or date range"), then the p50 of later views that use the
figures kept from a first one. Prints each next to its target; asserts nothing. Usage:

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


# Targets for the first view's p50 (issue 14), by database and size: (vendor, at least this many cases) -> ms.
TARGETS_MS: dict[str, dict[tuple[str, int], float]] = {
    "Dashboard": {("sqlite", 100_000): 150, ("postgresql", 1_000_000): 300},
    "Annual report": {("postgresql", 1_000_000): 500},
    "Committee pack PDF": {("postgresql", 1_000_000): 2_000},
}


def _target(page: str, vendor: str, cases: int) -> str:
    for (target_vendor, at_least), ms in TARGETS_MS[page].items():
        if vendor == target_vendor and cases >= at_least:
            return f"<= {ms:,.0f} ms"
    named = "; ".join(f"{ms:,.0f} ms at {n:,} on {v}" for (v, n), ms in TARGETS_MS[page].items())
    return f"({named})"


def _views(today: date) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Each page's views to open for the first time: different periods, filters and a date range."""
    from django.urls import reverse

    from putright.core.periods import financial_year_of, quarter_of

    year = financial_year_of(today)
    this_quarter = quarter_of(today)
    last_quarter = (year, this_quarter - 1) if this_quarter > 1 else (year - 1, 4)
    dashboard = reverse("reporting:dashboard")
    last_calendar_year = {
        "start_0": "1", "start_1": "1", "start_2": str(today.year - 1),
        "end_0": "31", "end_1": "12", "end_2": str(today.year - 1),
    }  # fmt: skip
    return {
        "Dashboard": [
            (dashboard, {}),
            (dashboard, {"year": str(year - 1)}),
            (dashboard, {"year": str(year), "quarter": str(this_quarter)}),
            (dashboard, {"year": str(last_quarter[0]), "quarter": str(last_quarter[1])}),
            (dashboard, {"year": str(year), "service": "housing-repairs"}),
            (dashboard, {"year": str(year - 1), "procedure": "joint-code"}),
            (dashboard, last_calendar_year),
        ],
        "Annual report": [
            (reverse("reporting:annual"), {"year": str(year)}),
            (reverse("reporting:annual"), {"year": str(year - 1)}),
        ],
        "Committee pack PDF": [
            (reverse("reporting:committee_pdf"), {"year": str(year), "quarter": str(this_quarter)}),
            (reverse("reporting:committee_pdf"), {"year": str(last_quarter[0]), "quarter": str(last_quarter[1])}),
        ],
    }


def time_reports(database_url: str, username: str, runs: int = 5) -> dict[str, dict[str, float]]:
    """For each report page: the first view of each of several periods and filters (reporting/snapshots.py's kept
    figures forgotten before each, so each is worked out while the reader waits), and the p50 and slowest of `runs`
    later views of the first, which use the figures kept from it. One unmeasured request per page first loads the
    code, the templates and the PDF engine."""
    _set_up_django(database_url)
    from django.db import connection
    from django.test import Client

    from putright.cases.models import Case
    from putright.organisation.models import User
    from putright.reporting.snapshots import forget_all

    user = User.objects.get(username=username)
    _stage_facts_in_step()
    client = Client()
    client.force_login(user)
    cases = Case.objects.count()
    results: dict[str, dict[str, float]] = {}
    for page, views in _views(date.today()).items():
        path, query = views[0]
        response = client.get(path, query, secure=True)  # warm-up: imports, templates, the PDF engine
        if response.status_code != 200:
            raise SystemExit(f"{page}: {path} answered {response.status_code} for {username}")
        firsts = []
        for path, query in views:
            forget_all()
            started = time.perf_counter()
            response = client.get(path, query, secure=True)
            firsts.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{page}: {path}?{query} answered {response.status_code} for {username}")
        path, query = views[0]
        forget_all()
        client.get(path, query, secure=True)
        times = []
        for _run in range(runs):
            started = time.perf_counter()
            client.get(path, query, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        results[page] = {
            "first_p50_ms": statistics.median(firsts),
            "first_max_ms": max(firsts),
            "first_n": len(firsts),
            "p50_ms": statistics.median(times),
            "max_ms": max(times),
            "runs": runs,
        }
    _print(database_url, username, results, connection.vendor, cases)
    return results


def _stage_facts_in_step() -> None:
    """A database seeded before the stage facts (or the case totals) existed, or by a seeder that does not write
    them, has none: work them out first (not timed), as `manage.py rebuild_case_facts` would."""
    from putright.cases.models import Stage
    from putright.reporting.facts import rebuild_case_facts
    from putright.reporting.models import CaseTotal, StageFact

    if StageFact.objects.filter(number__gte=1).count() != Stage.objects.count() or not CaseTotal.objects.exists():
        started = time.perf_counter()
        count = rebuild_case_facts()
        print(f"Worked out {count:,} stage facts first, in {time.perf_counter() - started:.1f} s (not timed).")


def _print(database_url: str, username: str, results: dict[str, dict[str, float]], vendor: str, cases: int) -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"Report pages as {username}, {database_url} ({cases:,} cases)")
    print(
        "First view: a period or filter nobody has read yet (the figures are worked out while the reader waits); "
        "kept: later views, using the figures kept from a first view (up to 15 minutes)."
    )
    print(
        f"{'Page':<22} {'first p50':>10} {'first max':>10} {'n':>3} {'kept p50':>9} {'kept max':>9}  "
        "target (first view p50)"
    )
    for page, figures in results.items():
        print(
            f"{page:<22} {figures['first_p50_ms']:>7.1f} ms {figures['first_max_ms']:>7.1f} ms "
            f"{figures['first_n']:>3.0f} {figures['p50_ms']:>6.1f} ms {figures['max_ms']:>6.1f} ms  "
            f"{_target(page, vendor, cases)}"
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
