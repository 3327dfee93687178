"""A complaint split into parts answered together: the resident gets one acknowledgement, the lead's, naming every
matter it covers; a part answered together sends nothing of its own, one answered separately keeps its letters.
Sent through the outbox to a real SMTP server."""

from __future__ import annotations

from datetime import date, datetime
from email.message import Message
from zoneinfo import ZoneInfo

import pytest

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, Outcome
from putright.cases.lifecycle import CaseDetails
from putright.notifications.models import OutboundMessage
from putright.procedures.selectors import current_version

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)

TODAY = date(2026, 3, 20)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def split_off(case, actor, service, officer, *, together: bool, title: str):
    return lifecycle.split(
        case=case,
        actor=actor,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A separate issue for another service",
            service_area=service,
            title=title,
            description="Also my bins were missed and next door is noisy.",
            procedure_version=current_version("joint-code"),
            lead_officer=officer,
        ),
        answered_together=together,
    )


def acknowledge(case, actor, on=date(2026, 3, 3)):
    if "acknowledge" not in lifecycle.allowed_actions(case):  # a part answered together is acknowledged with its lead
        return type(case).objects.get(pk=case.pk)
    return lifecycle.acknowledge(case=case, actor=actor, definition=case.title, acknowledged_on=on, today=TODAY)


def text_of(message: Message) -> str:
    return message.get_payload(0).get_payload(decode=True).decode().replace("\r\n", "\n")


def subjects(smtp) -> list[str]:
    return sorted(str(message["Subject"]) for message in smtp.received)


def test_the_resident_gets_one_acknowledgement_naming_every_matter_answered_together(
    running_smtp,
    immediate_tasks,
    make_case,
    lead_officer,
    complaints_officer,
    waste,
    waste_leader,
    django_capture_on_commit_callbacks,
):
    lead = make_case(received_at=MONDAY, lead=lead_officer, title="Roof leak not repaired")
    OutboundMessage.objects.filter(case=lead).delete()  # the lead's "we have received it", sent before the split

    with django_capture_on_commit_callbacks(execute=True):
        bins = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
        noise = split_off(lead, complaints_officer, waste, waste_leader, together=False, title="Noise next door")
        acknowledge(lead, lead_officer)
        acknowledge(bins, waste_leader)
        acknowledge(noise, waste_leader)

    # The part answered together sends nothing; the one answered separately keeps its own letters.
    assert not OutboundMessage.objects.filter(case=bins).exists()
    assert subjects(running_smtp) == sorted(
        [
            f"We are looking into your complaint ({lead.reference})",
            f"We have received your complaint ({noise.reference})",
            f"We are looking into your complaint ({noise.reference})",
        ]
    )
    [lead_acknowledgement] = [m for m in running_smtp.received if lead.reference in str(m["Subject"])]
    body = text_of(lead_acknowledgement)
    assert (
        "Your complaint covers several matters. We are looking into each of them and will answer them together, "
        "in one response:\n- Roof leak not repaired\n- Bins not collected\n"
    ) in body
    assert "Noise next door" not in body  # answered separately, in its own response
    [noise_acknowledgement] = [
        m
        for m in running_smtp.received
        if str(m["Subject"]).startswith(f"We are looking into your complaint ({noise.reference}")
    ]
    assert "several matters" not in text_of(noise_acknowledgement)


def test_a_lead_with_no_parts_acknowledges_as_before(
    running_smtp, immediate_tasks, make_case, lead_officer, django_capture_on_commit_callbacks
):
    lead = make_case(received_at=MONDAY, lead=lead_officer)

    with django_capture_on_commit_callbacks(execute=True):
        acknowledge(lead, lead_officer)

    acknowledgement = OutboundMessage.objects.get(case=lead, template_name="acknowledgement")
    assert "several matters" not in acknowledgement.body_text


def test_escalating_a_joint_response_acknowledges_once_for_the_lead_and_its_parts(
    running_smtp,
    immediate_tasks,
    make_case,
    lead_officer,
    complaints_officer,
    waste,
    waste_leader,
    head_of_service,
    django_capture_on_commit_callbacks,
):
    lead = make_case(received_at=MONDAY, lead=lead_officer, title="Roof leak not repaired")
    bins = split_off(lead, complaints_officer, waste, waste_leader, together=True, title="Bins not collected")
    for case, officer in ((bins, waste_leader), (lead, lead_officer)):
        lifecycle.respond(
            case=acknowledge(case, officer),
            actor=officer,
            outcome=Outcome.NOT_UPHELD,
            reasons="All was done on time.",
            responded_on=date(2026, 3, 16),
            today=TODAY,
        )
    OutboundMessage.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.escalate(
            case=lead, actor=complaints_officer, requested_on=date(2026, 3, 18), handler=head_of_service, today=TODAY
        )
        bins.refresh_from_db()
        lead.refresh_from_db()
        acknowledge(bins, head_of_service, on=date(2026, 3, 19))
        acknowledge(lead, head_of_service, on=date(2026, 3, 19))

    assert not OutboundMessage.objects.filter(case=bins).exists()
    [received] = running_smtp.received
    assert lead.reference in str(received["Subject"])
    assert (
        "Your complaint covers several matters. We will review each of them and answer them together, "
        "in one response:\n- Roof leak not repaired\n- Bins not collected\n"
    ) in text_of(received)
