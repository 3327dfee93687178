"""One response for a complaint split into parts answered together: what the customer receives."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import weasyprint
from weasyprint.formatting_structure.boxes import TextBox

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, Outcome, RemedyType
from putright.cases.lifecycle import CaseDetails, RemedyDetails
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.outbound.rendering import render_message
from putright.people.models import Customer
from putright.procedures.selectors import current_version

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 20)


def printed_text(html: str) -> str:
    """Every word WeasyPrint lays out on the letter's pages, in order."""
    pages = weasyprint.HTML(string=html).render().pages
    words = [
        box.text
        for page in pages
        for box in page._page_box.descendants(placeholders=True)
        if isinstance(box, TextBox) and box.text.strip()
    ]
    # Boxes split at line ends and at bold text: one space between words, none before punctuation.
    return re.sub(r" ([.,:;])", r"\1", " ".join(" ".join(words).split()))


@pytest.fixture
def lead(make_case, lead_officer):
    case = make_case(received_at=MONDAY, lead=lead_officer, last_name="Evans")
    # No email address: the response goes by post.
    Customer.objects.filter(pk=case.customer_id).update(email="", address="2 Chapel Row\nThornbury")
    case.refresh_from_db()
    return lifecycle.acknowledge(
        case=case, actor=lead_officer, definition="Roof leak", acknowledged_on=date(2026, 3, 3), today=TODAY
    )


def answered_part(lead, complaints_officer, waste, waste_leader):
    part = lifecycle.split(
        case=lead,
        actor=complaints_officer,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="A separate issue",
            service_area=waste,
            title="Bins not collected",
            description="My bins were missed.",
            procedure_version=current_version("joint-code"),
            lead_officer=waste_leader,
        ),
        answered_together=True,
    )
    # Split after the lead's acknowledgement: the part was acknowledged with it.
    return lifecycle.respond(
        case=part,
        actor=waste_leader,
        outcome=Outcome.PARTLY_UPHELD,
        reasons="Two of the three collections were missed; the crew has been told.",
        remedies=[RemedyDetails(RemedyType.FINANCIAL, "For the missed collections.", amount=Decimal("25.00"))],
        outstanding_actions="A supervisor will watch the next two collections.",
        responded_on=date(2026, 3, 13),
        today=TODAY,
    )


def test_the_posted_response_covers_the_lead_and_each_part_and_the_part_sends_nothing(
    lead, lead_officer, complaints_officer, waste, waste_leader
):
    part = answered_part(lead, complaints_officer, waste, waste_leader)
    assert not OutboundMessage.objects.filter(case=part, template_name="stage_response").exists()

    lifecycle.respond(
        case=lead,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The contractor did not attend.",
        responded_on=date(2026, 3, 16),
        today=TODAY,
    )

    [letter] = OutboundMessage.objects.filter(case=lead, template_name="stage_response")
    assert letter.channel == MessageChannel.LETTER
    printed = printed_text(letter.body_html)
    assert "Our decision Upheld" in printed
    assert (
        f"Bins not collected ({part.reference}) Our decision: Partly upheld "
        "Two of the three collections were missed; the crew has been told." in printed
    )
    # The part's remedy and what is still to do reach the customer too.
    assert "Providing a financial remedy: For the missed collections. (£25.00)" in printed
    assert "Still to do: A supervisor will watch the next two collections." in printed
    assert "- Providing a financial remedy: For the missed collections. (£25.00)" in letter.body_text


def test_the_welsh_response_gives_each_part_too(db):
    parts = render_message(
        "stage_response", MessageLanguage.WELSH, MessageChannel.EMAIL, sample_context("stage_response")
    )

    assert "Noise from the flat upstairs (PR-2026-00043)\nEin penderfyniad: Ni chadarnhawyd\n" in parts.body_text
    assert "Rhannau eraill eich cwyn" in parts.body_html


def test_a_welsh_response_gives_the_decision_and_remedies_in_welsh(db):
    """The decision and the kind of remedy are read in the letter's language, not in the language of whoever
    recorded the response."""
    parts = render_message(
        "stage_response", MessageLanguage.WELSH, MessageChannel.EMAIL, sample_context("stage_response")
    )

    assert "Cadarnhawyd yn rhannol" in parts.body_text
    assert "Ymddiheuro" in parts.body_text
    assert "Partly upheld" not in parts.body_text
    assert "Apologising" not in parts.body_text
