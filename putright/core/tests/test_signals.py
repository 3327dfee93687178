"""Subscribers hear what is published to them, once each, the kind's own before those listening to every kind."""

from __future__ import annotations

from putright.core import signals


def test_a_published_event_reaches_its_kinds_subscribers_then_everyones(monkeypatch) -> None:
    monkeypatch.setattr(signals, "_subscribers", signals.defaultdict(list))
    heard: list[tuple[str, object]] = []
    signals.subscribe(signals.ANY, lambda event: heard.append(("any", event)))
    signals.subscribe("acknowledged", lambda event: heard.append(("acknowledged", event)))

    signals.publish("acknowledged", 1)
    signals.publish("responded", 2)

    assert heard == [("acknowledged", 1), ("any", 1), ("any", 2)]


def test_subscribing_twice_still_calls_the_handler_once(monkeypatch) -> None:
    monkeypatch.setattr(signals, "_subscribers", signals.defaultdict(list))
    heard: list[object] = []
    signals.subscribe("logged", heard.append)
    signals.subscribe("logged", heard.append)

    signals.publish("logged", "event")

    assert heard == ["event"]


def test_notifications_listens_to_every_timeline_event() -> None:
    from putright.notifications.outbound.services import messages_for_event

    assert messages_for_event in signals.subscribers("note_added")


def test_a_named_signal_reaches_only_those_subscribed_to_it_by_name(monkeypatch) -> None:
    monkeypatch.setattr(signals, "_subscribers", signals.defaultdict(list))
    heard: list[tuple[str, object]] = []
    signals.subscribe("contribution.requested", lambda event: heard.append(("named", event)))
    signals.subscribe(signals.ANY, lambda event: heard.append(("any", event)))

    signals.publish("contribution.requested", "contribution", to_any=False)

    assert heard == [("named", "contribution")]
