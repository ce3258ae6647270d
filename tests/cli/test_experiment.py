"""`twitchwise experiment`: the JSON of start and result exactly as documented (docs/cli.md), a
whole short experiment driven by TWITCHWISE_NOW, the PDF report, and mistakes as exit code 1
with the field and the reason (2 for a usage error)."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.cli.invoke import ok, run
from twitchwise.domain.experiments import PowerEstimate

ZONE = ZoneInfo("Europe/Berlin")
DAY0 = date(2026, 10, 1)


def at(day: date, hour: int = 21) -> str:
    return datetime.combine(day, time(hour), ZONE).isoformat()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": at(DAY0),
        "TWITCHWISE_TIME_ZONE": ZONE.key,
        "TWITCHWISE_DATABASE_URL": "",
    }


def on(env: dict[str, str], day: date) -> dict[str, str]:
    return {**env, "TWITCHWISE_NOW": at(day)}


def log_history(env: dict[str, str]) -> None:
    for back in range(14, 0, -1):
        day = DAY0 - timedelta(days=back)
        ok(on(env, day), "log", "episode", "--kind", "twitch", "--at", at(day, 9))


def test_start_prints_exactly_the_documented_json(env: dict[str, str]) -> None:
    log_history(env)
    found = json.loads(
        ok(env, "experiment", "start", "caffeine_after_noon", "--weeks", "2", "--json")
    )
    assert set(found) == {"id", "change", "design", "schedule", "power"}
    assert (found["change"], found["design"]) == ("caffeine_after_noon", "days")
    assert isinstance(found["id"], int)
    assert all(set(day) == {"date", "arm"} for day in found["schedule"])
    assert [day["date"] for day in found["schedule"]] == [
        (DAY0 + timedelta(days=i)).isoformat() for i in range(1, 15)
    ]
    assert sorted(day["arm"] for day in found["schedule"]) == ["change"] * 7 + ["usual"] * 7
    assert set(found["power"]) == {f.name for f in fields(PowerEstimate)}
    assert found["power"]["weeks"] == 2 and found["power"]["reachable"] is True
    again = run(env, "experiment", "start", "no_alcohol", "--json")
    assert again.exit_code == 1 and "already running" in again.output


def test_a_short_experiment_from_start_to_report(env: dict[str, str], tmp_path: Path) -> None:
    log_history(env)
    started = json.loads(ok(env, "experiment", "start", "no_alcohol", "--weeks", "2", "--json"))
    assert "starts on" in ok(env, "experiment", "status")
    for day in started["schedule"]:
        when = on(env, date.fromisoformat(day["date"]))
        if day["arm"] == "usual":
            ok(
                when,
                "log",
                "episode",
                "--kind",
                "cramp",
                "--at",
                at(date.fromisoformat(day["date"]), 10),
            )
        said = ok(when, "experiment", "day", "--followed", "yes")
        assert f"({day['arm']} day): you followed it" in said
    middle = on(env, date.fromisoformat(started["schedule"][3]["date"]))
    assert "Days done: 3 of 14" in ok(middle, "experiment", "status")
    after = on(env, date.fromisoformat(started["schedule"][-1]["date"]) + timedelta(days=1))
    result = json.loads(ok(after, "experiment", "result", "--json"))
    assert {"rate_ratio", "ci", "p_value", "verdict", "adherence", "missing_days"} <= set(result)
    assert result["verdict"] in {"helps", "no_clear_effect", "cannot_tell", "worse"}
    assert result["adherence"] == 1.0 and result["missing_days"] == 0
    assert result["episodes_change"] == 0 and result["episodes_usual"] == 7
    assert result["status"] == "finished"
    words = ok(after, "experiment", "result")
    assert "Verdict:" in words and "Adherence: 100% of the days recorded" in words
    pdf = tmp_path / "experiment.pdf"
    assert "Wrote" in ok(after, "experiment", "report", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_mistakes_are_exit_code_1_with_the_reason(env: dict[str, str]) -> None:
    nothing = run(env, "experiment", "status")
    assert nothing.exit_code == 1 and "there is no experiment yet" in nothing.output
    assert run(env, "experiment", "start", "more_chocolate").exit_code == 2
    blocks = run(env, "experiment", "start", "sleep_target", "--weeks", "4")
    assert (
        blocks.exit_code == 1
        and "weeks: " in blocks.output
        and "at least 12 weeks" in blocks.output
    )
    ok(env, "experiment", "start", "no_alcohol", "--weeks", "2")
    maybe = run(env, "experiment", "day", "--followed", "maybe")
    assert maybe.exit_code == 1 and "--followed: 'maybe' is neither yes nor no" in maybe.output
    ahead = on(env, DAY0 + timedelta(days=2))
    future = run(ahead, "experiment", "day", "--date", "2026-10-05", "--followed", "yes")
    assert future.exit_code == 1 and "date: is in the future" in future.output
    before = run(ahead, "experiment", "day", "--date", "2026-09-20", "--followed", "yes")
    assert before.exit_code == 1 and "is not a day of this experiment" in before.output
    assert "ended" in ok(ahead, "experiment", "stop")
    stopped = run(ahead, "experiment", "stop")
    assert stopped.exit_code == 1 and "no experiment is running" in stopped.output


def test_a_backup_keeps_the_experiments_and_restores_them_once(
    env: dict[str, str], tmp_path: Path
) -> None:
    log_history(env)
    started = json.loads(ok(env, "experiment", "start", "no_alcohol", "--weeks", "2", "--json"))
    days = [date.fromisoformat(day["date"]) for day in started["schedule"]]
    for index, day in enumerate(days[:5]):
        ok(on(env, day), "experiment", "day", "--followed", "no" if index == 2 else "yes")
    middle = on(env, days[5])
    out = tmp_path / "backup.json"
    ok(middle, "export", "backup", "--out", str(out))
    kept = json.loads(out.read_text())["experiments"]
    assert len(kept) == 1 and kept[0]["status"] == "running"
    assert [d["followed"] for d in kept[0]["days"]] == [True, True, False, True, True]

    other = {**middle, "TWITCHWISE_DATA_DIR": str(tmp_path / "other")}
    said = ok(other, "import", "backup", str(out))
    assert "restored 1 experiment" in said
    assert ok(other, "experiment", "status") == ok(middle, "experiment", "status")
    again = ok(other, "import", "backup", str(out))
    assert "restored" not in again  # the same change, start and seed: already there
    result = json.loads(ok(other, "experiment", "result", "--json"))
    assert result == json.loads(ok(middle, "experiment", "result", "--json"))

    ok(middle, "experiment", "stop")
    ok(middle, "export", "backup", "--out", str(out))
    assert json.loads(out.read_text())["experiments"][0]["status"] == "abandoned"
    third = {**middle, "TWITCHWISE_DATA_DIR": str(tmp_path / "third")}
    ok(third, "experiment", "start", "stretch_before_bed", "--weeks", "2")
    assert "restored 1 experiment" in ok(third, "import", "backup", str(out))  # ended: no clash


def test_a_backup_with_a_damaged_experiment_is_refused_with_its_place(
    env: dict[str, str], tmp_path: Path
) -> None:
    log_history(env)
    ok(env, "experiment", "start", "no_alcohol", "--design", "blocks", "--weeks", "12")
    out = tmp_path / "backup.json"
    ok(env, "export", "backup", "--out", str(out))
    data = json.loads(out.read_text())
    data["experiments"][0]["weeks"] = 13  # blocks of 7 days come in pairs: 13 weeks cannot be made
    out.write_text(json.dumps(data))
    other = {**env, "TWITCHWISE_DATA_DIR": str(tmp_path / "other")}
    refused = run(other, "import", "backup", str(out))
    assert refused.exit_code == 1 and "experiments[0]" in refused.output
    assert json.loads(ok(other, "history", "--json", "--days", "3650")) == []  # all or nothing
    data["experiments"][0]["seed"] = -1
    out.write_text(json.dumps(data))
    assert "experiments[0].seed" in run(other, "import", "backup", str(out)).output
