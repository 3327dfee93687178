"""Debian's Chromium driven by Playwright, with axe-core on every page visited.

Skipped with a message when Chromium is absent, unless PUTRIGHT_REQUIRE_BROWSER=1 (as in CI), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import restore_procedure_presets

ROOT = Path(__file__).resolve().parents[2]
AXE_PATHS = [ROOT / "node_modules" / "axe-core" / "axe.min.js", ROOT / "var" / "axe.min.js"]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
INSTALL_HINT = "Install Debian's Chromium to run the browser tests: sudo apt-get install chromium"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require_browser() -> None:
    if CHROMIUM is None:
        if os.environ.get("PUTRIGHT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required here. {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Anything the Content-Security-Policy blocked (an inline script or style a page relies on) fails the test.
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert blocked == [], f"The Content-Security-Policy blocked: {blocked}"


@pytest.fixture
def presets(transactional_db: Any) -> None:
    """Browser tests commit real rows and the database is flushed after each; put the presets back first."""
    restore_procedure_presets()


def axe_violations(page: Any) -> list[tuple[str, str, list[str]]]:
    axe = next((path for path in AXE_PATHS if path.exists()), None)
    if axe is None:
        pytest.fail("axe-core is missing: run 'npm ci' (make test does).")
    page.evaluate(axe.read_text())  # through the DevTools protocol: the pages' CSP forbids inline script tags
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [(v["id"], v["help"], [n["target"][0] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.fixture
def assert_accessible(page: Any):  # type: ignore[no-untyped-def]
    def check() -> None:
        violations = axe_violations(page)
        assert violations == [], f"axe found problems on {page.url}: {violations}"

    return check


@pytest.fixture
def assert_accessible_on():  # type: ignore[no-untyped-def]
    """assert_accessible for a page of one's own (another viewport, another context)."""

    def for_page(own_page: Any):  # type: ignore[no-untyped-def]
        def check() -> None:
            violations = axe_violations(own_page)
            assert violations == [], f"axe found problems on {own_page.url}: {violations}"

        return check

    return for_page


@pytest.fixture
def public(presets: None, housing: Any, waste: Any, adult_social_care: Any) -> None:
    """The public side's services, and a clean slate for the per-address submission limits."""
    from django.core.cache import cache

    from putright.organisation.models import ServiceArea

    cache.clear()  # the per-address submission count is shared with the live server thread
    ServiceArea.objects.create(name="Customer services", slug="customer-services")
