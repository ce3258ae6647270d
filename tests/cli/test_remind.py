"""`twitchwise remind add|list|test|remove`: a reminder added from the command line, sent at once
to a webhook receiver the test starts, listed and removed; mistakes are exit code 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.invoke import run
from tests.services.receiver import receiver


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": "2026-11-24T14:05:00+00:00",
        "TWITCHWISE_TIME_ZONE": "America/New_York",
        "TWITCHWISE_DATABASE_URL": "",
        "TWITCHWISE_PUBLIC_URL": "https://journal.example.net",
    }


def test_add_list_test_and_remove(env: dict[str, str]) -> None:
    with receiver() as hook:
        added = run(env, "remind", "add", "evening", "--at", "21:30", "--to", hook.url)
        assert added.exit_code == 0, added.output
        assert (
            "Added the reminder evening (checkin): daily at 21:30, next Tue 24 Nov 21:30 "
            "America/New_York." in added.output
        )
        listed = run(env, "remind", "list")
        assert listed.output.startswith("evening  checkin  daily at 21:30")
        sent = run(env, "remind", "test", "evening")
        assert sent.exit_code == 0, sent.output
        assert len(hook.bodies) == 1
        assert "https://journal.example.net/remind/stop/" in hook.bodies[0]["message"]
    assert "last sent" not in run(env, "remind", "list").output  # a test is not its time
    assert run(env, "remind", "remove", "evening").exit_code == 0
    assert "No reminders" in run(env, "remind", "list").output


def test_mistakes_are_errors(env: dict[str, str]) -> None:
    no_time = run(env, "remind", "add", "x", "--to", "webpush")
    assert no_time.exit_code == 1 and "at: a time of day is needed" in no_time.output
    unknown = run(env, "remind", "remove", "nothing")
    assert unknown.exit_code == 1 and "there is no reminder named 'nothing'" in unknown.output
    run(env, "remind", "add", "dead", "--at", "09:00", "--to", "json://127.0.0.1:9/x")
    failed = run(env, "remind", "test", "dead")
    assert failed.exit_code == 1 and "not delivered" in failed.output
    assert "last failed" in run(env, "remind", "list").output
