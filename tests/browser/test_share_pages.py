"""The share card of the report page and the page a doctor opens through a share link (issue
19), in Chromium at desktop and phone width: made by a click, shown once, the shared report
fitting a phone, axe-core clean, and gone once revoked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.harness import LiveServer, Watched, shoot

pytestmark = pytest.mark.slow


def test_a_link_made_on_the_report_page_opens_for_the_doctor_until_revoked(
    demo_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.goto(demo_server.url + "/report")
    page.fill("#share-days", "14")
    page.click("text=Make a share link")
    link = page.locator("code.share-link").inner_text()
    assert "/shared/" in link
    shoot(page, "report-share-made", axe_source)
    path = link[link.index("/shared/") :]
    response = page.goto(demo_server.url + path)
    assert response is not None and response.status == 200
    assert page.locator("main h1").inner_text().startswith("Twitches and cramps")
    assert page.locator("nav").count() == 0  # nothing of the owner's app to wander into
    shoot(page, "shared-report", axe_source)
    page.goto(demo_server.url + "/report")
    page.locator("form[action$='/revoke'] button").first.click()
    assert page.locator("td", has_text="revoked").count() >= 1
    shoot(page, "report-share-revoked", axe_source)
    gone = page.goto(demo_server.url + path)
    assert gone is not None and gone.status == 410
    watched.assert_only(demo_server)
