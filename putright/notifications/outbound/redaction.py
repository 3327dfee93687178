"""Secrets an email carries only until it is sent: once it leaves the outbox, the stored copy loses them.

An app whose emails carry something that must not be readable later (a customer's sign-in link) registers a
function here from its `AppConfig.ready()`; the outbox applies it to the stored text and HTML bodies when the message
is sent or given up on, and the admin shows every body through it even while the message waits.
"""

from __future__ import annotations

from collections.abc import Callable

Redactor = Callable[[str], str]
_REDACTORS: dict[str, Redactor] = {}


def redact_after_sending(template_name: str, redactor: Redactor) -> None:
    _REDACTORS[template_name] = redactor


def has_redactor(template_name: str) -> bool:
    return template_name in _REDACTORS


def redacted(template_name: str, text: str) -> str:
    redactor = _REDACTORS.get(template_name)
    return redactor(text) if redactor is not None else text
