"""The sample diary on the command line: a line says it is there (never inside --json), and
`demo --remove` asks, then takes out exactly the sample entries."""

from __future__ import annotations

import json

from tests.cli.test_journal_commands import env, ok, run  # noqa: F401 - the fixture

LINE = "Sample data: "


def test_demo_remove_keeps_exactly_the_persons_entries(env: dict[str, str]) -> None:  # noqa: F811
    added = ok(env, "demo", "--months", "1")
    assert "Remove them with: twitchwise demo --remove" in added
    episode = run(env, "log", "episode", "--kind", "cramp", "--site", "calf", "--at", "13:00")
    note = run(env, "log", "note", "my own note")
    mine = [saved.stdout.split()[1].rstrip(":") for saved in (episode, note)]
    shown = run(env, "history", "--days", "2")
    assert LINE in shown.stderr
    assert "twitchwise demo --remove" in shown.stderr
    assert LINE not in shown.stdout
    as_json = run(env, "history", "--json", "--days", "3650")
    assert LINE not in as_json.stderr
    before = json.loads(as_json.stdout)

    asked = run(env, "demo", "--remove", input="n\n")
    assert "Your own entries stay." in asked.output
    assert "Nothing removed." in asked.output
    removed = ok(env, "demo", "--remove", "--yes")
    assert f"Removed {len(before) - 2:,} sample entries; 2 entries of your own kept." in removed
    after = json.loads(run(env, "history", "--json", "--days", "3650").stdout)
    assert sorted(entry["id"] for entry in after) == sorted(mine)
    assert LINE not in run(env, "history").stderr
    assert "no sample entries" in ok(env, "demo", "--remove", "--yes")


def test_if_fresh_fills_a_new_journal_once_and_never_again(env: dict[str, str]) -> None:  # noqa: F811
    assert "sample entries" in ok(env, "demo", "--months", "1", "--if-fresh")
    ok(env, "demo", "--remove", "--yes")
    assert ok(env, "demo", "--if-fresh") == ""
    assert json.loads(run(env, "history", "--json", "--days", "3650").stdout) == []
