"""Codes as an authenticator app would show them (RFC 6238, worked out here rather than by the library under test),
and signing in through the pages as a person does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """The 6-digit code an authenticator app shows for this key now (or `steps_ahead` 30-second steps on)."""
    compact = secret.replace(" ", "").upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    counter = int(time.time()) // 30 + steps_ahead
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{number:06d}"


def secret_on_page(html: str) -> str:
    found = re.search(r'<code[^>]*id="secret">([A-Z2-7 ]+)</code>', html)
    assert found, "the set-up page shows the key to type in"
    return found.group(1)


def recovery_codes_on_page(html: str) -> list[str]:
    block = html.split('id="recovery-codes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<code>([a-z2-7]+)</code>", block)


def password_step(client: Client, username: str, url: str | None = None, next_page: str = "") -> str:
    """Post the username and password; returns where the page sends them."""
    data = {"username": username, "password": PASSWORD}
    if next_page:
        data["next"] = next_page
    response = client.post(url or reverse("login"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response.url)


def set_up_app(client: Client) -> tuple[str, list[str]]:
    """On the set-up page: read the key, enter the app's code; returns the key and the recovery codes shown."""
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    secret = secret_on_page(page.content.decode())
    done = client.post(reverse("two_factor_setup"), {"code": app_code(secret)}, follow=True)
    codes = recovery_codes_on_page(done.content.decode())
    return secret, codes
