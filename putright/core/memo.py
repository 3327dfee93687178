"""Reads that cannot change during one request (the organisation, its closure days), made once per request.

A web request may need the organisation several times (the working-day clock, the message to the customer, the
page itself); `RequestMemoMiddleware` keeps what was read for the length of that request only, so a change an
administrator makes is seen by the next request. Outside a request (tasks, commands, tests that call services
directly) nothing is kept and every call reads afresh, except inside `read_once()`: a task sending a batch of
messages reads the organisation once for each hundred, not three times for each message.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("putright_request_memo", default=None)


def once_per_request[T](key: Hashable, load: Callable[[], T]) -> T:
    """`load()` the first time in this request, the same object after that; `load()` every time outside one."""
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    value: T = memo[key]
    return value


def forget_request_memo() -> None:
    """Drop what this request has read, after a write that changes it (the organisation's own settings)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


@contextmanager
def read_once() -> Iterator[None]:
    """Inside the block, as in a web request: what is read is kept until the block ends."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with read_once():
            return self.get_response(request)
