"""Every response carries the security headers; no page needs inline script; bodies too large are refused unread."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR) / "putright"


@pytest.mark.parametrize("name", ["portal:start", "portal:sign_in", "login", "cases:my_cases", "admin:login"])
def test_every_response_has_csp_hsts_and_permissions_policy(client, db, complaints_officer, name):
    client.force_login(complaints_officer)
    response = client.get(reverse(name), secure=True)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_errors_carry_the_headers_too(client, db):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_no_page_template_has_inline_script_or_event_handlers():
    """Pages only (emails and letters are not run by a browser under the policy)."""
    offenders = []
    for path in ROOT.rglob("templates/**/*.html"):
        if "notifications/templates/notifications" in str(path) or "/email/" in str(path):
            continue
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        for match in re.finditer(r"<style(?![^>]*nonce=)[^>]*>", text):
            offenders.append(f'{path.relative_to(ROOT)}: {match.group(0)} (give it nonce="{{{{ csp_nonce }}}}")')
    assert not offenders, "\n".join(offenders)


def test_the_print_pages_style_carries_the_responses_nonce(client, manager, make_case):
    make_case()
    client.force_login(manager)
    response = client.get(reverse("reporting:annual_print"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_a_body_larger_than_the_page_accepts_is_refused_before_it_is_read(db):
    client = Client()

    class Exploding:
        """A request body that fails the test if anything reads it."""

        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("portal:sign_in"),
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(300 * 1024 * 1024),
        "wsgi.input": Exploding(),
    }
    response = client.handler(client._base_environ(**environ))
    assert response.status_code == 413
    assert "the limit is 2 MB" in response.content.decode()
    # The public form's evidence step takes up to 5 files of 10 MB, and no more.
    environ["PATH_INFO"] = reverse("portal:step", args=["complaint", "evidence"])
    assert client.handler(client._base_environ(**environ)).status_code == 413
    environ["CONTENT_LENGTH"] = str(40 * 1024 * 1024)
    environ["wsgi.input"] = __import__("io").BytesIO(b"")
    # Under the limit the step reads the body: with no form started, it sends the visitor to the form's start.
    assert client.handler(client._base_environ(**environ)).status_code == 302


def test_a_chunked_body_without_a_length_is_refused_unread_rather_than_lost(db):
    """Django reads a body only as far as its Content-Length: a chunked upload would arrive empty, so it is refused."""
    client = Client()

    class Exploding:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("portal:step", args=["complaint", "evidence"]),
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": Exploding(),
        "wsgi.input_terminated": True,
    }
    base = client._base_environ(**environ)
    base.pop("CONTENT_LENGTH", None)
    response = client.handler(base)
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()
