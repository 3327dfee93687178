"""What machine the figures were measured on, and how fast it runs Python, so that two runs' figures can be
compared: the same code seeded a million cases' rows 1.6 times slower on one 2-core machine of this project's than
on another.

`python_speed_ms` times a fixed piece of pure Python (building, formatting, sorting and looking up small strings,
dicts and lists, as a page's views and templates do), the best of several rounds: a machine that takes twice as
long for it will take about twice as long for a page's Python. Usage: `.venv/bin/python bench/machine.py`.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def _workload() -> int:
    rows = [
        {"reference": f"CMP-{number:07d}", "status": ("open", "closed", "waiting")[number % 3]}
        for number in range(6000)
    ]
    text = []
    for row in sorted(rows, key=lambda row: (row["status"], row["reference"]), reverse=True):
        cells = [f"<td>{value}</td>" for value in row.values()]
        text.append("<tr>" + "".join(cells) + "</tr>")
    counts: dict[str, int] = {}
    for line in text:
        key = line[8:19]
        counts[key] = counts.get(key, 0) + len(line)
    return sum(counts.values())


def python_speed_ms(rounds: int = 7) -> float:
    """The fastest of `rounds` runs of the fixed workload, in milliseconds."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        _workload()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> str:
    return (
        f"Machine: {os.cpu_count()} cores, {processor()}, Python {platform.python_version()}; "
        f"a fixed piece of Python took {python_speed_ms():.1f} ms (bench/machine.py: compare runs by it)"
    )


if __name__ == "__main__":
    print(describe())
