"""Through the API: one night is one sleep however many sources wrote it, and the check of a
diary episode (``GET /api/v1/episodes/{id}/assessment``) reads it so."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.imports.apple_export import category, export_xml, zipped

ASLEEP = "HKCategoryValueSleepAnalysisAsleepCore"
EPISODE = {"kind": "twitch", "started_at": "2026-11-24T09:00:00+00:00", "body_sites": ["calf"]}


def sleep_of(client: TestClient, episode_id: int) -> tuple[dict[str, Any], list[str]]:
    answer = client.get(f"/api/v1/episodes/{episode_id}/assessment")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    factors = {f["id"]: f for f in body["factors"]}
    return factors["sleep"], [u["what"] for u in body["from_journal"]["used"]]


def test_apple_health_and_a_hand_logged_night_are_one_eight_hour_sleep(client: TestClient) -> None:
    export = zipped(
        export_xml(
            [
                category(
                    "SleepAnalysis",
                    "2026-11-23 23:19:00 +0000",
                    "2026-11-24 07:19:00 +0000",
                    ASLEEP,
                )
            ]
        )
    )
    job = client.post("/api/v1/imports", files={"file": ("export.zip", export)}).json()
    client.app.state.web.jobs.wait(job["id"])  # type: ignore[attr-defined]
    assert client.get(f"/api/v1/imports/{job['id']}").json()["state"] == "done"
    hand = {
        "type": "sleep",
        "started_at": "2026-11-23T23:26:00+00:00",
        "ended_at": "2026-11-24T04:18:00+00:00",
    }
    made = client.post("/api/v1/exposures", json=hand)
    assert made.status_code == 201 and made.json()["source"] == "manual"
    listed = client.get("/api/v1/exposures?type=sleep").json()
    assert sorted(e["source"] for e in listed) == ["apple_health", "manual"]  # both kept
    episode = client.post("/api/v1/episodes", json=EPISODE).json()
    sleep, used = sleep_of(client, episode["id"])
    assert sleep["status"] == "unlikely"
    assert "slept 4.9 h (woke 04:18): part of one night of 8 h" in used


def test_two_hand_logged_sleeps_of_one_night_count_once_and_a_nap_stays_apart(
    client: TestClient,
) -> None:
    for start, end in (
        ("2026-11-23T23:00:00+00:00", "2026-11-24T05:00:00+00:00"),
        ("2026-11-24T00:30:00+00:00", "2026-11-24T05:00:00+00:00"),
        ("2026-11-24T13:00:00+00:00", "2026-11-24T14:00:00+00:00"),  # a nap
    ):
        body = {"type": "sleep", "started_at": start, "ended_at": end}
        assert client.post("/api/v1/exposures", json=body).status_code == 201
    later = {**EPISODE, "started_at": "2026-11-24T14:02:00+00:00"}
    episode = client.post("/api/v1/episodes", json=later).json()
    sleep, _ = sleep_of(client, episode["id"])
    assert sleep["status"] != "unlikely"
    assert sleep["evidence"] == ["slept 6 h; adults need at least 7 h"]  # not 10.5, not 7


def test_the_assessment_of_an_unknown_episode_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/episodes/999/assessment").status_code == 404
