"""The rough edges a new user met on the pages, each gone where its cause was."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from twitchwise.knowledge import Knowledge


def test_the_episode_form_shows_symptoms_in_words_not_ids(
    client: TestClient, knowledge: Knowledge
) -> None:
    form = client.get("/log").text
    labels = re.findall(r'name="symptoms" value="([a-z_]+)"> ([^<]+)</label>', form)
    assert len(labels) > 30
    signs = {flag.id: flag.sign for flag in knowledge.flags}
    for value, label in labels:
        assert "_" not in label, label
        if value in signs:
            assert label == signs[value]
    assert ("muscle_wasting", "A muscle getting thinner or smaller") in labels


def test_the_guide_lists_medicines_once(client: TestClient) -> None:
    index = client.get("/guide").text
    assert index.count(">Medicines and supplements</a>") == 1
    assert client.get("/guide/medications").status_code == 200


def test_counts_on_the_pages_take_their_number(client: TestClient) -> None:
    client.post(
        "/api/v1/episodes",
        json={"kind": "cramp", "started_at": "2026-11-23T22:10:00+00:00", "body_sites": ["calf"]},
    )
    dashboard = " ".join(client.get("/").text.split())
    assert "1 episode in the last 30 days" in dashboard
    report = " ".join(client.get("/report").text.split())
    assert "1 episode, 0 exposures, 0 medicines and 0 notes" in report
    triggers = " ".join(client.get("/triggers").text.split())
    assert "19 more episodes are needed" in triggers
    assert not re.search(r"(?<![\d,])1 (episodes|entries|days)", dashboard + report + triggers)
