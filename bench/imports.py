"""Time an import from an old system: a generated export of 100,000 cases through `manage.py import_cases`.

Usage (also run at the end of `make bench`):

    .venv/bin/python bench/imports.py [--rows 100000] [--database-url URL]

Generates a CSV shaped like docs/imports/caseworks-cases.csv (one row per case, stage columns, remedies, some
ombudsman referrals), sets up the services and categories its mapping (docs/imports/caseworks.toml) names, then
times the whole command (reading, checking every row, writing) and a second run of the same file, which must
change nothing. Without --database-url a new SQLite file under var/bench/imports/ is migrated for every run; a
database given with --database-url should be empty (the services are created in it).

Prints the figures beside the target (100,000 rows in under five minutes); asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_DIR = ROOT / "var" / "bench" / "imports"
MAPPING = ROOT / "docs" / "imports" / "caseworks.toml"
TARGET_SECONDS = 300
SERVICES = {  # the example mapping's codes -> (slug, name, categories' codes and names)
    "WST": ("waste-recycling", "Waste and recycling", {"MISSED": "Missed collection", "CREW": "Bin crew conduct"}),
    "HSG-R": ("housing-repairs", "Housing repairs", {"DAMP": "Damp and mould", "COMMUNAL": "Communal repairs"}),
    "CTAX": (
        "council-tax-benefits",
        "Council tax and benefits",
        {"CTBILL": "Council tax bill wrong", "HBDELAY": "Housing benefit delay"},
    ),
    "PLN": (
        "planning",
        "Planning",
        {"PLENF": "Planning enforcement", "PLAPP": "Planning application handling"},
    ),
    "ENV": ("environmental-health", "Environmental health", {"NOISE": "Noise nuisance"}),
}
SETUP_SCRIPT = """
from putright.organisation.choices import Role
from putright.organisation.models import Category, Organisation, ServiceArea, User
Organisation.objects.get_or_create(name="Thornbury Vale District Council", defaults={"nation": "ENG"})
for slug, name, categories in SERVICES:
    service, _ = ServiceArea.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "default_procedure_slug": "joint-code", "is_housing": slug == "housing-repairs"},
    )
    for category in categories:
        Category.objects.get_or_create(name=category, service_area=service)
if not User.objects.filter(username="bench_admin").exists():
    User.objects.create_user(username="bench_admin", password="unused-bench", role=Role.ADMINISTRATOR)
