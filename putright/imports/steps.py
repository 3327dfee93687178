"""Which background task runs each step of a staff-page import, handed over by ImportsConfig.ready().

On its own, not in runs.py: registering the tasks at start-up then loads neither the checks nor the import itself
(nor the YAML and TOML parsers), which only a background worker running a step needs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

_STEPS: dict[str, Callable[[str], object]] = {}


def run_steps_with(*, check: Callable[[str], object], apply: Callable[[str], object]) -> None:
    _STEPS.update(check_import=check, apply_import=apply)


def enqueue(name: str, token: uuid.UUID) -> None:
    _STEPS[name](str(token))
