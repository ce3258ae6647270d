"""``/api/v1/experiments`` (issue 21): the proposal before starting, a start answered with its
schedule, a day recorded, where it stands, the result, a stop and the PDF, as documented in
docs/api.md; a POST sent twice with one Idempotency-Key starts one experiment; mistakes answer
the one error shape with the field."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import NOW
from twitchwise.domain.experiments import PowerEstimate
from twitchwise.domain.journal import LoggedEpisode

CURRENT = "/api/v1/experiments/current"


@dataclass
class MovingClock:
    at: datetime

    def now(self, zone: tzinfo) -> datetime:
        return self.at.astimezone(zone)


def with_history(client: TestClient) -> MovingClock:
    """Three weeks of diary before NOW, and a clock the test moves."""
    web: Any = client.app.state.web  # type: ignore[attr-defined]
    with web.store.write() as journal:
        for back in range(21, 0, -1):
            at = NOW - timedelta(days=back)
            journal.add(LoggedEpisode.model_validate({"kind": "twitch", "started_at": at}))
    clock = MovingClock(NOW)
    web.clock = clock
    return clock


def error_field(answer: Any) -> str:
    return str(answer.json()["error"]["field"])


def test_an_experiment_over_the_api(client: TestClient) -> None:
    clock = with_history(client)
    offered = client.get("/api/v1/experiments/proposal", params={"change": "no_alcohol"})
    assert offered.status_code == 200, offered.text
    assert offered.json()["history_days"] == 21 and offered.json()["design"] == "days"
    made = client.post("/api/v1/experiments", json={"change": "no_alcohol", "weeks": 2})
    assert made.status_code == 201, made.text
    body = made.json()
    assert set(body) == {"id", "change", "design", "schedule", "power"}
    assert set(body["power"]) == {f.name for f in fields(PowerEstimate)}
    assert body["schedule"][0] == {"date": "2026-11-25", "arm": body["schedule"][0]["arm"]}
    first = date.fromisoformat(body["schedule"][0]["date"])
    clock.at = NOW + timedelta(days=1)
    said = client.post(f"{CURRENT}/days", json={"followed": False})
    assert said.status_code == 201, said.text
    assert said.json() == {
        "date": first.isoformat(),
        "arm": body["schedule"][0]["arm"],
        "followed": False,
        "stopped": None,
    }
    clock.at = NOW + timedelta(days=2)
    state = client.get(CURRENT).json()
    assert state["experiment"]["id"] == body["id"] and state["experiment"]["status"] == "running"
    assert state["days_done"] == 1 and state["days_total"] == 14 and state["adherence"] == 0.0
    assert [d["followed"] for d in state["days"]] == [False, None]
    result = client.get(f"{CURRENT}/result").json()
    assert result["verdict"] == "cannot_tell" and result["notes"][0].startswith("Still running")
    ended = client.post(f"{CURRENT}/stop")
    assert ended.status_code == 200 and ended.json()["status"] == "abandoned"
    assert client.get(f"{CURRENT}/result").json()["status"] == "abandoned"
    pdf = client.get(f"{CURRENT}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_one_idempotency_key_starts_one_experiment(client: TestClient) -> None:
    with_history(client)
    key = {"Idempotency-Key": "start-1"}
    body = {"change": "stretch_before_bed", "weeks": 2}
    first = client.post("/api/v1/experiments", json=body, headers=key)
    again = client.post("/api/v1/experiments", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    other = client.post("/api/v1/experiments", json=body, headers={"Idempotency-Key": "start-2"})
    assert other.status_code == 409 and error_field(other) == "experiment"


def test_mistakes_name_their_field(client: TestClient) -> None:
    clock = with_history(client)
    assert client.get(CURRENT).status_code == 404
    unknown = client.post("/api/v1/experiments", json={"change": "more_sleep"})
    assert unknown.status_code == 422 and error_field(unknown) == "change"
    extra = client.post("/api/v1/experiments", json={"change": "no_alcohol", "seed": 7})
    assert extra.status_code == 422 and error_field(extra) == "seed", "the seed is the app's"
    blocks = client.post("/api/v1/experiments", json={"change": "sleep_target", "weeks": 4})
    assert blocks.status_code == 422 and error_field(blocks) == "weeks"
    assert "at least 12 weeks" in blocks.text
    client.post("/api/v1/experiments", json={"change": "no_alcohol", "weeks": 2})
    clock.at = NOW + timedelta(days=3)
    ahead = client.post(f"{CURRENT}/days", json={"followed": True, "date": "2026-11-28"})
    assert ahead.status_code == 422 and error_field(ahead) == "date"
    word = client.post(f"{CURRENT}/days", json={"followed": "yes"})
    assert word.status_code == 422 and error_field(word) == "followed"
