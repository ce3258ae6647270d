"""Doctor's visits through the API: created, read, listed, changed, deleted, refused; and the
check of a diary episode (``GET /api/v1/episodes/{id}/assessment``) reads them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.test_api import assert_error

VISIT = {"on": "2026-11-10", "outcome": "reassured", "note": "normal examination"}
SEEN = "seen by a doctor on 2026-11-10: reassured"


def add_episode(client: TestClient, day: str, *sites: str, **more: Any) -> int:
    body = {"kind": "twitch", "started_at": f"2026-{day}T09:00:00+00:00", "body_sites": sites}
    answer = client.post("/api/v1/episodes", json={**body, **more})
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def flags_of(client: TestClient, episode_id: int) -> tuple[str, dict[str, Any]]:
    body = client.get(f"/api/v1/episodes/{episode_id}/assessment").json()
    return body["triage"]["level"], {f["id"]: f["seen_by_doctor"] for f in body["triage"]["flags"]}


def test_a_visit_is_created_read_listed_changed_and_deleted(client: TestClient) -> None:
    made = client.post("/api/v1/visits", json=VISIT)
    assert made.status_code == 201, made.text
    visit = made.json()
    assert visit == {**VISIT, "id": visit["id"]}
    url = f"/api/v1/visits/{visit['id']}"
    assert client.get(url).json() == visit
    assert client.get("/api/v1/visits").json() == [visit]
    changed = client.patch(url, json={"outcome": "referred"})
    assert changed.status_code == 200 and changed.json()["outcome"] == "referred"
    assert_error(client.post("/api/v1/visits", json={**VISIT, "outcome": "referred"}), 409, "entry")
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/visits").json() == []


def test_a_wrong_visit_is_refused_naming_the_field(client: TestClient) -> None:
    assert_error(client.post("/api/v1/visits", json={**VISIT, "outcome": "cured"}), 422, "outcome")
    assert_error(client.post("/api/v1/visits", json={"outcome": "treated"}), 422, "on")
    assert_error(client.post("/api/v1/visits", json={**VISIT, "on": "10/11/2026"}), 422, "on")


def test_a_visit_silences_the_history_it_covered_until_a_new_place(client: TestClient) -> None:
    for day in ("10-20", "10-24", "10-28", "11-01", "11-05", "11-09"):
        add_episode(client, day, "calf")
    add_episode(client, "11-08", "arm")
    after = add_episode(client, "11-13", "calf")
    level, flags = flags_of(client, after)
    assert level == "see_doctor" and flags["lasting_over_two_weeks"] is None
    assert client.post("/api/v1/visits", json=VISIT).status_code == 201
    level, flags = flags_of(client, after)
    assert level == "self_care"
    assert flags == {"lasting_over_two_weeks": SEEN, "several_body_parts_over_time": SEEN}
    weak = add_episode(client, "11-14", "calf", symptoms=["weakness"])
    level, flags = flags_of(client, weak)
    assert level == "see_doctor" and flags["weakness"] is None
    assert flags["lasting_over_two_weeks"] is None
    back = add_episode(client, "11-16", "back")
    level, flags = flags_of(client, back)
    assert level == "see_doctor" and flags["lasting_over_two_weeks"] is None


def test_the_assessment_endpoint_takes_a_visit_in_the_history_too(client: TestClient) -> None:
    request = {
        "episode": {"kind": "twitch", "body_sites": ["calf"], "persisting_days": 40},
        "history": {"doctor_visit": {"on": "2026-11-10", "outcome": "treated"}},
    }
    body = client.post("/api/v1/assessments", json=request).json()
    flags = {f["id"]: f["seen_by_doctor"] for f in body["triage"]["flags"]}
    assert flags == {"lasting_over_two_weeks": "seen by a doctor on 2026-11-10: treated"}
    assert body["triage"]["level"] == "self_care"
    request["history"]["doctor_visit"]["new_since"] = ["a new body place since the visit: back"]
    body = client.post("/api/v1/assessments", json=request).json()
    assert body["triage"]["level"] == "see_doctor"


def test_the_log_page_form_saves_lists_and_deletes_a_visit(client: TestClient) -> None:
    page = client.get("/log").text
    assert 'action="/visits"' in page and "visit about this" in page
    saved = client.post(
        "/visits",
        data={"on": "2026-11-10", "outcome": "reassured", "note": "normal exam"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/log?saved=v1"
    shown = client.get("/log").text
    assert "Seen by a doctor on 2026-11-10: reassured (normal exam)" in shown
    assert client.get("/api/v1/visits").json()[0]["note"] == "normal exam"
    gone = client.post("/visits/1/delete", follow_redirects=False)
    assert gone.status_code == 303
    assert client.get("/api/v1/visits").json() == []


def test_the_visit_form_names_a_wrong_field(client: TestClient) -> None:
    wrong = client.post("/visits", data={"on": "", "outcome": "cured"})
    assert wrong.status_code == 422
    assert 'id="on-error"' in wrong.text and 'id="outcome-error"' in wrong.text
    future = client.post("/visits", data={"on": "2026-12-24", "outcome": "treated"})
    assert future.status_code == 422 and "is in the future" in future.text
    assert client.get("/api/v1/visits").json() == []


def test_the_dashboard_says_when_a_doctor_last_saw_the_person(client: TestClient) -> None:
    add_episode(client, "11-20", "calf")
    assert "last-visit" not in client.get("/").text
    client.post("/api/v1/visits", json=VISIT)
    shown = client.get("/").text
    assert "Seen by a doctor on Tue 10 Nov 2026: reassured (normal examination)." in shown
