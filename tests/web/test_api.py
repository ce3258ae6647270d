"""The JSON API of SPEC section 6: every resource created, read, changed, deleted and refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import EXAMPLE

EPISODE = {
    "kind": "cramp",
    "started_at": "2026-11-23T22:10:00+00:00",
    "body_sites": ["calf"],
    "duration_minutes": 3.0,
    "intensity": 6,
}
EXPOSURE = {"type": "caffeine", "started_at": "2026-11-23T09:00:00+00:00", "amount": 140.0}
MEDICATION = {"name": "furosemide", "dose_mg_per_day": 40.0, "started_on": "2026-11-01"}


def assert_error(response: Any, status: int, field: str) -> dict[str, Any]:
    """Every API error has one shape: the first problem's field and reason, and all of them."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["field"] == field
    assert error["reason"]
    assert error["problems"][0] == {"field": error["field"], "reason": error["reason"]}
    return dict(error)


def test_an_assessment_answers_the_request_of_section_2(client: TestClient) -> None:
    request = json.loads(EXAMPLE.read_text())
    answer = client.post("/api/v1/assessments", json=request)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {
        "triage",
        "factors",
        "plan",
        "disclaimer",
        "knowledge_version",
        "open_questions",
    }
    assert body["triage"]["level"] in {"self_care", "see_doctor", "urgent", "emergency"}


def test_a_cramp_over_ten_minutes_is_urgent_through_the_api(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/assessments", json={"episode": {"kind": "cramp", "duration_minutes": 15}}
    )
    assert answer.json()["triage"]["level"] == "urgent"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"episode": {"kind": "crump"}}, "episode.kind"),
        ({"episode": {"kind": "twitch", "intensity": 11}}, "episode.intensity"),
        ({"episode": {"kind": "twitch"}, "mood": "low"}, "mood"),
        ({}, "episode.kind"),
        ({"episode": {"kind": "twitch", "intensity": "6"}}, "episode.intensity"),
    ],
)
def test_a_wrong_assessment_request_names_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post("/api/v1/assessments", json=body), 422, field)


def test_a_body_that_is_not_json_is_refused_in_the_same_shape(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/assessments", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    assert "JSON" in answer.json()["error"]["reason"]


RESOURCES = [
    ("episodes", EPISODE, {"intensity": 8}, {"intensity": 12}, "intensity"),
    ("exposures", EXPOSURE, {"amount": 280.0}, {"amount": -1}, "amount"),
    ("medications", MEDICATION, {"dose_mg_per_day": 20.0}, {"name": ""}, "name"),
]


@pytest.mark.parametrize(("resource", "new", "change", "wrong", "field"), RESOURCES)
def test_each_resource_is_created_read_changed_listed_and_deleted(
    client: TestClient,
    resource: str,
    new: dict[str, Any],
    change: dict[str, Any],
    wrong: dict[str, Any],
    field: str,
) -> None:
    created = client.post(f"/api/v1/{resource}", json=new)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert isinstance(entry["id"], int)
    url = f"/api/v1/{resource}/{entry['id']}"
    assert client.get(url).json() == entry

    changed = client.patch(url, json=change)
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in change} == change
    untouched = set(new) - set(change) - {"started_at"}
    assert {k: changed.json()[k] for k in untouched} == {k: entry[k] for k in untouched}

    assert_error(client.patch(url, json=wrong), 422, field)
    assert client.get(url).json() == changed.json(), "a refused change must change nothing"

    listed = client.get(f"/api/v1/{resource}").json()
    assert [item["id"] for item in listed] == [entry["id"]]

    assert client.delete(url).status_code == 204
    assert_error(client.get(url), 404, "id")
    assert_error(client.delete(url), 404, "id")
    assert_error(client.patch(url, json=change), 404, "id")
    assert client.get(f"/api/v1/{resource}").json() == []


@pytest.mark.parametrize(
    ("resource", "body", "field"),
    [
        ("episodes", {**EPISODE, "started_at": "2026-11-23T22:10:00"}, "started_at"),
        ("episodes", {k: v for k, v in EPISODE.items() if k != "started_at"}, "started_at"),
        ("episodes", {**EPISODE, "colour": "red"}, "colour"),
        ("exposures", {**EXPOSURE, "type": "chocolate"}, "type"),
        ("exposures", {**EXPOSURE, "amount": 50_000.0}, "(request)"),
        ("medications", {**MEDICATION, "stopped_on": "2026-10-01"}, "stopped_on"),
        # NOW is 2026-11-24 14:05 UTC: a few minutes' slack, then the future is refused
        ("episodes", {**EPISODE, "started_at": "2027-12-25T10:00:00+00:00"}, "started_at"),
        ("episodes", {**EPISODE, "started_at": "2026-11-24T14:20:00+00:00"}, "started_at"),
        (
            "exposures",
            {
                "type": "sleep",
                "started_at": "2026-11-24T06:00:00+00:00",
                "ended_at": "2026-11-24T15:00:00+00:00",
            },
            "ended_at",
        ),
    ],
)
def test_a_wrong_entry_is_refused_and_nothing_is_saved(
    client: TestClient, resource: str, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(f"/api/v1/{resource}", json=body), 422, field)
    assert client.get(f"/api/v1/{resource}").json() == []


