"""Refuse a new password that has appeared in a data breach, using Have I Been Pwned's Pwned Passwords.

The range API keeps the password private (k-anonymity): only the first five characters of its SHA-1 are sent, and
the service answers with every breached hash starting with them (and padding, so the answer's size says nothing);
the match is made here. The address is a setting (PUTRIGHT_PWNED_PASSWORDS_URL), so a council may run its own copy
of the list, and tests start a stand-in.

When the service cannot be reached (down, slow, no network) the password is accepted, because refusing every
password change while a third party is down would lock people out of their accounts; the other validators (length,
common passwords, likeness to the name) still apply, and a warning is logged. A council that would rather refuse
sets PUTRIGHT_PWNED_PASSWORDS_REQUIRED=1: the person is then asked to try again in a few minutes.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

logger = logging.getLogger(__name__)


class ServiceUnavailable(Exception):
    pass


@sensitive_variables("password", "digest", "suffix")
def times_breached(password: str) -> int:
    """How many times Pwned Passwords has seen this password (0: never). Raises ServiceUnavailable."""
    digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
    prefix, suffix = digest[:5], digest[5:]
    url = str(settings.PUTRIGHT_PWNED_PASSWORDS_URL).rstrip("/") + "/" + prefix
    try:
        response = requests.get(
            url,
            headers={"Add-Padding": "true", "User-Agent": "PutRight password check"},
            timeout=float(settings.PUTRIGHT_PWNED_PASSWORDS_TIMEOUT),
        )
    except (requests.RequestException, OSError) as error:
        raise ServiceUnavailable(str(error)) from error
    if response.status_code != 200:
        raise ServiceUnavailable(f"answered {response.status_code}")
    for line in response.text.splitlines():
        candidate, _, count = line.strip().partition(":")
        if candidate.upper() == suffix:
            try:
                return int(count)
            except ValueError:
                return 1
    return 0


class BreachedPasswordValidator:
    """One of AUTH_PASSWORD_VALIDATORS: a password seen in a breach is refused, with a plain reason."""

    @sensitive_variables("password")
    def validate(self, password: str, user: Any = None) -> None:
        if not settings.PUTRIGHT_PWNED_PASSWORDS_URL:
            return
        try:
            seen = times_breached(password)
        except ServiceUnavailable as error:
            logger.warning("Pwned Passwords could not be reached (%s); the new password was not checked.", error)
            if settings.PUTRIGHT_PWNED_PASSWORDS_REQUIRED:
                raise ValidationError(
                    "We could not check this password against known data breaches. Try again in a few minutes.",
                    code="password_breach_check_unavailable",
                ) from error
            return
        if seen:
            raise ValidationError(
                "This password has appeared in a data breach, so others may try it. Choose a different password.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be one that has appeared in a known data breach."