"""
FIRST = date(2022, 4, 1)
# The example export's own headings, so the shipped mapping reads the generated file.
with (ROOT / "docs" / "imports" / "caseworks-cases.csv").open(encoding="utf-8") as example:
    HEADINGS = next(csv.reader(example))
FIRST_NAMES = ("Margaret", "Daniel", "Priya", "Graham", "Eileen", "Tomasz", "Aisha", "Kevin", "Ruth", "Stephen")
LAST_NAMES = ("Okafor", "Pryce", "Shah", "Whitlock", "Marsh", "Nowak", "Begum", "Doyle", "Adeyemi", "Hollis")
OUTCOMES = ("UP", "PUP", "NUP", "NUP", "ER")


def generate(path: Path, rows: int, today: date) -> None:
    """A plausible export: every case answered at stage 1 bar the newest, some escalated, most closed."""
    chance = random.Random(13)
    span = (today - timedelta(days=240) - FIRST).days  # so every later date in a row is past too

    def day(value: date) -> str:
        return value.strftime("%d/%m/%Y")

    with path.open("w", newline="", encoding="utf-8") as output:
        writer = csv.writer(output)
        writer.writerow(HEADINGS)
        for number in range(1, rows + 1):
            code = chance.choice(tuple(SERVICES))
            category = chance.choice(tuple(SERVICES[code][2]))
            received = FIRST + timedelta(days=chance.randrange(span))
            first, last = chance.choice(FIRST_NAMES), chance.choice(LAST_NAMES)
            row = {heading: "" for heading in HEADINGS}
            row.update(
                {
                    "Case No": f"CW/{received.year}/{number:06d}",
                    "Date Logged": day(received),
                    "Type": "COMP",
                    "How Received": chance.choice(("TEL", "EML", "WEB", "LTR")),
                    "Dept Code": code,
                    "Category": category,
                    "Summary": f"{SERVICES[code][2][category]} reported at {number} High Street",
                    "Details": "Reported several times; nothing has been done and nobody called back.",
                    "Customer Wants": "Put it right and tell me what will change.",
                    "Forename": first,
                    "Surname": last,
                    "Email": f"{first.lower()}.{last.lower()}{number}@example.org",
                    "Postcode": f"TV{chance.randrange(1, 9)} {chance.randrange(1, 9)}AB",
                    "S1 Start": day(received),
                    "S1 Ack": day(received + timedelta(days=2)),
                }
            )
            responded = received + timedelta(days=chance.randrange(5, 30))
            row.update(
                {"S1 Reply": day(responded), "S1 Result": chance.choice(OUTCOMES), "S1 Findings": "Looked into."}
            )
            if chance.random() < 0.3:
                row.update({"S1 Remedy": "FIN", "S1 Remedy Detail": "Payment", "S1 Payment": "50.00"})
            closed = responded + timedelta(days=30)
            if chance.random() < 0.15:
                started = responded + timedelta(days=chance.randrange(1, 20))
                answered = started + timedelta(days=chance.randrange(10, 40))
                row.update(
                    {
                        "S2 Start": day(started),
                        "S2 Ack": day(started + timedelta(days=3)),
                        "S2 Reply": day(answered),
                        "S2 Result": chance.choice(OUTCOMES[:3]),
                        "S2 Findings": "Reviewed.",
                    }
                )
                closed = answered + timedelta(days=30)
                if chance.random() < 0.2:
                    referred = answered + timedelta(days=40)
                    row.update(
                        {
                            "Ombudsman": "HOS" if code == "HSG-R" else "LGSCO",
                            "Ombudsman Ref": f"OMB{number}",
                            "Ombudsman Referred": day(referred),
                            "Ombudsman Decision": "SF" if code == "HSG-R" else "UPH",
                            "Ombudsman Decided": day(referred + timedelta(days=90)),
                        }
                    )
            if closed < today and chance.random() < 0.9:
                row["Closed Date"] = day(closed)
            writer.writerow([row[heading] for heading in HEADINGS])


def manage(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    """Run a command; its progress lines (stderr) go to the terminal as they come."""
    return subprocess.run(
        [str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="An empty database (default: a new SQLite file).")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url
    if not database_url:
        path = BENCH_DIR / "imports.sqlite3"
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
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
    }
    export = BENCH_DIR / f"caseworks-{args.rows}.csv"
    generate(export, args.rows, date.today())
    manage(env, "migrate", "--no-input", "-v0")
    services = [(slug, name, list(categories.values())) for slug, name, categories in SERVICES.values()]
    manage(env, "shell", "-v0", "-c", f"SERVICES = {services!r}\n{SETUP_SCRIPT}")
    command = ("import_cases", str(export), "--mapping", str(MAPPING), "--user", "bench_admin")
    cpu = children_cpu_seconds()
    started = time.perf_counter()
    first = manage(env, *command)
    first_seconds = time.perf_counter() - started
    first_cpu = children_cpu_seconds() - cpu
    started = time.perf_counter()
    second = manage(env, *command)
    second_seconds = time.perf_counter() - started
    report(database_url, args.rows, (first_seconds, first_cpu), second_seconds, first.stdout, second.stdout)
    return 0


def children_cpu_seconds() -> float:
    """CPU time of the commands run so far: on a shared machine, what the import itself cost."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(
    database_url: str, rows: int, first_times: tuple[float, float], second: float, first_out: str, second_out: str
) -> None:
    first, first_cpu = first_times
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    summary = re.search(r"Imported from .*", first_out)
    again = re.search(r"Imported from .*", second_out)
    target = TARGET_SECONDS * rows / 100_000
    verdict = "within" if first <= target else "OVER"
    print(f"\nImport from an old system ({vendor}, {rows:,} rows, one case each):")
    print(f"  first import:  {first:7.1f} s  ({rows / first:,.0f} rows a second)  target < {target:.0f} s: {verdict}")
    print(f"  of which CPU time of the import process: {first_cpu:.1f} s (the rest is waiting: disk, other work)")
    print(f"  {summary.group(0) if summary else first_out.strip().splitlines()[-1:]}")
    print(f"  same file again: {second:5.1f} s  ({again.group(0) if again else second_out.strip()[-200:]})")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
