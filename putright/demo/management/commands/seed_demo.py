"""Load the demo council and years of cases: `manage.py seed_demo --cases 300 --if-empty`."""

from __future__ import annotations

import time
from contextlib import nullcontext
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from putright.cases.models import Case
from putright.core.bulk import vacuumed_alongside
from putright.demo.cases import BULK_LOAD_FROM, Tables, seed_cases, stderr_progress
from putright.demo.hazards import add_damp_hazard
from putright.demo.organisation import create_organisation
from putright.demo.returns import seed_returns
from putright.demo.showcase import seed_showcase
from putright.demo.triage import EXAMPLE_CASES, EXAMPLES_FROM, seed_triage_examples
from putright.demo.two_factor import give_demo_authenticators
from putright.reporting.facts import rebuild_case_facts


class Command(BaseCommand):
    help = (
        "Create a fictional district council (services, teams, staff with demo sign-ins) and N cases received "
        "over the last three years, in every kind, status and outcome."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="How many cases to create (default 300).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if any case exists already.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for the same data every time.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["cases"]
        if count < 0:
            raise CommandError("--cases must be 0 or more.")
        if options["if_empty"] and Case.objects.exists():
            self.stdout.write(f"Cases already exist ({Case.objects.count():,}); demo data not loaded (--if-empty).")
            return
        started = time.monotonic()
        demo = create_organisation()
        give_demo_authenticators(demo.users.values())
        progress = None if options["no_progress"] or count == 0 else stderr_progress()
        examples = EXAMPLE_CASES if count >= EXAMPLES_FROM else 0  # part of the count asked for, in a full demo
        # `finished`: the rows are written as the showcase's responses and the returns' tenures leave them.
        written = seed_cases(demo, count - examples, seed=options["seed"], progress=progress, finished=True) + examples
        bulk = written >= BULK_LOAD_FROM
        # The case table first: the facts' rebuild below locks it (it drops and adds the facts' foreign key to it).
        seeded = sorted((table.model for table in Tables().all), key=lambda model: model is not Case)
        with vacuumed_alongside(seeded) if bulk else nullcontext():
            if examples:
                seed_triage_examples(demo, seed=options["seed"])
            add_damp_hazard(demo)
            seed_returns(demo)
            seed_showcase(demo)
            # The bulk seeder writes stages without timeline events, so the report's stage facts are worked out here.
            rebuild_case_facts(bulk=bulk)
        # Fresh statistics after a bulk load, so the query planner picks the queue and search indexes. On PostgreSQL
        # outside a transaction, VACUUM too: it marks the new rows visible to all, as autovacuum soon would in
        # production, so queues read a page from their indexes alone (index-only scans) from the first request.
        # A big seed's own tables were analysed at the end of their load and vacuumed above, alongside the steps
        # after them (which add a few dozen rows to them): here only the other tables are.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        statement = "VACUUM ANALYZE" if vacuum else "ANALYZE"
        with connection.cursor() as cursor:
            if vacuum and bulk:
                done = {model._meta.db_table for model in seeded}
                rest = [name for name in connection.introspection.table_names(cursor) if name not in done]
                statement += " " + ", ".join(map(connection.ops.quote_name, rest))
            cursor.execute(statement)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {demo.organisation.name}: {len(demo.services)} services, {len(demo.users)} staff sign-ins and "
                f"{written:,} cases in {time.monotonic() - started:.1f}s."
            )
        )
