"""Run by Python at start-up in a process a test starts with `guarded_env`: the suite's network guard, in it too."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.local_network import install  # the project root is on the path from the line above

install()
sys.path.pop(0)
