"""Input that cannot be true is refused on the pages with the message beside its field, and on
the API with the field named (the rules: domain/plausible.py). NOW is 2026-11-24 14:05 UTC."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _beside(html: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    assert found, f"no message beside {field}"
    return found.group(1)


def test_an_episode_in_the_future_is_refused_beside_its_time(client: TestClient) -> None:
    refused = client.post(
        "/log/episode",
        data={"kind": "twitch", "started_at": "2027-12-25T10:00", "body_sites": "calf"},
    )
    assert refused.status_code == 422
    assert "is in the future" in _beside(refused.text, "started_at")
    assert 'value="2027-12-25T10:00"' in refused.text  # kept, to correct
    assert client.get("/api/v1/episodes").json() == []


def test_a_few_minutes_ahead_is_a_fast_clock_not_a_mistake(client: TestClient) -> None:
    saved = client.post(
        "/log/episode",
        data={"kind": "twitch", "started_at": "2026-11-24T14:08", "body_sites": "calf"},
        follow_redirects=False,
    )
    assert saved.status_code == 303


def test_a_course_stopping_before_it_starts_says_so_beside_the_stop(client: TestClient) -> None:
    refused = client.post(
        "/settings/medications",
        data={
            "name": "ibuprofen",
            "kind": "medication",
            "started_on": "2026-11-10",
            "stopped_on": "2026-11-01",
        },
    )
    assert refused.status_code == 422
    assert "is before the day it started (2026-11-10)" in _beside(refused.text, "stopped_on")
    assert client.get("/api/v1/medications").json() == []


def test_a_birth_year_outside_a_lifetime_is_refused_beside_it(client: TestClient) -> None:
    for year, reason in (("2030", "has not come yet"), ("1901", "would make you over 120")):
        refused = client.post(
            "/settings/profile", data={"time_zone": "Europe/London", "birth_year": year}
        )
        assert refused.status_code == 422
        assert reason in _beside(refused.text, "birth_year")
    kept = client.post(
        "/settings/profile",
        data={"time_zone": "Europe/London", "birth_year": "1950"},
        follow_redirects=False,
    )
    assert kept.status_code == 303


def test_the_api_names_the_field_of_an_impossible_change(client: TestClient) -> None:
    episode = client.post(
        "/api/v1/episodes",
        json={"kind": "cramp", "started_at": "2026-11-23T22:10:00+00:00", "body_sites": ["calf"]},
    ).json()
    moved = client.patch(
        f"/api/v1/episodes/{episode['id']}", json={"started_at": "2030-01-01T00:00:00+00:00"}
    )
    assert moved.status_code == 422
    assert moved.json()["error"]["field"] == "started_at"
    assert "2030-01-01 00:00 is in the future" in moved.json()["error"]["reason"]


def test_a_missing_id_is_named_both_ways_on_the_api_and_the_pages(client: TestClient) -> None:
    missing = client.get("/api/v1/exposures/1485")
    assert missing.status_code == 404
    assert missing.json()["error"]["reason"] == (
        "there is no exposure x1485 (id 1485) in this journal"
    )
    page = client.get("/log/x1485/edit")
    assert page.status_code == 404 and "x1485 (id 1485)" in page.text