def test_a_patch_cannot_set_a_field_the_entry_does_not_have(client: TestClient) -> None:
    entry = client.post("/api/v1/episodes", json=EPISODE).json()
    assert_error(client.patch(f"/api/v1/episodes/{entry['id']}", json={"mood": 3}), 422, "mood")


def test_an_episode_id_does_not_reach_an_exposure(client: TestClient) -> None:
    episode = client.post("/api/v1/episodes", json=EPISODE).json()
    assert_error(client.get(f"/api/v1/exposures/{episode['id']}"), 404, "id")


def test_lists_filter_by_time_and_type_newest_first(client: TestClient) -> None:
    for hour, kind in [(8, "caffeine"), (9, "water"), (10, "caffeine")]:
        body = {"type": kind, "started_at": f"2026-11-23T{hour:02}:00:00+00:00", "amount": 100.0}
        client.post("/api/v1/exposures", json=body)
    caffeine = client.get("/api/v1/exposures", params={"type": "caffeine"}).json()
    assert [item["started_at"][11:13] for item in caffeine] == ["10", "08"]
    later = client.get("/api/v1/exposures", params={"since": "2026-11-23T09:00:00+00:00"}).json()
    assert len(later) == 2
    assert len(client.get("/api/v1/exposures", params={"limit": 1}).json()) == 1
    assert_error(client.get("/api/v1/exposures", params={"limit": 0}), 422, "limit")
    assert_error(client.get("/api/v1/exposures", params={"type": "tea"}), 422, "type[0]")


def test_triggers_answer_as_the_command_line_does(demo_client: TestClient) -> None:
    report = demo_client.get("/api/v1/triggers").json()
    assert {"episodes", "enough_data", "needed_episodes", "findings"} <= set(report)
    assert report["enough_data"] is True
    finding = report["findings"][0]
    for key in (
        "exposure",
        "window_hours",
        "threshold",
        "rate_ratio",
        "odds_ratio",
        "ci_low",
        "ci_high",
    ):
        assert key in finding


def test_an_import_runs_in_the_background_and_reports_its_progress(
    client: TestClient, tmp_path: Path
) -> None:
    rows = "time,type,value,unit,end_time,detail\n" + "".join(
        f"2026-11-{day:02}T08:00:00+00:00,caffeine,{100 + day},mg,,\n" for day in range(1, 21)
    )
    started = client.post("/api/v1/imports", files={"file": ("diary.csv", rows.encode())})
    assert started.status_code == 202
    job = started.json()
    assert job["kind"] == "csv" and job["state"] in {"queued", "running", "done"}
    client.app.state.web.jobs.wait(job["id"])  # type: ignore[attr-defined]
    finished = client.get(f"/api/v1/imports/{job['id']}").json()
    assert finished["state"] == "done" and finished["percent"] == 100.0
    assert finished["report"]["added"] == 20
    assert finished["report"]["types"] == [
        {"type": "caffeine", "kept": 20, "merged": 0, "skipped": 0}
    ]
    assert len(client.get("/api/v1/exposures").json()) == 20


def test_a_failed_import_saves_nothing_and_says_why(client: TestClient) -> None:
    header = "time,type,value,unit,end_time,detail\n"
    rows = header + "2026-11-01T08:00:00+00:00,caffeine,100,mg,,\nnot a row\n"
    job = client.post("/api/v1/imports", files={"file": ("diary.csv", rows.encode())}).json()
    client.app.state.web.jobs.wait(job["id"])  # type: ignore[attr-defined]
    failed = client.get(f"/api/v1/imports/{job['id']}").json()
    assert failed["state"] == "failed"
    assert failed["error"]["reason"]
    assert client.get("/api/v1/exposures").json() == []


def test_an_import_of_an_unknown_kind_is_refused_at_once(client: TestClient) -> None:
    assert_error(client.post("/api/v1/imports", files={"file": ("notes.txt", b"hi")}), 422, "kind")
    answer = client.post("/api/v1/imports", files={"file": ("a.csv", b"x")}, data={"kind": "word"})
    assert_error(answer, 422, "kind")
    assert_error(client.get("/api/v1/imports/nope"), 404, "id")


def test_the_backup_export_restores_the_same_diary(client: TestClient) -> None:
    client.post("/api/v1/episodes", json=EPISODE)
    client.post("/api/v1/exposures", json=EXPOSURE)
    backup = client.get("/api/v1/export/backup")
    assert backup.status_code == 200
    assert "attachment" in backup.headers["content-disposition"]
    data = backup.json()
    assert len(data["episodes"]) == 1 and len(data["exposures"]) == 1
    csv = client.get("/api/v1/export/csv")
    assert csv.text.splitlines()[0] == "time,type,value,unit,end_time,detail"
    assert len(csv.text.splitlines()) == 3


