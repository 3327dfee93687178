"""Webhooks to a real HTTP server in the test: signed, retried while the receiver is down, never leaking restricted
cases to a subscription not scoped for them."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from putright.api import webhook_sending, webhooks
from putright.api.choices import DeliveryStatus, WebhookEvent
from putright.api.models import WebhookDelivery, WebhookSubscription
from putright.cases import lifecycle
from putright.cases.choices import Outcome, RemedyType


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Receiver:
    """A webhook receiver on a fixed port: while stopped, connections are refused, as when the real one is down."""

    def __init__(self, port: int, secret: str = "") -> None:
        self.port = port
        self.secret = secret
        self.received: list[dict[str, Any]] = []
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/putright"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                timestamp = self.headers["PutRight-Timestamp"]
                expected = hmac.new(receiver.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
                good = hmac.compare_digest(self.headers["PutRight-Signature"], f"v1={expected.hexdigest()}")
                receiver.received.append(
                    {"body": json.loads(body), "signed": good, "event": self.headers["PutRight-Event"]}
                )
                self.send_response(204 if good else 401)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def receiver():
    made = Receiver(free_port())
    yield made
    made.stop()


def subscribe(receiver: Receiver, *events: WebhookEvent, **extra: Any) -> WebhookSubscription:
    subscription = WebhookSubscription.objects.create(
        name="Housing system", url=receiver.url, events=[str(e) for e in events or WebhookEvent], **extra
    )
    receiver.secret = subscription.secret
    return subscription


def test_a_receiver_that_is_down_gets_every_event_once_it_is_back(receiver, make_case, lead_officer):
    subscribe(receiver)
    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="The roof leak was not repaired.")
    lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="The repair was late.")
    lifecycle.close(case=case, actor=lead_officer)

    # Down: every attempt fails, and each delivery waits its backoff before the next.
    now = timezone.now()
    assert webhook_sending.send_due(now=now) == webhook_sending.SweepResult(tried=4, delivered=0)
    failed = WebhookDelivery.objects.get(event=WebhookEvent.CASE_CREATED)
    assert failed.status == DeliveryStatus.QUEUED and failed.attempt_count == 1
    assert "Connection refused" in failed.last_error and failed.next_attempt_at > now
    assert webhook_sending.send_due(now=now + timedelta(seconds=30)).tried == 0  # not due again yet

    receiver.start()
    later = now + timedelta(minutes=5)
    assert webhook_sending.send_due(now=later) == webhook_sending.SweepResult(tried=4, delivered=4)
    assert [hit["event"] for hit in receiver.received] == [
        "case.created",
        "case.acknowledged",
        "case.responded",
        "case.closed",
    ]
    assert all(hit["signed"] for hit in receiver.received)
    assert {hit["body"]["case"]["reference"] for hit in receiver.received} == {case.reference}
    # Delivered once: another sweep sends nothing again.
    assert webhook_sending.send_due(now=later + timedelta(hours=1)).tried == 0
    delivered = WebhookDelivery.objects.get(event=WebhookEvent.CASE_CREATED)
    assert delivered.status == DeliveryStatus.DELIVERED and delivered.last_status_code == 204
    assert [attempt["status"] for attempt in delivered.attempts] == [None, 204]


def test_a_restricted_case_never_goes_to_a_subscription_not_scoped_for_it(receiver, make_case, adult_social_care):
    housing_system = subscribe(receiver)
    care_receiver = Receiver(free_port())
    care_system = subscribe(care_receiver, may_see_restricted=True)
    care_system.services.set([adult_social_care])
    receiver.start()
    care_receiver.start()
    try:
        restricted = make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits stopped")
        webhook_sending.send_due()
    finally:
        care_receiver.stop()
    assert not WebhookDelivery.objects.filter(subscription=housing_system).exists()
    assert receiver.received == []
    assert [hit["body"]["case"]["reference"] for hit in care_receiver.received] == [restricted.reference]


def test_only_the_events_a_subscription_follows_are_sent(receiver, make_case, lead_officer):
    subscribe(receiver, WebhookEvent.CASE_CLOSED)
    case = make_case(lead=lead_officer)
    lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Done on time.")
    assert not WebhookDelivery.objects.exists()
    lifecycle.close(case=case, actor=lead_officer)
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["case.closed"]


def test_a_remedy_due_is_sent_once(receiver, make_case, lead_officer):
    subscribe(receiver, WebhookEvent.REMEDY_DUE)
    case = make_case(lead=lead_officer)
    today = timezone.localdate()
    lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The repair was late.",
        remedies=[lifecycle.RemedyDetails(RemedyType.ACTION_ON_DELAY, "Repair the roof", due_date=today)],
    )
    assert webhooks.remedies_due(today - timedelta(days=1)) == 0
    assert webhooks.remedies_due(today) == 1
    assert webhooks.remedies_due(today) == 0  # the daily job running twice sends it once
    payload = WebhookDelivery.objects.get().payload
    assert payload["event"] == "remedy.due" and payload["remedy"]["due_date"] == today.isoformat()


def test_send_again_from_the_delivery_log(admin_client, receiver, make_case):
    subscribe(receiver)
    make_case()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempt_count=20)
    page = admin_client.get(reverse("admin:api_webhookdelivery_changelist"))
    assert "case.created" in page.content.decode()
    admin_client.post(
        reverse("admin:api_webhookdelivery_changelist"),
        {"action": "send_again_action", "_selected_action": [delivery.pk]},
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.attempt_count == 0
    receiver.start()
    assert webhook_sending.send_due().delivered == 1
    assert len(receiver.received) == 1


def test_a_receiver_down_for_a_weekend_still_gets_the_event(receiver, make_case):
    subscribe(receiver)
    make_case()
    now = timezone.now()
    for _ in range(16):  # every due attempt through Saturday and Sunday fails
        webhook_sending.send_due(now=now)
        now = WebhookDelivery.objects.get().next_attempt_at
    assert now - timezone.now() > timedelta(days=2)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.QUEUED
    receiver.start()
    assert webhook_sending.send_due(now=now).delivered == 1
