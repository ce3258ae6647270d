"""`twitchwise log visit`: the history signs a doctor has seen stop raising the level until
something new appears after the visit; a symptom sign always counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.invoke import ok, run

SEEN = "seen by a doctor on 2026-11-10: reassured"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": "2026-11-24T14:05:00+00:00",
        "TWITCHWISE_TIME_ZONE": "UTC",
        "TWITCHWISE_DATABASE_URL": "",
        "COLUMNS": "120",
    }


def episode(env: dict[str, str], at: str, *sites: str, symptom: str | None = None) -> str:
    args = ["log", "episode", "--kind", "twitch", "--at", at]
    for site in sites:
        args += ["--site", site]
    if symptom:
        args += ["--symptom", symptom]
    return ok(env, *args).split(":")[0].removeprefix("Saved ")


def check(env: dict[str, str], ref: str) -> tuple[str, dict[str, Any]]:
    data = json.loads(ok(env, "check", "--episode", ref, "--json"))
    flags = {f["id"]: f.get("seen_by_doctor") for f in data["triage"]["flags"]}
    return data["triage"]["level"], flags


@pytest.fixture
def seen(env: dict[str, str]) -> str:
    """Twitching in the calf every four days since 20 October and once in the arm; a doctor
    reassured on 10 November; the calf again on 13 November."""
    for day in ("10-20", "10-24", "10-28", "11-01", "11-05", "11-09"):
        episode(env, f"2026-{day} 09:00", "calf")
    episode(env, "2026-11-08 09:00", "arm")
    after = episode(env, "2026-11-13 09:00", "calf")
    level, flags = check(env, after)
    assert level == "see_doctor"
    assert flags == {"lasting_over_two_weeks": None, "several_body_parts_over_time": None}
    saved = ok(env, "log", "visit", "--on", "2026-11-10", "--outcome", "reassured")
    assert saved.startswith("Saved v1: seen by a doctor on 2026-11-10: reassured")
    return after


def test_a_visit_silences_the_history_signs_it_covered(env: dict[str, str], seen: str) -> None:
    level, flags = check(env, seen)
    assert level == "self_care"
    assert flags == {"lasting_over_two_weeks": SEEN, "several_body_parts_over_time": SEEN}
    shown = ok(env, "check", "--episode", seen)
    assert f"({SEEN}; not raising the level)" in shown
    assert "v1: seen by a doctor on 2026-11-10: reassured" in shown


def test_a_new_body_place_after_the_visit_raises_them_again(env: dict[str, str], seen: str) -> None:
    back = episode(env, "2026-11-16 09:00", "back")
    level, flags = check(env, back)
    assert level == "see_doctor"
    assert flags["lasting_over_two_weeks"] is None
    calf = episode(env, "2026-11-19 09:00", "calf")  # the new place still counts later on
    assert check(env, calf)[0] == "see_doctor"
    shown = ok(env, "check", "--episode", calf)
    assert "new since then: a new body place since the visit: back" in shown


def test_a_symptom_sign_is_never_silenced(env: dict[str, str], seen: str) -> None:
    weak = episode(env, "2026-11-14 09:00", "calf", symptom="weakness")
    level, flags = check(env, weak)
    assert level == "see_doctor"
    assert flags["weakness"] is None
    assert flags["lasting_over_two_weeks"] is None  # and the history counts again with it


def test_a_new_medicine_after_the_visit_raises_them_again(env: dict[str, str], seen: str) -> None:
    ok(env, "log", "medication", "sertraline", "--since", "2026-11-11")
    level, flags = check(env, seen)
    assert level == "see_doctor"
    assert flags["lasting_over_two_weeks"] is None


def test_a_clear_rise_in_frequency_after_the_visit_raises_them_again(
    env: dict[str, str], seen: str
) -> None:
    """Before the visit: 7 episodes in 28 days (0.25 a day). After: 8 in 11 days."""
    for day in range(14, 21):
        episode(env, f"2026-11-{day} 09:00", "calf")
    last = episode(env, "2026-11-21 09:00", "calf")
    level, flags = check(env, last)
    assert level == "see_doctor", flags
    shown = ok(env, "check", "--episode", last)
    assert "episodes more frequent since the visit" in shown


def test_a_visit_in_the_future_is_refused(env: dict[str, str]) -> None:
    result = run(env, "log", "visit", "--on", "2026-12-01", "--outcome", "treated")
    assert result.exit_code == 1
    assert "--on" in result.output and "future" in result.output
    wrong = run(env, "log", "visit", "--outcome", "cured")
    assert wrong.exit_code != 0


def test_a_visit_moves_through_fhir_and_the_backup(env: dict[str, str], tmp_path: Path) -> None:
    episode(env, "2026-11-13 09:00", "calf")
    ok(env, "log", "visit", "--on", "2026-11-10", "--outcome", "diagnosed", "--note", "BFS")
    bundle = tmp_path / "bundle.json"
    ok(env, "export", "fhir", "--out", str(bundle))
    encounters = [
        e["resource"]
        for e in json.loads(bundle.read_text())["entry"]
        if e["resource"]["resourceType"] == "Encounter"
    ]
    assert [e["period"]["start"] for e in encounters] == ["2026-11-10"]
    other = {**env, "TWITCHWISE_DATA_DIR": str(tmp_path / "other")}
    assert "Added 2 entries" in ok(other, "import", "fhir", str(bundle))
    backup = tmp_path / "backup.json"
    ok(other, "export", "backup", "--out", str(backup))
    visits = json.loads(backup.read_text())["visits"]
    assert [(v["on"], v["outcome"], v["note"]) for v in visits] == [
        ("2026-11-10", "diagnosed", "BFS")
    ]
    third = {**env, "TWITCHWISE_DATA_DIR": str(tmp_path / "third")}
    ok(third, "import", "backup", str(backup))
    again = tmp_path / "again.json"
    ok(third, "export", "backup", "--out", str(again))
    assert json.loads(again.read_text())["visits"] == visits


def test_a_visit_is_listed_edited_and_deleted_like_other_entries(env: dict[str, str]) -> None:
    ok(env, "log", "visit", "--outcome", "treated", "--note", "magnesium")
    listed = json.loads(ok(env, "history", "--json"))
    assert listed == [{"id": "v1", "on": "2026-11-24", "outcome": "treated", "note": "magnesium"}]
    assert "Changed v1" in ok(env, "edit", "v1", "--set", "outcome=referred")
    assert "seen by a doctor on 2026-11-24: referred (magnesium)" in ok(env, "history")
    ok(env, "delete", "v1", "--yes")
    assert json.loads(ok(env, "history", "--json")) == []
