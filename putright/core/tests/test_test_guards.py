"""The suite's own guards hold: no connection leaves this machine, and `frozen_today` fixes the day."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from django.utils import timezone


def test_a_connection_beyond_this_machine_fails_at_once() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="only local"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: would hang or fail slowly if it were tried


def test_a_local_server_can_still_be_reached() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_frozen_today_is_the_same_wednesday_every_run(frozen_today) -> None:
    assert timezone.localdate() == date(2026, 3, 18)
    assert timezone.now() >= frozen_today  # the clock keeps running from there
