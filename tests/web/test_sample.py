"""The sample diary on the web: every page says it is there, and one button removes exactly the
sample entries; the person's own stay."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def _entries(client: TestClient) -> int:
    """Every entry of the journal, counted apart from the sample marks."""
    with client.app.state.web.store.read() as journal:  # type: ignore[attr-defined]
        return sum(journal.counts().values())


PAGES = ["/", "/log", "/check", "/triggers", "/import", "/report", "/settings", "/guide"]


def _episode(client: TestClient) -> None:
    saved = client.post(
        "/log/episode",
        data={"kind": "twitch", "started_at": "2026-11-24T09:00", "body_sites": "eyelid"},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_sample_data_is_there_while_it_is(
    demo_client: TestClient, path: str
) -> None:
    html = demo_client.get(path).text
    assert "Sample data." in html
    assert f"{_entries(demo_client):,} entries in this diary are made-up samples" in html
    assert 'href="/sample"' in html


def test_a_journal_without_samples_shows_no_banner(client: TestClient) -> None:
    _episode(client)
    assert "Sample data." not in client.get("/").text
    assert "no sample data in this diary" in client.get("/sample").text


def test_the_button_removes_exactly_the_samples_and_keeps_the_persons_own(
    demo_client: TestClient,
) -> None:
    samples = _entries(demo_client)
    _episode(demo_client)
    page = demo_client.get("/sample").text
    assert f"Remove {samples:,} sample entries" in page
    removed = demo_client.post("/sample/remove", follow_redirects=True)
    assert f"Removed {samples:,} sample entries; 1 entry of your own kept." in removed.text
    assert "Sample data." not in demo_client.get("/log").text
    episodes = demo_client.get("/api/v1/episodes").json()
    assert [e["body_sites"] for e in episodes] == [["eyelid"]]
    assert demo_client.get("/api/v1/exposures").json() == []
    assert demo_client.get("/api/v1/medications").json() == []
    with demo_client.app.state.web.store.read() as journal:  # type: ignore[attr-defined]
        profile = journal.profile()
    assert (profile.sex, profile.birth_year) == (None, None)


def test_the_api_counts_and_removes_exactly_the_samples(demo_client: TestClient) -> None:
    samples = _entries(demo_client)
    assert demo_client.get("/api/v1/sample").json() == {"entries": samples}
    mine = demo_client.post(
        "/api/v1/medications", json={"name": "omeprazole", "started_on": "2026-01-02"}
    )
    assert mine.status_code == 201, mine.text
    removed = demo_client.delete("/api/v1/sample").json()
    assert removed == {"removed": samples, "kept": 1, "profile_cleared": True}
    assert demo_client.get("/api/v1/sample").json() == {"entries": 0}
    assert [m["id"] for m in demo_client.get("/api/v1/medications").json()] == [mine.json()["id"]]
