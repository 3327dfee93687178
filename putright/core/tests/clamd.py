"""A real ClamAV daemon for the tests, on a socket in the test's temporary folder, with a signature of our own.

These machines cannot download ClamAV's signatures (freshclam needs the internet), so clamd is given one local
signature: the EICAR test string (the anti-virus industry's harmless test file) found anywhere in a file. It is
written here as hex so that no file of the project carries the string itself.

Use the `clamd_socket` fixture (import it into a test module); it sets CLAMD_SOCKET and MALWARE_SCANNING=clamd.
Without clamd installed (`apt-get install clamav-daemon`) the tests that need it are skipped, unless
PUTRIGHT_REQUIRE_CLAMD is set, as CI sets it, where they fail instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

EICAR = bytes.fromhex(
    "58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e54495649"
    "5255532d544553542d46494c452124482b482a"
)


def _clamd_binary() -> str | None:
    return shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(path).exists()), None
    )


@pytest.fixture(scope="session")
def clamd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    binary = _clamd_binary()
    if binary is None:
        if os.environ.get("PUTRIGHT_REQUIRE_CLAMD"):
            pytest.fail("clamd is not installed (apt-get install clamav-daemon) but PUTRIGHT_REQUIRE_CLAMD is set")
        pytest.skip("clamd is not installed: apt-get install clamav-daemon")
    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "db" / "putright-test.ndb").write_text(f"PutRight.Test.EICAR:0:*:{EICAR.hex()}\n")
    sock = folder / "clamd.sock"
    config = folder / "clamd.conf"
    lines = [
        "Foreground yes",
        f"LocalSocket {sock}",
        f"DatabaseDirectory {folder / 'db'}",
        f"TemporaryDirectory {folder}",
        f"LogFile {folder / 'clamd.log'}",
        "StreamMaxLength 20M",
    ]
    if os.geteuid() == 0:
        lines.append("User root")  # clamd would otherwise switch to the clamav user, who cannot read the folder
    config.write_text("\n".join(lines) + "\n")
    process = subprocess.Popen(  # noqa: S603 (clamd from the system, our own config)
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while not sock.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
                pytest.fail(f"clamd did not start: {log[-2000:]}")
            time.sleep(0.1)
        yield sock
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def clamd_socket(clamd_server: Path, settings: Any) -> Path:
    settings.MALWARE_SCANNING = "clamd"
    settings.CLAMD_SOCKET = str(clamd_server)
    settings.CLAMD_TCP = ""
    return clamd_server
