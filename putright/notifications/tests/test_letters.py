"""Letter PDFs fit a window envelope and GOV.UK Notify's rules for precompiled letters, in English and Welsh.

Notify refuses (as "validation-failed", after accepting the PDF) a letter with anything outside its printable areas.
These tests lay the letter out with WeasyPrint, as the worker does, and check where every line of text lands. The
areas are Notify's, in millimetres from the top-left corner of an A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import weasyprint
from weasyprint.formatting_structure.boxes import TextBox

from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.outbound.rendering import render_message

PX_PER_MM = 96 / 25.4
SEVEN_LINE_ADDRESS = "\n".join(  # Notify's longest address
    [
        "Ann Marie Jones-Whitfield",
        "Flat 12, Willow Court",
        "14 Station Approach",
        "Upper Thornbury",
        "Near Ashcombe",
        "Thornbury Vale",
        "TV1 4AB",
    ]
)


@dataclass(frozen=True)
class Area:
    name: str
    left: float
    top: float
    right: float
    bottom: float

    def holds(self, left: float, top: float, right: float, bottom: float) -> bool:
        return self.left <= left and self.top <= top and right <= self.right and bottom <= self.bottom


FIRST_PAGE = (
    Area("logo", 15, 5, 125, 30),
    Area("sender's details", 125, 5, 195, 95),
    Area("address window", 24.6, 39.5, 120, 66.3),
    Area("body", 15, 95, 195, 292),
)
LATER_PAGES = (Area("page", 15, 5, 195, 292),)


def lines_of_text(page):
    """(text, left, top, right, bottom) in millimetres for every line of text WeasyPrint placed on the page."""
    for box in page._page_box.descendants(placeholders=True):  # with the absolutely positioned letterhead
        if isinstance(box, TextBox) and box.text.strip():
            left, top = box.position_x / PX_PER_MM, box.position_y / PX_PER_MM
            yield box.text, left, top, left + box.width / PX_PER_MM, top + box.height / PX_PER_MM


def letter_pages(language: str, **context_changes):
    context = {**sample_context("stage_response"), **context_changes}
    parts = render_message("stage_response", language, MessageChannel.LETTER, context, address=SEVEN_LINE_ADDRESS)
    return weasyprint.HTML(string=parts.body_html).render().pages


@pytest.mark.parametrize("language", [MessageLanguage.ENGLISH, MessageLanguage.WELSH])
def test_every_line_of_a_two_page_letter_is_inside_notifys_printable_areas(db, language):
    pages = letter_pages(language, reasons="The contractor did not attend. " * 120)  # long enough for page 2

    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert (round(page.width / PX_PER_MM), round(page.height / PX_PER_MM)) == (210, 297)  # A4 portrait
        areas = FIRST_PAGE if number == 1 else LATER_PAGES
        for text, *rect in lines_of_text(page):
            assert any(area.holds(*rect) for area in areas), (number, text, [round(edge, 1) for edge in rect])


def test_the_whole_address_and_only_the_address_is_in_the_window(db):
    [first, *_] = letter_pages(MessageLanguage.ENGLISH)

    window = FIRST_PAGE[2]
    in_window = [text.strip() for text, *rect in lines_of_text(first) if window.holds(*rect)]
    assert in_window == SEVEN_LINE_ADDRESS.splitlines()


def test_the_date_and_reference_are_with_the_senders_details(db):
    [first, *_] = letter_pages(MessageLanguage.ENGLISH)

    sender = FIRST_PAGE[1]
    beside = " ".join(text for text, *rect in lines_of_text(first) if sender.holds(*rect))
    assert "Our reference: PR-2026-00042" in beside
    assert "complaints@council.example" in beside
