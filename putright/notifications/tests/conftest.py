"""A real SMTP server in the test process (aiosmtpd), on a free port, and MAILERS pointed at it."""

from __future__ import annotations

import email
import socket
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class Collect:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class SmtpServer:
    """Start and stop like a real mail server: while stopped, connections to its port are refused."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = Collect()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Message]:
        return self.handler.received

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings: Any, tmp_path: Any) -> Any:
    """An SMTP server, not yet started, with MAILERS pointing at it; letters are written under tmp_path."""
    server = SmtpServer(free_port())
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    yield server
    server.stop()


@pytest.fixture
def running_smtp(smtp: SmtpServer) -> SmtpServer:
    smtp.start()
    return smtp
