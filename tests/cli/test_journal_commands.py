"""The diary from the command line: log each kind, history, edit, delete, profile, check an
episode from the diary, backup and CSV, the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from twitchwise.cli import app

NOW = "2026-11-24T14:05:00+00:00"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": NOW,
        "TWITCHWISE_TIME_ZONE": "Europe/London",
        "TWITCHWISE_DATABASE_URL": "",
        "COLUMNS": "120",
    }


def run(env: dict[str, str], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env, input=input)


def ok(env: dict[str, str], *args: str) -> str:
    result = run(env, *args)
    assert result.exit_code == 0, result.output
    return result.output


def history(env: dict[str, str], *args: str) -> list[dict[str, object]]:
    return json.loads(ok(env, "history", "--json", "--days", "3650", *args))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("args", "saved"),
    [
        (
            ["episode", "--kind", "cramp", "--site", "calf", "--minutes", "3", "--at", "23:10"],
            "Saved e1: cramp calf 3 min",
        ),
        (
            ["caffeine", "--drink", "espresso", "--count", "2"],
            "Saved x1: caffeine 126 mg 2 × espresso",
        ),
        (["caffeine", "--mg", "150"], "Saved x1: caffeine 150 mg"),
        (["alcohol", "--drink", "wine", "--count", "2"], "Saved x1: alcohol 4.2 units 2 × wine"),
        (["water", "1.5L"], "Saved x1: water 1,500 ml"),
        (["sleep", "--hours", "5.5"], "Saved x1: sleep 5.5 h until 07:00"),
        (["sleep", "--from", "01:00", "--to", "06:30"], "Saved x1: sleep 5.5 h until 06:30"),
        (
            ["exercise", "--activity", "running", "--minutes", "45", "--rpe", "7"],
            "Saved x1: exercise 45 min running effort 7/10",
        ),
        (["sex", "--minutes", "30"], "Saved x1: sexual activity 30 min"),
        (["stress", "7"], "Saved x1: stress 7/10"),
        (["meal", "--magnesium-mg", "150"], "Saved x1: intake 150 mg magnesium"),
        (
            ["medication", "furosemide", "--dose-mg", "40", "--since", "2026-11-01"],
            "Saved m1: medication furosemide 40 mg a day since 2026-11-01 (ongoing)",
        ),
        (
            ["supplement", "vitamin B6", "--dose-mg", "50"],
            "Saved m1: supplement vitamin B6 50 mg a day (ongoing)",
        ),
        (["dose", "ibuprofen", "--mg", "400"], "Saved x1: medication 400 mg ibuprofen"),
        (
            ["dose", "magnesium citrate", "--mg", "200"],
            "Saved x1: supplement 200 mg magnesium citrate",
        ),
        (["note", "new running shoes"], "Saved n1: note: new running shoes"),
    ],
)
def test_each_kind_can_be_logged(env: dict[str, str], args: list[str], saved: str) -> None:
    assert saved in ok(env, "log", *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["episode", "--kind", "tremor"], "kind: must be one of"),
        (["episode", "--intensity", "11"], "intensity: must be at most 10"),
        (["episode", "--at", "next tuesday-ish"], "--at: 'next tuesday-ish' is not a time"),
        (["stress", "12"], "must be at most 10"),
        (["caffeine", "--drink", "mead"], "--drink: 'mead' is not a drink twitchwise knows"),
        (["water", "2 buckets"], "AMOUNT"),
        (
            ["medication", "x", "--since", "2026-11-10", "--until", "2026-11-01"],
            "stopped_on: is before the day it started (2026-11-10)",
        ),
        (["meal"], "give at least one of"),
        (
            ["episode", "--at", "2027-12-25T10:00"],
            "started_at: 2027-12-25 10:00 is in the future",
        ),
        (
            ["caffeine", "--mg", "90", "--at", "2026-11-24T14:20"],
            "started_at: 2026-11-24 14:20 is in the future",
        ),
    ],
)
def test_bad_entries_exit_1_with_the_reason(
    env: dict[str, str], args: list[str], message: str
) -> None:
    result = run(env, "log", *args)
    assert result.exit_code == 1, result.output
    assert "Error:" in result.output and message in result.output
    assert history(env) == []


def test_times_default_to_now_in_the_persons_zone(env: dict[str, str]) -> None:
    ok(env, "log", "episode")
    ok(env, "log", "caffeine", "--mg", "100", "--at", "yesterday 21:30")
    entries = {e["id"]: e for e in history(env)}
    assert entries["e1"]["started_at"] == "2026-11-24T14:05:00Z"  # GMT in November
    assert entries["x1"]["started_at"] == "2026-11-23T21:30:00Z"


def test_history_lists_newest_first_and_filters_by_type(env: dict[str, str]) -> None:
    ok(env, "log", "caffeine", "--mg", "100", "--at", "09:00")
    ok(env, "log", "episode", "--at", "10:00")
    ok(env, "log", "caffeine", "--mg", "200", "--at", "11:00")
    assert [e["id"] for e in history(env)] == ["x2", "e1", "x1"]
    assert [e["id"] for e in history(env, "--type", "caffeine")] == ["x2", "x1"]
    table = ok(env, "history")
    assert table.index("x2") < table.index("e1") < table.index("x1")
    bad = run(env, "history", "--type", "coffee")
    assert bad.exit_code == 1 and "is not one of: episode, caffeine" in bad.output


def test_edit_changes_a_field_and_checks_it(env: dict[str, str]) -> None:
    ok(env, "log", "episode", "--site", "calf")
    assert "Changed e1: twitch calf thigh intensity 5/10" in ok(
        env, "edit", "e1", "--set", "intensity=5", "--set", "body_sites=calf,thigh"
    )
    wrong = run(env, "edit", "e1", "--set", "pain=99")
    assert wrong.exit_code == 1 and "pain: must be at most 10" in wrong.output
    missing = run(env, "edit", "e9", "--set", "pain=1")
    assert missing.exit_code == 1 and "there is no episode e9" in missing.output


def test_delete_asks_first_and_removes_the_entry(env: dict[str, str]) -> None:
    ok(env, "log", "note", "remove me")
    kept = run(env, "delete", "n1", input="n\n")
    assert "Nothing deleted." in kept.output and len(history(env)) == 1
    assert "Deleted n1." in ok(env, "delete", "n1", "--yes")
    assert history(env) == []


def test_profile_is_shown_and_set(env: dict[str, str]) -> None:
    shown = ok(env, "profile", "--sex", "female", "--birth-year", "1990", "--pregnant")
    assert "sex: female" in shown and "pregnant: True" in shown
    bad = run(env, "profile", "--zone", "Mars/Olympus")
    assert bad.exit_code == 1 and "not a known time zone" in bad.output


def test_check_an_episode_fills_the_context_from_the_diary(env: dict[str, str]) -> None:
    ok(env, "profile", "--sex", "female", "--birth-year", "1990")
    ok(env, "log", "sleep", "--from", "yesterday 02:00", "--to", "yesterday 07:00")
    ok(
        env,
        "log",
        "caffeine",
        "--drink",
        "mug of coffee",
        "--count",
        "3",
        "--at",
        "yesterday 09:00",
    )
    ok(env, "log", "sex", "--minutes", "40", "--rpe", "7", "--at", "yesterday 22:00")
    ok(env, "log", "medication", "furosemide", "--since", "2026-11-10")
    ok(env, "log", "episode", "--site", "calf", "--context", "after_sex", "--at", "yesterday 22:50")
    data = json.loads(ok(env, "check", "--episode", "e1", "--json"))
    factors = {f["id"]: f for f in data["factors"]}
    assert factors["caffeine"]["evidence"][0].startswith("had 420 mg of caffeine in 24 h")
    assert factors["sleep"]["evidence"] == ["slept 5 h; adults need at least 7 h"]
    assert factors["exertion"]["status"] == "likely"
    flags = [flag["id"] for flag in data["triage"]["flags"]]
    assert "medication_started_before_episodes" in flags
    used = [item["id"] for item in data["from_journal"]["used"]]
    assert used == ["x1", "x2", "x3", "m1"]
    # Every soft drink counts as water from drinks (EFSA), not only what was logged as water.
    coffee = data["from_journal"]["used"][1]["what"]
    assert coffee.startswith("caffeine 420 mg") and "counted as 1,050 ml of drinks" in coffee
    shown = ok(env, "check", "--episode", "1")
    assert "From your diary, for e1" in shown and "slept 5 h (woke 07:00)" in shown


def test_history_shows_flags_a_person_would_not_report(env: dict[str, str]) -> None:
    for day, site in ((20, "calf"), (14, "calf"), (8, "eyelid"), (1, "calf")):
        ok(env, "log", "episode", "--site", site, "--at", f"2026-11-{24 - day:02d}T10:00:00+00:00")
    data = json.loads(ok(env, "check", "--episode", "e4", "--json"))
    flags = {flag["id"] for flag in data["triage"]["flags"]}
    assert {"lasting_over_two_weeks", "several_body_parts_over_time"} <= flags
    assert data["triage"]["level"] == "see_doctor"


def test_check_of_a_missing_episode_exits_1(env: dict[str, str]) -> None:
    result = run(env, "check", "--episode", "e5")
    assert result.exit_code == 1 and "there is no episode e5" in result.output


def test_backup_round_trip_through_files(env: dict[str, str], tmp_path: Path) -> None:
    ok(env, "log", "episode", "--site", "calf", "--intensity", "4")
    ok(env, "log", "water", "2L")
    ok(env, "log", "medication", "lithium", "--dose-mg", "400")
    out = tmp_path / "backup.json"
    assert "Wrote 3 entries" in ok(env, "export", "backup", "--out", str(out))
    other = {**env, "TWITCHWISE_DATA_DIR": str(tmp_path / "other")}
    assert "Added 3 entries; 0 were already" in ok(other, "import", "backup", str(out))
    assert history(other) == history(env)
    assert "Added 0 entries; 3 were already" in ok(other, "import", "backup", str(out))
    out.write_text('{"format": "twitchwise-backup", "version": 2}')
    bad = run(other, "import", "backup", str(out))
    assert bad.exit_code == 1 and "version" in bad.output


def test_csv_export_and_import(env: dict[str, str], tmp_path: Path) -> None:
    ok(env, "log", "episode", "--kind", "cramp", "--site", "calf")
    ok(env, "log", "caffeine", "--mg", "200")
    out = tmp_path / "diary.csv"
    assert "Wrote 2 rows" in ok(env, "export", "csv", "--out", str(out))
    assert out.read_text().splitlines()[0] == "time,type,value,unit,end_time,detail"
    other = {**env, "TWITCHWISE_DATA_DIR": str(tmp_path / "other")}
    assert "Added 2 entries" in ok(other, "import", "csv", str(out))
    assert "Added 0 entries; 2 were already" in ok(other, "import", "csv", str(out))
    out.write_text(out.read_text() + "yesterday,coffee,1,,,\n")
    bad = run(other, "import", "csv", str(out))
    assert bad.exit_code == 1 and "line 4" in bad.output
    assert len(history(other)) == 2


def test_the_demo_fills_only_a_fresh_journal(env: dict[str, str]) -> None:
    assert "sample entries covering 6 months" in ok(env, "demo")
    entries = history(env)
    episodes = [e for e in entries if str(e["id"]).startswith("e")]
    assert len(episodes) >= 30
    again = run(env, "demo")
    assert again.exit_code == 1 and "is not empty" in again.output


def test_quick_log_shows_what_it_understood_and_saves_after_asking(env: dict[str, str]) -> None:
    text = "legs twitching after sex, 3 coffees, slept 5h, feeling blue"
    declined = run(env, "log", text, input="n\n")
    assert "caffeine 288 mg (3 × coffee, 96 mg each)" in declined.output
    assert "? not understood (kept in the note): feeling blue" in declined.output
    assert "Nothing saved." in declined.output and history(env) == []
    saved = ok(env, "log", text, "--yes")
    assert "Saved e1, x1, x2, x3" in saved
    entries = history(env)
    kinds = sorted(str(e.get("type", "episode")) for e in entries)
    assert kinds == ["caffeine", "episode", "sexual_activity", "sleep"]
    episode = next(e for e in entries if "type" not in e)
    assert "feeling blue" in episode["notes"], "words not understood are kept, not dropped"


def test_quick_log_with_nothing_understood_keeps_the_words_as_a_note(env: dict[str, str]) -> None:
    declined = run(env, "log", "asdf qwerty", input="\n")
    assert "? not understood (kept in the note): asdf qwerty" in declined.output
    assert "Nothing saved." in declined.output, "with words not understood, no is the default"
    assert "Saved n1" in ok(env, "log", "asdf qwerty", "--yes")


def test_triggers_say_how_many_more_episodes_are_needed(env: dict[str, str]) -> None:
    ok(env, "log", "episode")
    output = ok(env, "triggers")
    assert "19 more are needed" in output
    data = json.loads(ok(env, "triggers", "--json"))
    assert (data["episodes"], data["enough_data"], data["needed_episodes"]) == (1, False, 19)


@pytest.mark.slow
def test_triggers_on_the_demo_find_the_planted_patterns_and_draw_charts(
    env: dict[str, str], tmp_path: Path
) -> None:
    ok(env, "demo")
    charts = tmp_path / "charts"
    result = run(env, "triggers", "--json", "--charts", str(charts))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "Charts:" in result.stderr
    likely = {f["id"] for f in data["findings"] if f["significant"]}
    assert {"caffeine_6h", "exercise_3h"} <= likely
    for name in ("timeline", "calendar", "forest"):
        assert (charts / f"{name}.svg").read_text().lstrip().startswith("<svg")
        assert (charts / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    shown = ok(env, "triggers")
    assert "Likely trigger: episodes were" in shown and "The numbers" in shown
