"""Time the public side: the final POST of a complaint, and a signed-in customer's case list.

Runs in this process through Django's test client (no web server, so a little faster than over HTTP), against
an existing seeded database such as the one `bench/run.py` made. Each sample walks the complaint form's steps
untimed, then times only the "Send" POST from Check your answers. Prints p50 and p95 with the targets; no
assertions. Usage:

    .venv/bin/python bench/public.py --database-url sqlite:///var/bench/bench-100000.sqlite3
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ANSWERS: list[tuple[str, dict[str, str]]] = [
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
]


def _set_up_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "putright.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
            "ALLOWED_HOSTS": "testserver",
            "PUTRIGHT_TESTING": "0",
            "PUTRIGHT_SUBMISSIONS_PER_HOUR": "1000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("PUTRIGHT_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def time_public(database_url: str, runs: int = 30) -> dict[str, tuple[float, float, int]]:
    _set_up_django(database_url)
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from putright.people.models import Customer
    from putright.portal import signin

    errors = 0
    submit: list[float] = []
    for _ in range(runs):
        client = Client()
        for slug, data in ANSWERS:
            client.post(reverse("portal:step", args=["complaint", slug]), data)
        check = client.get(reverse("portal:check", args=["complaint"]))
        found = re.search(r'name="token"[^>]*value="([^"]+)"', check.content.decode())
        token = found.group(1) if found else ""
        started = time.perf_counter()
        response = client.post(reverse("portal:check", args=["complaint"]), {"token": token})
        submit.append((time.perf_counter() - started) * 1000)
        errors += response.status_code != 302

    email = (
        Customer.objects.exclude(email="")
        .values("email")
        .annotate(cases=Count("cases"))
        .filter(cases__gte=3)
        .order_by("-cases")
        .values_list("email", flat=True)
        .first()
    ) or "bench@example.org"
    client = Client()
    session = client.session
    signin.sign_in(session, email)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    client.get(reverse("portal:your_cases"))  # warm-up
    listing: list[float] = []
    list_errors = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(reverse("portal:your_cases"))
        listing.append((time.perf_counter() - started) * 1000)
        list_errors += response.status_code != 200
    return {
        "Public complaint, final POST (target p50 <= 15 ms)": (*_percentiles(submit), errors),
        f"Customer's case list, {email} (target p50 <= 20 ms)": (*_percentiles(listing), list_errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    results = time_public(args.database_url, args.runs)
    print(f"Public pages (in-process), {args.database_url}")
    print(f"{'Page':<70} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, (p50, p95, errors) in results.items():
        print(f"{name:<70} {p50:>8.1f} {p95:>8.1f} {errors:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
