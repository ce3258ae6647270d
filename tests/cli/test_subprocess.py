"""The installed command as a real process: file mode, interactive mode over a pipe, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE

TWITCHWISE = [sys.executable, "-m", "twitchwise"]
ENV = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TWITCHWISE, *args], input=stdin, capture_output=True, text=True, env=ENV, timeout=60
    )


def test_the_console_script_is_installed_and_runs() -> None:
    script = Path(sys.executable).with_name("twitchwise")
    done = subprocess.run(
        [str(script), "guide", "warning-signs"], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Call an ambulance" in done.stdout


def test_help_lists_the_commands() -> None:
    done = run("--help")
    assert done.returncode == 0
    assert "check" in done.stdout and "guide" in done.stdout


def test_check_with_a_file_prints_json() -> None:
    done = run("check", "--input", str(EXAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"]["level"] == "see_doctor"


def test_interactive_check_over_a_pipe() -> None:
    answers = "\n".join(["", "", "cramp", "calf", "", "after_exercise", "15"]) + "\n"
    done = run("check", stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "do you have any of these now" in done.stdout
    assert "URGENT: see a doctor today" in done.stdout
    assert "This cramp lasted 15 minutes" in done.stdout


def test_interactive_json_keeps_the_questions_off_stdout() -> None:
    done = run("check", "--json", stdin="\n" * 40)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["triage"]["level"] == "self_care"
    assert "do you have any of these now" in done.stderr


def test_bad_input_exits_1_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"episode": {"kind": "tremor"}}')
    done = run("check", "--input", str(bad))
    assert done.returncode == 1
    assert "Error: episode.kind: must be one of: twitch, cramp or spasm" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_usage_error_exits_2() -> None:
    assert run("check", "--no-such-option").returncode == 2
    assert run("no-such-command").returncode == 2


def test_a_journal_that_cannot_be_opened_is_a_message_and_exit_1_not_a_traceback(
    tmp_path: Path,
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("")
    folder = tmp_path / "journal.db"
    folder.mkdir()
    cases = [
        ({"TWITCHWISE_DATA_DIR": str(a_file)}, "is a file, not a folder"),
        ({"TWITCHWISE_DATABASE_URL": f"sqlite:///{folder}"}, "unable to open database file"),
    ]
    for extra, reason in cases:
        done = subprocess.run(
            [*TWITCHWISE, "history"],
            capture_output=True,
            text=True,
            env={**ENV, **extra},
            timeout=60,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "cannot open the journal at" in done.stderr and reason in done.stderr
