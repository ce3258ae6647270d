"""`twitchwise check` through Typer's runner: file mode, JSON, errors, and the questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE
from twitchwise.cli import app

runner = CliRunner()


def test_check_with_a_file_shows_the_banner_the_factors_and_the_plan() -> None:
    result = runner.invoke(app, ["check", "--input", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "See a doctor: book a routine appointment" in result.output
    assert "What likely contributed" in result.output
    assert "Your plan, most helpful first" in result.output
    assert "FAS-NHS-TWITCH" in result.output
    assert "information, not a diagnosis" in result.output


def test_check_json_prints_the_documented_shape() -> None:
    result = runner.invoke(app, ["check", "--input", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["triage"]["level"] == "see_doctor"
    assert len(data["factors"]) == 7
    assert data["knowledge_version"].startswith("2026.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"episode": {"kind": "twitch", "intensity": 14}}',
            "episode.intensity: must be at most 10",
        ),
        ('{"episode": {"kind": "twitch"}, "mood": "low"}', "mood: is not a field twitchwise knows"),
        ("{not json", "is not valid JSON"),
    ],
)
def test_wrong_input_exits_1_naming_the_field(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = runner.invoke(app, ["check", "--input", str(bad)])
    assert result.exit_code == 1
    assert "Error: " in result.output and message in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--input", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "Error: --input: cannot read" in result.output


def test_an_unknown_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["check", "--nope"])
    assert result.exit_code == 2


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_interactive_answers_become_a_full_assessment() -> None:
    given = answers(
        "",  # no words: the questions instead
        "",  # no warning signs
        "cramp",
        "calf",
        "left",
        "after_exercise",
        "3",
        "7",
        "6",
        "2",
        "1",
        "running",
        "50",
        "8",  # activity, minutes, effort
        "5.5",
        "450",
        "1.2 L",
        "0",
        "heavy",
        "y",
        "4",
        "34",
        "female",
        "n",
        "n",  # not possibly pregnant either
        "",  # no long-term condition
        "Lasix",
        "n",  # no intakes
    )
    result = runner.invoke(app, ["check", "--json"], input=given)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    # Cramps on a water tablet (Lasix): a doctor soon for a blood test (Merck, MEDICAL-AUDIT 17).
    assert data["triage"]["level"] == "urgent"
    assert [f["id"] for f in data["triage"]["flags"]] == [
        "cramps_on_a_diuretic",
        "medication_suspected",
    ]
    statuses = {f["id"]: f["status"] for f in data["factors"]}
    assert statuses["exertion"] == "likely"
    assert statuses["caffeine"] == "likely"
    assert statuses["sleep"] == "possible"
    caffeine = next(f for f in data["factors"] if f["id"] == "caffeine")
    assert caffeine["evidence"][0].startswith("had 450 mg of caffeine")


def test_every_question_can_be_skipped() -> None:
    result = runner.invoke(app, ["check"], input="\n" * 40)
    assert result.exit_code == 0, result.output
    assert "Self-care: no sign that needs a doctor now" in result.output


def test_input_running_out_assesses_what_was_given() -> None:
    result = runner.invoke(app, ["check"], input=answers("", "", "cramp", "calf"))
    assert result.exit_code == 0, result.output
    assert "assessing what you gave" in result.output
    assert "During a cramp, stretch" in result.output


def test_a_wrong_answer_is_explained_and_asked_again() -> None:
    result = runner.invoke(
        app, ["check", "--json"], input=answers("", "", "", "", "", "", "", "14", "6")
    )
    assert result.exit_code == 0, result.output
    assert "must be at most 10" in result.output
    data = json.loads(result.output[result.output.index("{") :])
    assert data["factors"]


def test_warning_signs_come_first_and_an_emergency_is_shown_at_once() -> None:
    result = runner.invoke(app, ["check"], input=answers("", "3", "n"))
    assert result.exit_code == 0, result.output
    first_question = result.output.index("do you have any of these now")
    banner = result.output.index("EMERGENCY: call an ambulance now")
    assert first_question < banner
    assert "About this episode" not in result.output
    assert result.output.count("EMERGENCY: call an ambulance now") == 2


def test_the_warning_sign_list_starts_with_the_emergencies() -> None:
    result = runner.invoke(app, ["check"], input="\n" * 40)
    listing = result.output[: result.output.index("Numbers separated")]
    assert listing.index("Sudden slurred or difficult speech") < listing.index("Numbness\n")


def test_the_interview_asks_about_long_term_conditions_and_a_possible_pregnancy() -> None:
    given = answers(
        "",  # no words
        "",  # no warning signs
        "cramp",
        "abdomen",
        *[""] * 18,  # the rest of the episode and the hours before it
        "28",
        "female",
        "n",  # not pregnant
        "y",  # but could be
        "kidney disease, heart failure",
        "",  # no medicines
        "n",  # no intakes
    )
    result = runner.invoke(app, ["check", "--json"], input=given)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") :])
    flags = {f["id"] for f in data["triage"]["flags"]}
    assert "belly_or_chest_cramp_severe_or_pregnant" in flags
    assert "long_term_condition" in flags
    assert data["triage"]["level"] == "urgent"
