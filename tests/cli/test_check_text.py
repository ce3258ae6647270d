"""`twitchwise check --text`: what the words gave, the open warning-sign questions (ambulance
ones first; a yes there stops at once), the result, and the offer to keep it (no by default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from twitchwise.cli import app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": "2026-12-04T18:00:00+00:00",
        "TWITCHWISE_TIME_ZONE": "Europe/London",
        "TWITCHWISE_DATABASE_URL": "",
        "COLUMNS": "120",
    }


def run(env: dict[str, str], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env, input=input)


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = run(env, "history", "--json", "--days", "30")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_json_asks_nothing_and_adds_what_the_words_gave(env: dict[str, str]) -> None:
    text = "calf cramp 25 mins ago, still won't let go, no numbness, after my aunt's barbecue"
    result = run(env, "check", "--text", text, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["understood"]["episode"]["kind"] == "cramp"
    assert data["understood"]["episode"]["duration_minutes"] == 25
    assert "numbness" in data["understood"]["episode"]["symptoms_absent"]
    assert any("barbecue" in words for words in data["not_understood"])
    assert data["triage"]["level"] == "urgent"  # a cramp over 10 minutes
    open_ids = [q["id"] for q in data["open_questions"]]
    assert "numbness" not in open_ids and "chest_pain" in open_ids
    assert data["triage"]["provisional"] is True, "an open ambulance question could raise it"


def test_a_self_care_reading_with_open_signs_is_provisional(env: dict[str, str]) -> None:
    data = json.loads(
        run(env, "check", "--text", "eyelid twitching, had 3 coffees", "--json").output
    )
    assert data["triage"]["level"] == "self_care"
    assert data["triage"]["provisional"] is True
    assert "not asked" in data["triage"]["action"]


def test_an_emergency_in_the_words_asks_nothing_and_offers_nothing(env: dict[str, str]) -> None:
    result = run(env, "check", "--text", "my face is drooping and my speech is slurred")
    assert result.exit_code == 0, result.output
    assert "Do you have any of these now" not in result.output
    assert "EMERGENCY" in result.output.upper()
    assert "Keep this episode" not in result.output
    assert "What likely contributed" not in result.output


def test_the_open_questions_come_by_group_and_no_to_each_gives_the_calm_result(
    env: dict[str, str],
) -> None:
    result = run(env, "check", "--text", "calf cramp in bed, 2 mins", input="no\nno\nno\n\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("need an ambulance") < out.index("need a doctor today")
    assert "Self-care: no sign that needs a doctor now" in out
    assert "Keep this episode" in out
    assert history(env) == [], "Enter at the offer keeps nothing"


def test_a_yes_to_an_ambulance_question_stops_the_questions(env: dict[str, str]) -> None:
    result = run(env, "check", "--text", "calf cramp in bed, 2 mins", input="4\n")
    assert result.exit_code == 0, result.output
    assert "need a doctor today" not in result.output
    assert result.output.upper().count("EMERGENCY") >= 1
    assert "Keep this episode" not in result.output


def test_not_sure_about_an_ambulance_sign_means_talk_to_someone_today(env: dict[str, str]) -> None:
    result = run(env, "check", "--text", "calf cramp in bed, 2 mins", input="?4\nno\nno\nn\n")
    assert result.exit_code == 0, result.output
    assert "Self-care" not in result.output
    assert "today" in result.output


def test_yes_to_the_offer_keeps_the_episode_with_the_answers_and_the_words(
    env: dict[str, str],
) -> None:
    text = "calf cramp in bed 10 mins ago, lasted 2 mins, after the grumbleflax party"
    result = run(env, "check", "--text", text, input="no\nno\nno\ny\n")
    assert result.exit_code == 0, result.output
    assert "Saved" in result.output
    entries = history(env)
    episode = next(e for e in entries if e.get("kind") == "cramp")
    assert "chest_pain" in episode["symptoms_absent"]  # type: ignore[operator]
    assert "grumbleflax" in str(episode.get("notes", "")), "words not understood are kept"


def test_another_language_gets_the_safety_line_and_no_questions(env: dict[str, str]) -> None:
    result = run(env, "check", "--text", "Mein Augenlid zuckt seit drei Tagen", input="n\n")
    assert result.exit_code == 0, result.output
    assert "English only" in result.output
    assert "Do you have any of these now" not in result.output
    assert "See a doctor" in result.output


def test_the_interview_takes_words_first_and_asks_only_what_is_left(env: dict[str, str]) -> None:
    result = run(
        env, "check", "--json", input="cramp in my left calf for 3 mins, no numbness\n" + "\n" * 40
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{\n") :])
    assert data["triage"]["level"] in {"self_care", "see_doctor"}
    assert "Where?" not in result.output, "the words already said where"
