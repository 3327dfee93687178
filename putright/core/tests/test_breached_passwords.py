"""A new password seen in a data breach is refused, checked against a stand-in for Pwned Passwords' range API that
the test starts: only the first five characters of the password's SHA-1 leave PutRight; when the service cannot be
reached the password is accepted (or, with PUTRIGHT_PWNED_PASSWORDS_REQUIRED, refused until it can be checked)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse

from conftest import PASSWORD

BREACHED = "correct-horse-battery-staple-2009"
NEVER_SEEN = "Wren-Quarry-Lantern-58-Oxbow"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest().upper()


class RangeAPI:
    """Answers GET /range/<5 hex> as Pwned Passwords does: suffix:count lines, with padding lines of count 0."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                api.asked.append(self.path)
                prefix = self.path.rsplit("/", 1)[-1]
                lines = [f"{'0' * 35}:0", "00000000000000000000000000000000001:3"]
                if sha1(BREACHED).startswith(prefix):
                    lines.insert(1, f"{sha1(BREACHED)[5:]}:21034")
                body = "\r\n".join(lines).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/range/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def range_api(settings: Any) -> Iterator[RangeAPI]:
    api = RangeAPI()
    settings.PUTRIGHT_PWNED_PASSWORDS_URL = api.url
    yield api
    api.stop()


def change(client: Any, new: str) -> Any:
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    return client.post(reverse("password_change"), data)


def test_a_breached_password_is_refused_and_only_five_characters_of_its_hash_are_sent(
    client: Any, lead_officer: Any, range_api: RangeAPI
) -> None:
    client.force_login(lead_officer)
    response = change(client, BREACHED)
    assert response.status_code == 200
    assert "This password has appeared in a data breach" in response.content.decode()
    assert range_api.asked == [f"/range/{sha1(BREACHED)[:5]}"]
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(PASSWORD)


def test_a_password_never_seen_in_a_breach_is_accepted(client: Any, lead_officer: Any, range_api: RangeAPI) -> None:
    client.force_login(lead_officer)
    assert change(client, NEVER_SEEN).status_code == 302
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(NEVER_SEEN)


def test_when_the_service_cannot_be_reached_the_password_is_accepted_and_a_warning_logged(
    client: Any, lead_officer: Any, range_api: RangeAPI, caplog: Any
) -> None:
    range_api.stop()
    client.force_login(lead_officer)
    assert change(client, NEVER_SEEN).status_code == 302
    assert "Pwned Passwords could not be reached" in caplog.text


def test_a_council_may_refuse_new_passwords_while_the_service_cannot_be_reached(
    client: Any, lead_officer: Any, range_api: RangeAPI, settings: Any
) -> None:
    settings.PUTRIGHT_PWNED_PASSWORDS_REQUIRED = True
    range_api.stop()
    client.force_login(lead_officer)
    response = change(client, NEVER_SEEN)
    assert "We could not check this password against known data breaches" in response.content.decode()
    lead_officer.refresh_from_db()
    assert lead_officer.check_password(PASSWORD)
