"""The lock files say what the .in files pin: every pinned package at its version, with hashes; the production lock
without the test tools; the development lock with the production versions. When this fails, run `scripts/lock`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[_name(match.group(1))] = match.group(2)
    return found


PRODUCTION_IN = pins(ROOT / "requirements.in")
DEV_IN = pins(ROOT / "requirements-dev.in")
PRODUCTION_LOCK = pins(ROOT / "requirements.lock")
DEV_LOCK = pins(ROOT / "requirements-dev.lock")


@pytest.mark.parametrize(
    ("wanted", "lock", "name"),
    [
        (PRODUCTION_IN, PRODUCTION_LOCK, "requirements.lock"),
        ({**PRODUCTION_IN, **DEV_IN}, DEV_LOCK, "requirements-dev.lock"),
    ],
)
def test_every_pin_is_in_its_lock_at_that_version(wanted, lock, name):
    wrong = {
        package: (version, lock.get(package)) for package, version in wanted.items() if lock.get(package) != version
    }
    assert not wrong, f"{name} is behind the .in files (pinned, locked): {wrong}. Run scripts/lock."


def test_production_lock_has_no_test_tools():
    tools = sorted(set(DEV_IN) & set(PRODUCTION_LOCK) - set(PRODUCTION_IN))
    assert not tools, f"requirements.lock holds test tools {tools}: run scripts/lock."


def test_development_lock_uses_the_production_versions():
    differ = {p: (v, DEV_LOCK.get(p)) for p, v in PRODUCTION_LOCK.items() if DEV_LOCK.get(p) != v}
    assert not differ, f"requirements-dev.lock differs from requirements.lock: {differ}. Run scripts/lock."


@pytest.mark.parametrize("name", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(name):
    text = (ROOT / name).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[-1])
    unhashed = [entry.split("==")[0] for entry in entries if "==" in entry and "--hash=sha256:" not in entry]
    assert not unhashed, f"{name}: no hash for {unhashed}. Run scripts/lock."
