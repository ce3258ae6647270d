"""The experiment page's forms without a browser (issue 21): a length that can never reach a
verdict is refused on the page saying why, a day said with nothing running says so, and a day
said is shown back."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_page_refuses_what_cannot_work_and_shows_what_was_said(client: TestClient) -> None:
    page = client.get("/experiment")
    assert page.status_code == 200 and "A sleep target" in page.text
    short = client.post("/experiment/start", data={"change": "sleep_target", "weeks": "4"})
    assert short.status_code == 422 and "at least 12 weeks" in short.text
    word = client.post("/experiment/start", data={"change": "no_alcohol", "weeks": "two"})
    assert word.status_code == 422 and "must be a whole number of weeks" in word.text
    nothing = client.post("/experiment/day", data={"followed": "yes"})
    assert nothing.status_code == 422 and "no experiment is running" in nothing.text
    started = client.post(
        "/experiment/start", data={"change": "no_alcohol", "weeks": "2"}, follow_redirects=False
    )
    assert started.status_code == 303 and started.headers["location"] == "/experiment"
    running = client.get("/experiment").text
    assert "It starts on <strong>Wednesday 25 November</strong>" in running
    again = client.post("/experiment/start", data={"change": "no_alcohol"})
    assert again.status_code == 409 and "already running" in again.text
    early = client.post("/experiment/day", data={"followed": "yes"})
    assert early.status_code == 422 and "is not a day of this experiment" in early.text
    assert client.post("/experiment/stop", follow_redirects=False).status_code == 303
    ended = client.get("/experiment").text
    assert "what it found" in ended and "ended early by the person" in ended
