"""A doctor's visit entered on the log page, in a real Chromium at desktop and phone width: it
is listed there, and the dashboard says when a doctor last saw the person."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.harness import LiveServer, Watched, shoot

pytestmark = pytest.mark.slow


def test_a_visit_is_entered_on_the_log_page_and_shown_on_the_dashboard(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.goto(fresh_server.url + "/log")
    page.get_by_label("What happened, in your own words").fill("calf twitching")
    page.get_by_role("button", name="Read it").click()
    page.get_by_role("button", name="Save 1 entry").click()
    page.locator("#visit summary").click()
    page.get_by_label("The day you saw the doctor").fill("2026-11-10")
    page.get_by_label("What came of it").select_option("reassured")
    page.locator("#visit").get_by_label("Note").fill("normal examination")
    shoot(page, "flow-visit-form", axe_source)
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_role("status")).to_contain_text("Saved v1")
    page.locator("#visit summary").click()
    expect(page.locator("#visit")).to_contain_text(
        "Seen by a doctor on 2026-11-10: reassured (normal examination)"
    )
    page.goto(fresh_server.url + "/")
    expect(page.locator("#last-visit")).to_contain_text("Seen by a doctor on Tue 10 Nov 2026")
    shoot(page, "flow-visit-dashboard", axe_source)
    watched.assert_only(fresh_server)
    watched.assert_no_errors()
