"""What a new user met (issue 16), in a real Chromium at phone and desktop width: the sample
data says so and goes away with one button; a delete asks first; the log goes back a month at a
time; the report page offers the PDF and FHIR; on a phone the dashboard's chart keeps its
legend and labels inside it and the calendar shows the recent weeks. Screenshots land in
tests/browser/screenshots/ (flow-*)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.request import Request, urlopen

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    DESKTOP,
    PHONE,
    LiveServer,
    Watched,
    screenshot,
    shoot,
    start_server,
    stop_server,
)
from tests.browser.test_pages import wait_for_charts

pytestmark = pytest.mark.slow

# Every text of a drawn chart inside its box (a label cut by the edge sticks out of it).
OUTSIDE = """box => {
  const edge = box.getBoundingClientRect();
  return [...box.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left - edge.left, right: edge.right - r.right};
  }).filter(t => t.left < -1 || t.right < -1);
}"""


@pytest.fixture
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A demo journal of its own: this test removes its samples."""
    server = start_server(tmp_path_factory.mktemp("sample-journal"), demo=True)
    yield server
    stop_server(server)


def _api(server: LiveServer, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = Request(  # noqa: S310 - the test's own server on 127.0.0.1
        server.url + path, data=data, method=method, headers={"content-type": "application/json"}
    )
    with urlopen(request) as answer:  # noqa: S310
        return json.loads(answer.read() or b"null")


def test_the_sample_banner_leads_to_removing_exactly_the_samples(
    sample_server: LiveServer, page: Any, watched: Watched
) -> None:
    mine = _api(
        sample_server,
        "POST",
        "/api/v1/episodes",
        {"kind": "cramp", "started_at": "2026-11-24T13:00:00+00:00", "body_sites": ["calf"]},
    )
    samples = _api(sample_server, "GET", "/api/v1/sample")["entries"]
    assert samples > 1000
    for path in ("/", "/log", "/triggers"):
        page.goto(sample_server.url + path)
        banner = page.get_by_role("complementary", name="Sample data")
        expect(banner).to_contain_text(f"{samples:,} entries in this diary are made-up samples")
    shoot(page, "flow-sample-banner")
    page.get_by_role("link", name="Remove the sample entries").click()
    expect(page.locator("main h1")).to_have_text("Sample data")
    shoot(page, "flow-sample-remove-asks")
    page.get_by_role("button", name=f"Remove {samples:,} sample entries").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Removed {samples:,} sample entries; 1 entry of your own kept."
    )
    shoot(page, "flow-sample-removed")
    page.goto(sample_server.url + "/")
    expect(page.get_by_role("complementary", name="Sample data")).to_have_count(0)
    assert [e["id"] for e in _api(sample_server, "GET", "/api/v1/episodes")] == [mine["id"]]
    watched.assert_only(sample_server)
    watched.assert_no_errors()


def test_delete_asks_and_the_log_goes_back_a_month_at_a_time(
    fresh_server: LiveServer, demo_server: LiveServer, page: Any, watched: Watched
) -> None:
    saved = _api(
        fresh_server,
        "POST",
        "/api/v1/exposures",
        {"type": "caffeine", "started_at": "2026-11-24T08:00:00+00:00", "amount": 140.0},
    )
    ref = f"x{saved['id']}"
    page.goto(fresh_server.url + "/log")
    page.get_by_role("link", name=f"Delete {ref}").click()
    expect(page.locator("main h1")).to_have_text(f"Delete {ref}?")
    shoot(page, "flow-delete-asks")
    page.get_by_role("link", name="Keep it").click()
    expect(page.locator("main")).to_contain_text(ref)
    page.get_by_role("link", name=f"Delete {ref}").click()
    page.get_by_role("button", name=f"Delete {ref}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Deleted {ref}.")

    page.goto(demo_server.url + "/log")
    expect(page.locator("#month-title")).to_have_text("November 2026")
    for month in ("October 2026", "September 2026", "August 2026"):
        page.get_by_role("link", name=f"← {month}").click()
        expect(page.locator("#month-title")).to_have_text(month)
        assert page.locator("main table tbody tr").count() > 0
    shoot(page, "flow-log-august")
    watched.assert_no_errors()


def test_the_report_page_offers_the_pdf_and_fhir(
    demo_server: LiveServer, page: Any, watched: Watched
) -> None:
    page.goto(demo_server.url + "/report")
    for name in ("Download the PDF report", "Download FHIR JSON"):
        link = page.get_by_role("link", name=name)
        expect(link).to_be_visible()
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.endswith((".pdf", ".json"))
    shoot(page, "flow-report-downloads")
    watched.assert_no_errors()


def test_on_a_phone_the_charts_keep_their_labels_and_recent_weeks(
    demo_server: LiveServer, page: Any, watched: Watched
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(demo_server.url + "/")
    wait_for_charts(page, 1)
    box = page.locator("#timeline-chart")
    assert box.get_attribute("data-drawn-as") == "timeline-narrow-spec"
    assert box.evaluate(OUTSIDE) == [], "a label of the dashboard's chart is cut at 375 px"
    legend = box.locator("svg text", has_text="cramp")
    expect(legend).to_have_count(1)
    screenshot(page, "flow-phone-dashboard")

    page.goto(demo_server.url + "/triggers")
    wait_for_charts(page, 2)
    calendar = page.locator("#calendar-chart")
    assert calendar.get_attribute("data-drawn-as") == "calendar-narrow-spec"
    assert calendar.evaluate(OUTSIDE) == [], "the calendar runs past the phone's screen"
    months = calendar.locator("svg text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert "Nov" in months, f"the calendar's months at 375 px: {months}"
    screenshot(page, "flow-phone-triggers")

    page.set_viewport_size(DESKTOP)
    page.goto(demo_server.url + "/triggers")
    wait_for_charts(page, 2)
    assert calendar.get_attribute("data-drawn-as") == "calendar-spec"
    watched.assert_no_errors()
