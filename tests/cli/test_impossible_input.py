"""Input that cannot be true, refused on the command line with the field named and exit code 1
(the rules: domain/plausible.py). NOW is 2026-11-24 14:05 UTC."""

from __future__ import annotations

import pytest

from tests.cli.test_journal_commands import env, history, ok, run  # noqa: F401 - the fixture


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["history", "--days", "-5"], "--days: must be 1 or more days, not -5"),
        (["history", "--days", "0"], "--days: must be 1 or more days, not 0"),
        (["history", "--days", "10000000"], "--days: must be at most 100,000 days"),
        (["profile", "--birth-year", "2030"], "birth_year: 2030 has not come yet"),
        (["profile", "--birth-year", "1901"], "birth_year: 1901 would make you over 120"),
        (
            ["log", "sleep", "--from", "2026-11-24T07:00", "--to", "2026-11-24T16:00"],
            "ended_at: 2026-11-24 16:00 is in the future",
        ),
    ],
)
def test_impossible_input_exits_1_naming_the_field(
    env: dict[str, str],  # noqa: F811
    args: list[str],
    message: str,
) -> None:
    result = run(env, *args)
    assert result.exit_code == 1, result.output
    assert f"Error: {message}" in result.output
    assert "Traceback" not in result.output
    assert history(env) == []
    assert "birth_year: \n" in ok(env, "profile")


def test_an_edit_into_the_future_is_refused(env: dict[str, str]) -> None:  # noqa: F811
    ok(env, "log", "episode", "--kind", "cramp", "--site", "calf", "--at", "13:00")
    moved = run(env, "edit", "e1", "--set", "started_at=2026-12-24T10:00:00+00:00")
    assert moved.exit_code == 1
    assert "started_at: 2026-12-24 10:00 is in the future" in moved.output
    assert history(env)[0]["started_at"] == "2026-11-24T13:00:00Z"
