"""No test reaches a server or looks up a name beyond this machine: the suite's guard (conftest.py,
`local_network_only`), and the same guard in the processes tests start (workers, `manage.py` commands) through
`guarded_env`, which puts `tests/subprocess_guard` (its `sitecustomize`) on their PYTHONPATH."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

SUBPROCESS_GUARD = Path(__file__).resolve().parent / "subprocess_guard"


def guarded_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a Python process a test starts, with this guard loaded before anything else runs in it."""
    paths = [str(SUBPROCESS_GUARD), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}


def _is_local_name(host: object) -> bool:
    """A name or address on this machine: looking it up or reaching it never leaves it."""
    if host is None or host in (b"", ""):
        return True  # no host: a passive lookup, for a server to bind to
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name.rstrip(".").lower() == "localhost" or name.rstrip(".").lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: it would be looked up and reached over the network


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # a Unix socket
    return _is_local_name(address[0])


def _is_address(host: object) -> bool:
    """An IP address written out: looking it up asks no name server (reaching it is guarded on connect and send)."""
    try:
        ipaddress.ip_address((host.decode() if isinstance(host, bytes) else str(host)).split("%")[0])
    except ValueError:
        return False
    return True


def install() -> Callable[[], None]:
    """Refuse every connection, datagram or name lookup beyond this machine; returns what puts things back."""
    connect, connect_ex, sendto, sendmsg = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.socket.sendto,
        socket.socket.sendmsg,
    )
    getaddrinfo = socket.getaddrinfo
    lookups = {name: getattr(socket, name) for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr")}
    this_machine = socket.gethostname().lower()  # the fully qualified name email ids are made from (getfqdn)

    def refuse(address: object) -> None:
        raise OSError(f"Tests reach only local servers; {address!r} is not one. Start a local stand-in instead.")

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        if not _is_local(address):
            refuse(address)
        connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        if not _is_local(address):
            refuse(address)
        return connect_ex(sock, address)

    def guarded_sendto(sock: socket.socket, data: Any, *flags_and_address: Any) -> int:
        if not _is_local(flags_and_address[-1]):  # sendto(data, address) or sendto(data, flags, address)
            refuse(flags_and_address[-1])
        return sendto(sock, data, *flags_and_address)

    def guarded_sendmsg(sock: socket.socket, *args: Any) -> int:
        if len(args) > 3 and not _is_local(args[3]):  # sendmsg(buffers, ancdata, flags, address)
            refuse(args[3])
        return sendmsg(sock, *args)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not (_is_local_name(host) or _is_address(host)):
            refuse(host)
        return getaddrinfo(host, *args, **kwargs)

    def guarded_lookup(name: str) -> Any:
        lookup = lookups[name]

        def guarded(host: Any) -> Any:
            if not (_is_local_name(host) or _is_address(host) or str(host).rstrip(".").lower() == this_machine):
                refuse(host)
            return lookup(host)

        return guarded

    patched: list[tuple[Any, str, Any]] = [
        *((socket, name, guarded_lookup(name)) for name in lookups),
        (socket.socket, "connect", guarded_connect),
        (socket.socket, "connect_ex", guarded_connect_ex),
        (socket.socket, "sendto", guarded_sendto),
        (socket.socket, "sendmsg", guarded_sendmsg),
        (socket, "getaddrinfo", guarded_getaddrinfo),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    for owner, name, guarded in patched:
        setattr(owner, name, guarded)

    def undo() -> None:
        for owner, name, original in originals:
            setattr(owner, name, original)

    return undo
