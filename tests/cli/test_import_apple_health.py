"""An Apple Health export feeds the rest of the product: the check of an episode reads the night
and the caffeine it brought, and the trigger analysis finds a pattern planted in it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.invoke import ok, run
from tests.imports.apple_export import category, export_xml, quantity, workout, zipped
from tests.web.test_hostile_input import bad_deflate, bad_local_header, health_zip, lying_crc

NOW = "2026-11-24T14:05:00+00:00"
ASLEEP = "HKCategoryValueSleepAnalysisAsleepCore"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": NOW,
        "TWITCHWISE_TIME_ZONE": "UTC",
        "TWITCHWISE_DATABASE_URL": "",
        "COLUMNS": "120",
    }


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +0000")


def test_check_of_an_episode_reads_the_night_and_caffeine_from_apple_health(
    env: dict[str, str], tmp_path: Path
) -> None:
    export = tmp_path / "export.zip"
    export.write_bytes(
        zipped(
            export_xml(
                [
                    category(
                        "SleepAnalysis",
                        "2026-11-24 02:00:00 +0000",
                        "2026-11-24 05:00:00 +0000",
                        ASLEEP,
                    ),
                    category(
                        "SleepAnalysis",
                        "2026-11-24 05:00:00 +0000",
                        "2026-11-24 07:00:00 +0000",
                        ASLEEP,
                        source="iPhone",
                    ),
                    category(
                        "SleepAnalysis",
                        "2026-11-24 04:00:00 +0000",
                        "2026-11-24 06:00:00 +0000",
                        ASLEEP,
                        source="Sleep app",
                    ),
                    quantity("DietaryCaffeine", "2026-11-24 08:00:00 +0000", 240, "mg"),
                    quantity("DietaryCaffeine", "2026-11-24 11:00:00 +0000", 0.18, "g"),
                    workout(
                        "Running", "2026-11-24 12:00:00 +0000", "2026-11-24 13:00:00 +0000", 60
                    ),
                ]
            )
        )
    )
    shown = ok(env, "import", "apple-health", str(export))
    assert "Added 4 entries" in shown
    ok(env, "log", "episode", "--kind", "cramp", "--site", "calf", "--at", "13:30")
    data = json.loads(ok(env, "check", "--episode", "e1", "--json"))
    factors = {f["id"]: f for f in data["factors"]}
    # Three overlapping sleep records are one 5-hour night, not 7 hours added up.
    assert factors["sleep"]["evidence"] == ["slept 5 h; adults need at least 7 h"]
    assert factors["caffeine"]["evidence"][0].startswith("had 420 mg of caffeine in 24 h")
    assert factors["exertion"]["evidence"] == [
        "60 min of running; 45 min or more is a long bout (our cut-off)"
    ]
    used = [item["what"] for item in data["from_journal"]["used"]]
    assert "slept 5 h (woke 07:00)" in used


@pytest.mark.slow
def test_triggers_find_a_pattern_planted_in_an_apple_health_export(
    env: dict[str, str], tmp_path: Path
) -> None:
    """120 days of 400 mg caffeine at a time that moves through the day; two in three episodes
    come 2 hours after it, the rest 10 hours after. Only the caffeine is in the export."""
    first = datetime(2026, 7, 20, tzinfo=UTC)
    body, rows = [], ["time,type,value,unit,end_time,detail"]
    for day in range(120):
        coffee = first + timedelta(days=day, hours=6 + (day * 5) % 11)
        body.append(quantity("DietaryCaffeine", stamp(coffee), 400, "mg"))
        body.append(quantity("DietaryCaffeine", stamp(coffee + timedelta(hours=3)), 20, "mg"))
        onset = coffee + timedelta(hours=2 if day % 3 else 10)
        rows.append(f"{onset.isoformat()},episode,1,min,,calf twitch")
    export = tmp_path / "export.zip"
    export.write_bytes(zipped(export_xml(body)))
    episodes = tmp_path / "episodes.csv"
    episodes.write_text("\n".join(rows) + "\n")
    ok(env, "import", "csv", str(episodes))
    assert "Added 240 entries" in ok(env, "import", "apple-health", str(export))
    data = json.loads(ok(env, "triggers", "--json"))
    assert data["episodes"] == 120 and data["enough_data"]
    findings = {f["id"]: f for f in data["findings"]}
    assert findings["caffeine_6h"]["significant"], findings["caffeine_6h"]["summary"]
    assert findings["caffeine_6h"]["n_episodes_exposed"] == 80


@pytest.mark.parametrize("damage", [lying_crc, bad_local_header, bad_deflate])
def test_a_damaged_zip_is_a_message_and_exit_1_not_a_traceback(
    env: dict[str, str], tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(damage(health_zip()))
    result = run(env, "import", "apple-health", str(bad))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), "no exception escaped"
    assert "Error: FILE:" in result.stderr and "zip" in result.stderr
    assert "Traceback" not in result.output


def test_a_night_from_apple_health_and_the_same_night_logged_by_hand_is_one_sleep(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Issue 16: 23:19-07:19 from the watch and 23:26-04:18 typed by hand were once added up
    to "slept 12.9 h"; they are one night of 8 h."""
    export = tmp_path / "export.zip"
    night = category(
        "SleepAnalysis", "2026-11-23 23:19:00 +0000", "2026-11-24 07:19:00 +0000", ASLEEP
    )
    export.write_bytes(zipped(export_xml([night])))
    ok(env, "import", "apple-health", str(export))
    ok(env, "log", "sleep", "--from", "23:26", "--to", "04:18")
    ok(env, "log", "episode", "--kind", "twitch", "--site", "calf", "--at", "09:00")
    data = json.loads(ok(env, "check", "--episode", "e1", "--json"))
    factors = {f["id"]: f for f in data["factors"]}
    assert factors["sleep"]["status"] == "unlikely", factors["sleep"]
    assert "12.9" not in json.dumps(data)
    used = [item["what"] for item in data["from_journal"]["used"]]
    assert "slept 8 h (woke 07:19): part of one night of 8 h" in used
    assert "slept 4.9 h (woke 04:18): part of one night of 8 h" in used
    shown = ok(env, "check", "--episode", "e1")
    assert "part of one night of 8 h" in shown


def test_two_hand_logged_sleeps_of_one_night_are_one_sleep(env: dict[str, str]) -> None:
    """Once "slept 12.5 h": --from 23:00 --to 07:00, then --hours 4.5 (ending 07:00)."""
    ok(env, "log", "sleep", "--from", "23:00", "--to", "07:00")
    ok(env, "log", "sleep", "--hours", "4.5")
    ok(env, "log", "sleep", "--from", "12:00", "--to", "13:00")  # a nap, apart
    ok(env, "log", "episode", "--kind", "twitch", "--site", "calf", "--at", "13:30")
    data = json.loads(ok(env, "check", "--episode", "e1", "--json"))
    used = [item["what"] for item in data["from_journal"]["used"]]
    assert used == [
        "slept 8 h (woke 07:00): part of one night of 8 h",
        "slept 4.5 h (woke 07:00): part of one night of 8 h",
    ]
    factors = {f["id"]: f for f in data["factors"]}
    assert factors["sleep"]["status"] == "unlikely"
