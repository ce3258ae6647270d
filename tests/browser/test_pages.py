"""Every page in a real Chromium on the demo diary: it loads with its charts drawn from the app's
own scripts, asks no other host, logs no error (a CSP refusal included), fits a 375 px phone
screen, and axe-core finds nothing serious. Screenshots land in tests/browser/screenshots/."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.harness import DESKTOP, PHONE, LiveServer, Watched, axe_check, screenshot

pytestmark = pytest.mark.slow

PAGES = {
    "dashboard": "/",
    "log": "/log",
    "check": "/check",
    "triggers": "/triggers",
    "import": "/import",
    "report": "/report",
    "settings": "/settings",
    "experiment": "/experiment",
    "guide": "/guide",
    "guide-topic": "first guide topic",
    "guide-sources": "/guide/sources",
    "moderation": "/settings/moderation",
    "check-episode": "the worst recent episode's check",
}
CHARTED = {"/": 1, "/triggers": 2}


def resolve(server: LiveServer, path: str) -> str:
    if path == "first guide topic":
        topics = re.findall(r'href="(/guide/[^"/?#]+)"', server.get("/guide"))
        assert topics, "the guide index links to no topic page"
        return topics[0]
    if path == "the worst recent episode's check":
        # the dashboard's banner links to the worst recent episode; else any episode will do
        found = re.search(r'href="(/check/episode/\d+)"', server.get("/"))
        assert found, "the dashboard links to no episode's check"
        return found.group(1)
    return path


def wait_for_charts(page: Any, expected: int) -> None:
    """Wait until vega-embed has drawn every chart on the page (or given up on one)."""
    boxes = page.locator("[data-spec]")
    assert boxes.count() == expected
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-spec]')]"
        ".every(box => box.dataset.drawn === 'true' || box.dataset.error)"
    )
    failed = page.eval_on_selector_all(
        "[data-spec][data-error]", "boxes => boxes.map(b => b.id + ': ' + b.dataset.error)"
    )
    assert not failed, f"charts failed to draw: {failed}"
    assert page.locator("[data-spec][data-drawn='true'] svg").count() == expected


@pytest.mark.parametrize("name", PAGES)
def test_each_page_loads_fits_a_phone_and_passes_axe(
    name: str, demo_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    path = resolve(demo_server, PAGES[name])
    # loaded afresh at each width, as a phone would load it (charts are sized when drawn)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        response = page.goto(demo_server.url + path)
        assert response is not None and response.status == 200, path
        assert page.locator("main h1").count() == 1, f"{path} has no single h1 in main"
        wait_for_charts(page, CHARTED.get(path, 0))
        screenshot(page, name)
        axe_check(page, axe_source)

    watched.assert_only(demo_server)
    watched.assert_no_errors()


def test_the_sources_page_wraps_on_a_phone_and_links_each_publisher(
    demo_server: LiveServer, page: Any, watched: Watched
) -> None:
    """At 375 px the longest addresses break instead of widening the page, and every address is
    a real link, out of the app, to the https page of its publisher."""
    page.set_viewport_size(PHONE)
    response = page.goto(demo_server.url + "/guide/sources")
    assert response is not None and response.status == 200
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the sources page scrolls sideways at 375 px: {widths}"
    links = page.eval_on_selector_all(
        ".source-list a", "as => as.map(a => [a.href, a.rel, a.getBoundingClientRect().right])"
    )
    assert len(links) > 50
    for href, rel, right in links:
        assert href.startswith("https://") and demo_server.host not in href, href
        assert "noopener" in rel.split(), href
        assert right <= PHONE["width"] + 1, href
    shown = page.eval_on_selector_all(".source-list .address", "xs => xs.map(x => x.scrollWidth)")
    assert shown and max(shown) <= PHONE["width"], "an address is wider than the phone"
    screenshot(page, "guide-sources-wrapped")
    watched.assert_only(demo_server)
    watched.assert_no_errors()
