"""`make run` serves the first free port from PORT, and the demo's seeded emails link to that same port."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(*args: str) -> str:
    """The commands `make -n` would run (it runs none of them, only works out the port)."""
    done = subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_the_seeded_emails_link_to_the_port_make_run_serves():
    with socket.socket() as taken:  # the asked-for port is in use: the next one is served, and linked to
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        commands = dry_run("run", f"PORT={port}")
    seeding = next(line for line in commands.splitlines() if "seed_demo" in line)
    serving = next(line for line in commands.splitlines() if "runserver" in line)
    served = re.search(r"\brunserver 127\.0\.0\.1:(\d+) ", serving).group(1)  # type: ignore[union-attr]
    assert served != str(port)
    assert f"PUTRIGHT_SITE_URL=http://127.0.0.1:{served} " in seeding
    assert f"export PUTRIGHT_SITE_URL=http://127.0.0.1:{served};" in commands  # the printed sign-ins
    assert commands.index("seed_demo") < commands.index("runserver")


def test_make_demo_alone_seeds_with_links_to_the_port_make_run_would_serve():
    seeding = next(line for line in dry_run("demo", "PORT=8000").splitlines() if "seed_demo" in line)
    assert re.match(r"PUTRIGHT_SITE_URL=http://127\.0\.0\.1:\d+ DEBUG=1 ", seeding)
