"""A stand-in for GOV.UK Notify's API on 127.0.0.1, for tests: the endpoints PutRight calls, answered as Notify does.

It checks every request's Bearer token as Notify does (a JWT signed HS256 with the API key's secret, `iss` the
service id, `iat` within 30 seconds), records the JSON posted to /v2/notifications/{email,sms,letter}, lists
notifications by reference (GET /v2/notifications?reference=...), and can be told to answer 400 or 500.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

CHANNELS = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms", "/v2/notifications/letter": "letter"}


def make_api_key(name: str = "putright_test") -> str:
    """A key in Notify's format: name-<service id>-<secret>."""
    return f"{name}-{uuid.uuid4()}-{uuid.uuid4()}"


@dataclass
class Notification:
    id: str
    channel: str
    body: dict[str, Any]

    @property
    def reference(self) -> str:
        return str(self.body.get("reference", ""))


@dataclass
class Answer:
    """What to answer the next POSTs with instead of 201; `record` keeps the notification anyway (a lost reply)."""

    status: int
    message: str
    record: bool = False


@dataclass
class FakeNotify:
    api_key: str
    notifications: list[Notification] = field(default_factory=list)
    refused_tokens: list[str] = field(default_factory=list)  # why each refused request's token was refused
    answer: Answer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def service_id(self) -> str:
        return self.api_key[-73:-37]

    @property
    def secret(self) -> str:
        return self.api_key[-36:]

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> None:
        """Listen on a free port, or on `port` again after `stop()` (as a service coming back)."""
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.server.fake = self  # type: ignore[attr-defined]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def posted(self, channel: str) -> list[dict[str, Any]]:
        return [notification.body for notification in self.notifications if notification.channel == channel]

    def check_token(self, header: str) -> str:
        """ "" if the Authorization header carries a token Notify would accept; otherwise why not."""
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            return "no Bearer token"
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], options={"require": ["iss", "iat"]})
        except jwt.InvalidTokenError as error:
            return f"invalid token: {error}"
        if claims["iss"] != self.service_id:
            return "iss is not the service id"
        if abs(time.time() - int(claims["iat"])) > 30:
            return "iat is more than 30 seconds away"
        return ""


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    @property
    def fake(self) -> FakeNotify:
        return self.server.fake  # type: ignore[attr-defined,no-any-return]

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the tests assert what matters
        pass

    def reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status: int, kind: str, message: str) -> None:
        self.reply(status, {"status_code": status, "errors": [{"error": kind, "message": message}]})

    def authorised(self) -> bool:
        problem = self.fake.check_token(self.headers.get("Authorization", ""))
        if problem:
            with self.fake.lock:
                self.fake.refused_tokens.append(problem)
            self.error(403, "AuthError", f"Invalid token: {problem}")
        return not problem

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if not self.authorised():
            return
        channel = CHANNELS.get(urlsplit(self.path).path)
        if channel is None:
            self.error(404, "ResourceNotFound", "Not found")
            return
        notification = Notification(str(uuid.uuid4()), channel, body)
        answer = self.fake.answer
        with self.fake.lock:
            if answer is None or answer.record:
                self.fake.notifications.append(notification)
        if answer is not None:
            kind = "BadRequestError" if answer.status < 500 else "Exception"
            self.error(answer.status, kind, answer.message)
            return
        self.reply(201, {"id": notification.id, "reference": notification.reference or None, "uri": self.path})

    def do_GET(self) -> None:
        if not self.authorised():
            return
        url = urlsplit(self.path)
        if url.path != "/v2/notifications":
            self.error(404, "ResourceNotFound", "Not found")
            return
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        with self.fake.lock:
            found = [
                {"id": n.id, "reference": n.reference, "type": n.channel, "status": "created"}
                for n in reversed(self.fake.notifications)
                if n.reference == query.get("reference", n.reference)
                and n.channel == query.get("template_type", n.channel)
            ]
        self.reply(200, {"notifications": found, "links": {"current": self.path}})
