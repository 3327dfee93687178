"""The suite's network guard holds in the tests' own process and in the Python processes tests start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.local_network import guarded_env

REACH_OUT = "import socket; socket.create_connection(('192.0.2.1', 25), timeout=5)"  # TEST-NET-1: never local


def test_a_test_cannot_reach_beyond_this_machine():
    with pytest.raises(OSError, match="Tests reach only local servers"):
        socket.create_connection(("192.0.2.1", 25), timeout=5)


def test_a_process_a_test_starts_cannot_either():
    started = subprocess.run(
        [sys.executable, "-c", REACH_OUT], env=guarded_env(dict(os.environ)), capture_output=True, text=True, timeout=60
    )
    assert started.returncode != 0
    assert "Tests reach only local servers" in started.stderr


def test_a_started_process_still_reaches_this_machine():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        started = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5).close()",
            ],
            env=guarded_env(dict(os.environ)),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert started.returncode == 0, started.stderr
