"""The experiment page in Chromium at phone width (issue 21): each change offered with what it
would take in plain words before starting; one started from the page; today's arm in large type
with its instruction and one tap to say it was followed, with and without JavaScript; the result
with its verdict and limits once it ended, and its PDF. Screenshots at 375 px, axe-core clean."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.harness import (
    NOW,
    PHONE,
    LiveServer,
    Watched,
    _twitchwise,
    axe_check,
    screenshot,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Its own journal, with the demo's six months (never counted as the person's own), so
    experiments started here stay here."""
    started = start_server(tmp_path_factory.mktemp("experiment"), demo=True)
    yield started
    stop_server(started)


def cli(server: LiveServer, *args: str) -> str:
    env = {
        **os.environ,
        "TWITCHWISE_DATA_DIR": str(server.data_dir),
        "TWITCHWISE_NOW": NOW,
        "TWITCHWISE_TIME_ZONE": "Europe/London",
    }
    env.pop("TWITCHWISE_DATABASE_URL", None)
    done = subprocess.run([_twitchwise(), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def look(page: Any, name: str, axe_source: str) -> None:
    screenshot(page, name)
    axe_check(page, axe_source)


def test_an_experiment_on_a_phone(
    server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(server.url + "/")
    page.click("#experiment-link a")
    caffeine = page.locator("form.change-choice", has_text="No caffeine after noon")
    # the demo's samples are not the person's rate: only their own days count
    assert "log at least 7 days first" in caffeine.locator(".power").inner_text()
    assert "Length: 16 weeks, each day drawn at random" in caffeine.inner_text()
    look(page, "experiment-choose", axe_source)
    caffeine.locator("button", has_text="Start from tomorrow").click()
    assert "It starts on Wednesday 25 November" in page.locator(".experiment-today").inner_text()
    look(page, "experiment-tomorrow", axe_source)
    # the same experiment's first day, as the CLI can start it: today
    cli(server, "experiment", "stop")
    cli(server, "experiment", "start", "caffeine_after_noon", "--weeks", "4", "--start", "today")
    page.goto(server.url + "/experiment")
    arm = page.locator("#today-arm").inner_text()
    instruction = page.locator("#today-instruction").inner_text()
    assert arm in {"change day", "usual day"}
    expected = "No coffee, tea, cola" if arm == "change day" else "Have caffeine as you usually do"
    assert instruction.startswith(expected)
    size = page.locator("#today-arm").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 32, "today's arm is readable at arm's length"
    look(page, "experiment-today", axe_source)
    page.click("text=I followed it")
    assert page.locator("[role=status]", has_text="Saved.").count() == 1
    assert "(you said yes; tap again to change)" in page.locator(".adherence").inner_text()
    assert page.locator("table.experiment-days tbody tr").first.inner_text().split("\t")[2] == "yes"
    look(page, "experiment-followed", axe_source)
    page.locator("summary", has_text="End it early").click()
    page.click("text=End the experiment now")
    result = page.locator("section.result")
    assert "ended early by the person" in result.inner_text()
    assert page.locator("#verdict").inner_text().startswith("Can't tell")
    assert "Ended by you after 0 of 28 whole days" in page.locator("#limits").inner_text()
    look(page, "experiment-result", axe_source)
    pdf = page.request.get(server.url + "/experiment/report.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    watched.assert_only(server)
    watched.assert_no_errors()


def test_a_day_is_said_without_javascript(server: LiveServer, browser: Any) -> None:
    cli(server, "experiment", "start", "no_alcohol", "--weeks", "2", "--start", "today")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(server.url + "/experiment")
        page.click("text=I didn't")
        assert page.url.endswith("/experiment?saved=day")
        assert "(you said no; tap again to change)" in page.locator(".adherence").inner_text()
    finally:
        context.close()