def test_the_openapi_description_lists_every_resource(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/assessments",
        "/api/v1/episodes",
        "/api/v1/episodes/{entry_id}",
        "/api/v1/exposures",
        "/api/v1/exposures/{entry_id}",
        "/api/v1/medications",
        "/api/v1/medications/{entry_id}",
        "/api/v1/triggers",
        "/api/v1/imports",
        "/api/v1/imports/{job_id}",
        "/api/v1/export/backup",
    ):
        assert path in paths, path
    assert not any(path.startswith("/log") for path in paths), "pages stay out of the API"


def test_an_unknown_api_address_answers_json(client: TestClient) -> None:
    assert_error(client.get("/api/v1/nothing"), 404, "path")
    assert_error(client.put("/api/v1/assessments", json={}), 405, "path")


def test_docs_api_names_every_route_of_the_api(client: TestClient) -> None:
    doc = (EXAMPLE.parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, methods in paths.items():
        shown = path.replace("{entry_id}", "{id}").replace("{job_id}", "{id}")
        for method in methods:
            assert f"{method.upper()} {shown}" in doc or (
                f"{method.upper()}" in doc and shown in doc
            ), f"docs/api.md does not describe {method.upper()} {path}"


def test_the_report_downloads_as_a_pdf_for_the_period_asked(demo_client: TestClient) -> None:
    answer = demo_client.get(
        "/api/v1/report.pdf", params={"from": "2026-11-01", "to": "2026-11-24"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert "2026-11-01-to-2026-11-24" in answer.headers["content-disposition"]
    backwards = demo_client.get(
        "/api/v1/report.pdf", params={"from": "2026-11-24", "to": "2026-11-01"}
    )
    assert_error(backwards, 422, "from")
    assert_error(demo_client.get("/api/v1/report.pdf", params={"from": "soon"}), 422, "from")


def test_words_give_the_same_result_as_check_text_json(client: TestClient) -> None:
    text = "my left arm went weak and twitchy about half an hour ago and my words are slurred"
    body = client.post("/api/v1/assessments", json={"text": text}).json()
    assert body["triage"]["level"] == "emergency"
    assert body["plan"] == [body["triage"]["action"]]  # nothing ahead of the ambulance
    assert {"one_sided_weakness", "difficulty_speaking"} <= set(
        body["understood"]["episode"]["symptoms"]
    )
    assert body["english"] is True
    quoted = {item["words"] for item in body["from_words"]}
    assert any("slurred" in words for words in quoted)


def test_fields_given_beside_the_words_win_and_signs_join(client: TestClient) -> None:
    body = client.post(
        "/api/v1/assessments",
        json={
            "text": "cramp in my left calf for 20 minutes, no numbness",
            "episode": {"duration_minutes": 3, "symptoms": ["weakness"]},
        },
    ).json()
    episode = body["understood"]["episode"]
    assert episode["duration_minutes"] == 3
    assert episode["body_sites"] == ["calf"]
    assert episode["symptoms"] == ["weakness"]
    assert "numbness" in episode["symptoms_absent"]
    assert body["triage"]["level"] == "urgent"  # weakness asks for a doctor today


def test_words_with_nothing_understood_still_answer_with_open_questions(
    client: TestClient,
) -> None:
    body = client.post("/api/v1/assessments", json={"text": "zzkq wibble frob"}).json()
    assert body["not_understood"] == ["zzkq wibble frob"]
    assert body["assumed"] == ["episode.kind"]
    assert body["triage"]["provisional"] is True
    assert {q["id"] for q in body["open_questions"]} >= {"one_sided_weakness", "chest_pain"}
    assert "no sign that needs a doctor" not in body["triage"]["action"].lower()


def test_words_in_another_language_are_not_taken_as_reassurance(client: TestClient) -> None:
    body = client.post(
        "/api/v1/assessments",
        json={"text": "Tengo calambres en la pantorrilla por la noche desde hace una semana"},
    ).json()
    assert body["english"] is False
    assert body["triage"]["level"] == "see_doctor"
    assert body["triage"]["flags"][0]["id"] == "not_read"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": None, "episode": None, "person": None, "context": None}, "episode.kind"),
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": 5}, "text"),
        ({"text": "cramp", "episode": {"kind": "crump"}}, "episode.kind"),
        (
            {"episode": {"kind": "cramp", "duration_minutes": None, "intensity": 12}},
            "episode.intensity",
        ),
    ],
)
def test_a_wrong_text_request_names_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post("/api/v1/assessments", json=body), 422, field)


def test_a_null_counts_as_not_given(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/assessments",
        json={"text": None, "person": None, "episode": {"kind": "cramp", "pain": None}},
    )
    assert answer.status_code == 200, answer.text
    assert "understood" not in answer.json()
