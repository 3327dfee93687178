"""What happens because something happened: apps subscribe to the events other apps publish.

A publisher (`cases.events.record` for timeline events) knows nothing of who listens; each app that acts on an
event says so in its `AppConfig.ready()` with `subscribe(kind, handler)`, so every side effect is listed where
the app starts, not hidden in the code that publishes. `subscribers()` lists them (the README quotes them).

Handlers run at once, in the order they subscribed, inside the publisher's transaction: what they write commits or
rolls back with the change. A handler that reaches outside the database (a queue, a mail server) does that part
in `transaction.on_commit` itself. A handler that raises stops the change, as an error in the change would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

ANY = "*"  # subscribe to every kind

Handler = Callable[[Any], object]

_subscribers: defaultdict[str, list[Handler]] = defaultdict(list)


def subscribe(kind: str, handler: Handler) -> None:
    """Call `handler(event)` whenever an event of `kind` (or of any kind, with `ANY`) is published; once only."""
    if handler not in _subscribers[kind]:
        _subscribers[kind].append(handler)


def publish(kind: str, event: object, *, to_any: bool = True) -> None:
    """Call every handler subscribed to `kind`, then those subscribed to every kind.

    `to_any=False` publishes a named signal only to those subscribed to it by name (for example "a contribution
    was asked for", whose object is not a timeline event that every-kind handlers expect).
    """
    for handler in (*_subscribers.get(kind, ()), *(_subscribers.get(ANY, ()) if to_any else ())):
        handler(event)


def subscribers(kind: str) -> list[Handler]:
    """The handlers `publish(kind, …)` calls, in order."""
    return [*_subscribers.get(kind, ()), *_subscribers.get(ANY, ())]
