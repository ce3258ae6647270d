"""Fixtures for the browser tests: live servers, Debian's Chromium through Playwright, a page
that records what it requested and what its console reported. See harness.py for the helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    ACCOUNTS,
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    LiveServer,
    Watched,
    missing,
    start_server,
    stop_server,
)

# a loaded two-core CI machine draws the triggers page's charts in a few seconds, not one
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on six months of demo diary: the pages, the check and the triggers read it."""
    server = start_server(tmp_path_factory.mktemp("demo-journal"), demo=True)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on an empty journal, for the flows that write: the demo pages stay as they are."""
    server = start_server(tmp_path_factory.mktemp("fresh-journal"), demo=False)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app with accounts on (``ACCOUNTS``' people, empty diaries): signing in, two steps."""
    server = start_server(tmp_path_factory.mktemp("accounts"), demo=False, accounts=ACCOUNTS)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(f"no axe-core at {AXE}")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def watched() -> Watched:
    return Watched()


@pytest.fixture
def page(browser: Any, watched: Watched) -> Iterator[Any]:
    """A fresh page (its own cookies and storage) at desktop size, with the app's CSP in force."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    opened = context.new_page()

    def on_request(request: Any) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss"):
            watched.hosts.add(url.netloc)

    opened.on("request", on_request)
    opened.on(
        "console",
        lambda message: message.type == "error" and watched.errors.append(message.text),
    )
    opened.on("pageerror", lambda error: watched.errors.append(str(error)))
    yield opened
    context.close()
