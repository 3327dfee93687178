"""Malware scanning of files from outside (customers' evidence) with ClamAV's daemon, clamd, over its socket.

clamd's INSTREAM command takes the file in chunks, each a 4-byte big-endian length and the bytes, ended by a
zero-length chunk, and answers `stream: OK`, `stream: <signature> FOUND` or `... ERROR`. The protocol is small
enough to speak here directly rather than through a client library.

Settings (README "Security"):
- `CLAMD_SOCKET`: the path of clamd's Unix socket, or `CLAMD_TCP` as `host:port`.
- `MALWARE_SCANNING`: `clamd` (the default unless DEBUG) scans every file; `off` (the default with DEBUG, for the
  demo and development) records files as not scanned and serves them.

A file that cannot be scanned because clamd is down or not configured is kept but held ("not yet scanned"):
nobody can open it until a later scan finds it clean (`portal.jobs.scan_held_files`).
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from django.conf import settings

CHUNK_BYTES = 64 * 1024


class ScanStatus(StrEnum):
    CLEAN = "clean"  # clamd found nothing
    INFECTED = "infected"  # clamd found malware: never served
    PENDING = "pending"  # not scanned yet (the scanner was unavailable): held, never served
    NOT_SCANNED = "not_scanned"  # scanning is switched off (MALWARE_SCANNING=off): served

    @property
    def may_be_opened(self) -> bool:
        return self in (ScanStatus.CLEAN, ScanStatus.NOT_SCANNED)


@dataclass(frozen=True)
class Verdict:
    status: ScanStatus
    detail: str = ""  # the signature found, or why the scanner could not answer


class ScannerUnavailable(Exception):
    pass


def scanning_enabled() -> bool:
    return str(settings.MALWARE_SCANNING).lower() != "off"


def _connect() -> socket.socket:
    timeout = float(settings.CLAMD_TIMEOUT)
    if settings.CLAMD_SOCKET:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(str(settings.CLAMD_SOCKET))
        return sock
    if settings.CLAMD_TCP:
        host, _, port = str(settings.CLAMD_TCP).rpartition(":")
        return socket.create_connection((host, int(port)), timeout=timeout)
    raise ScannerUnavailable("no scanner is configured (set CLAMD_SOCKET or CLAMD_TCP)")


def _chunks(stream: IO[bytes]) -> Iterable[bytes]:
    while chunk := stream.read(CHUNK_BYTES):
        yield chunk


def _instream(stream: IO[bytes]) -> str:
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in _chunks(stream):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                received = sock.recv(4096)
                if not received:
                    break
                answer += received
    except OSError as error:
        raise ScannerUnavailable(f"the scanner could not be reached: {error}") from error
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(stream: IO[bytes]) -> Verdict:
    """Scan a file from its start; the stream is left at its start again."""
    if not scanning_enabled():
        return Verdict(ScanStatus.NOT_SCANNED, "scanning is switched off")
    stream.seek(0)
    try:
        answer = _instream(stream)
    except ScannerUnavailable as error:
        return Verdict(ScanStatus.PENDING, str(error))
    finally:
        stream.seek(0)
    if answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream:").removesuffix(" FOUND").strip()
        return Verdict(ScanStatus.INFECTED, signature)
    if answer.endswith(" OK"):
        return Verdict(ScanStatus.CLEAN)
    # "... ERROR" (for example a stream over clamd's StreamMaxLength) or an empty answer: try again later.
    return Verdict(ScanStatus.PENDING, f"the scanner could not scan it: {answer or 'no answer'}")
