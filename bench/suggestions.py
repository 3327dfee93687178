"""How well the suggested service and category do: train both on the demo's past cases and print the share of
held-back cases (one in five, never learnt from) each got right, with the time training took.

Runs against an existing database (the one `bench/run.py` seeded). Prints figures; asserts nothing. Usage:

    .venv/bin/python bench/suggestions.py --database-url sqlite:///var/bench/bench-100000.sqlite3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reporting import _set_up_django  # the same Django set-up as the report timings


def measure(database_url: str) -> None:
    _set_up_django(database_url)
    from putright.cases.models import TriageModel
    from putright.cases.suggestions import train

    for kind in TriageModel.Kind:
        started = time.monotonic()
        model = train(kind)
        seconds = time.monotonic() - started
        if model is None:
            print(f"  {kind.label:<9} too few past cases to learn from", flush=True)
            continue
        print(
            f"  {kind.label:<9} {model.accuracy:6.1%} of {model.cases_held_back:,} held-back cases right "
            f"(learnt from {model.cases_used:,}; {seconds:.1f}s to train)",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    measure(parser.parse_args().database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
