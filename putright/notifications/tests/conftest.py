"""A real SMTP server in the test process (aiosmtpd), on a free port, and MAILERS pointed at it; a Notify stand-in."""

from __future__ import annotations

import email
import socket
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from putright.notifications.tests.notify_server import FakeNotify, make_api_key


class Collect:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[Message] = []
        self.peers: list[tuple[str, int]] = []  # the client's address and port: one per connection

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(email.message_from_bytes(envelope.content))
        self.peers.append(session.peer)
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

    def connection_count(self) -> int:
        """How many connections the messages came over."""
        return len(set(self.handler.peers))


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


@pytest.fixture
def notify(settings: Any, tmp_path: Any) -> Any:
    """A stand-in for GOV.UK Notify on 127.0.0.1, and the settings that make it the provider."""
    fake = FakeNotify(make_api_key())
    fake.start()
    settings.MESSAGE_PROVIDER = "notify"
    settings.NOTIFY_API_KEY = fake.api_key
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "0b6e4a3c-7f43-4d0c-9a8e-7d5f0e1c2a01"
    settings.NOTIFY_SMS_TEMPLATE_ID = "5a1d9c2e-3b4f-4e6a-8c7d-9e0f1a2b3c02"
    settings.NOTIFY_EMAIL_REPLY_TO_ID = ""
    settings.NOTIFY_LETTER_POSTAGE = "second"
    settings.NOTIFY_TIMEOUT = 5
    settings.MEDIA_ROOT = tmp_path / "media"
    yield fake
    fake.stop()
