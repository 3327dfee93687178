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


MENUS_READY = """() => [...document.querySelectorAll('[data-module="moj-button-menu"]')]
  .every((menu) => menu.hasAttribute('data-moj-button-menu-init'))"""


def wait_for_menus(page: Any) -> None:
    """Wait until MoJ Frontend has folded the action buttons into their menus (its script loads after the page)."""
    page.wait_for_function(MENUS_READY)


def first_screen(page: Any) -> str:
    """The text of the headings, buttons, list items and summary values wholly inside the window."""
    wait_for_menus(page)
    return str(page.evaluate(FIRST_SCREEN_TEXT))
