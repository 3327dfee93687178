"""What a person sees on a page before scrolling."""

from __future__ import annotations

from typing import Any

FIRST_SCREEN_TEXT = """() => [...document.querySelectorAll(
    'main h1, main h2, main h3, main .govuk-button, main li, main dd')]
  .filter((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.bottom <= window.innerHeight;
  })
  .map((element) => element.innerText).join('\\n')"""


def first_screen(page: Any) -> str:
    """The text of the headings, buttons, list items and summary values wholly inside the window."""
    return str(page.evaluate(FIRST_SCREEN_TEXT))
