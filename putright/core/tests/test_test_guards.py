"""The suite's own guards hold: no connection, datagram or name lookup leaves this machine, and `frozen_today`
fixes the day."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from django.utils import timezone


def test_a_connection_beyond_this_machine_fails_at_once() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="only local"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: would hang or fail slowly if it were tried


def test_a_datagram_beyond_this_machine_fails_at_once() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(OSError, match="only local"):
        sock.sendto(b"a DNS question", ("1.1.1.1", 53))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(OSError, match="only local"):
        sock.sendto(b"a DNS question", 0, ("1.1.1.1", 53))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(OSError, match="only local"):
        sock.sendmsg([b"a DNS question"], [], 0, ("1.1.1.1", 53))


def test_a_datagram_to_this_machine_still_arrives() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
    ):
        server.bind(("127.0.0.1", 0))
        server.settimeout(5)
        sock.sendto(b"hello", server.getsockname())
        assert server.recv(16) == b"hello"


def test_looking_up_a_name_beyond_this_machine_fails_at_once() -> None:
    with pytest.raises(OSError, match="only local"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(OSError, match="only local"):
        socket.create_connection(("example.org", 443), timeout=5)  # looked up first, so refused before any packet


@pytest.mark.parametrize("lookup", ["gethostbyname", "gethostbyname_ex", "gethostbyaddr"])
def test_the_older_lookups_beyond_this_machine_fail_at_once(lookup: str) -> None:
    with pytest.raises(OSError, match="only local"):
        getattr(socket, lookup)("example.org")


def test_this_machine_s_own_name_is_still_looked_up() -> None:
    """Email ids are made from it (`socket.getfqdn`), and it never leaves the machine."""
    assert socket.getfqdn()
    assert socket.gethostbyname("localhost") == "127.0.0.1"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_local_names_are_still_looked_up(host: str) -> None:
    assert socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM)


def test_a_local_server_can_still_be_reached() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_frozen_today_is_the_same_wednesday_every_run(frozen_today) -> None:
    assert timezone.localdate() == date(2026, 3, 18)
    assert timezone.now() >= frozen_today  # the clock keeps running from there
