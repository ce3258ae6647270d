"""`twitchwise user add|list|remove|reset-password|reset-two-step`: accounts from the command
line, passwords never shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner, Result

from tests.storage.conftest import turn_on_second_factor
from twitchwise.cli import app
from twitchwise.settings import Settings
from twitchwise.storage.store import Store
from twitchwise.storage.tables import PersonRow

PASSWORD = "a long enough passphrase"  # noqa: S105 - a test account's password


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_NOW": "2026-11-24T14:05:00+00:00",
        "TWITCHWISE_TIME_ZONE": "America/Chicago",
        "TWITCHWISE_DATABASE_URL": "",
    }


@pytest.fixture
def store(env: dict[str, str]) -> Iterator[Store]:
    opened = Store.open(Settings(data_dir=Path(env["TWITCHWISE_DATA_DIR"]), database_url=None))
    yield opened
    opened.close()


def run(env: dict[str, str], *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["user", *args], env=env, input=input)


def test_add_reads_the_password_from_stdin_and_never_prints_it(
    env: dict[str, str], store: Store
) -> None:
    added = run(env, "add", "alice", "--password-stdin", input=f"{PASSWORD}  \n")
    assert added.exit_code == 0, added.output
    assert "alice" in added.output and PASSWORD not in added.output
    with store.accounts(write=True) as accounts:
        alice = accounts.verify("alice", f"{PASSWORD}  ")  # only the newline is dropped
        assert alice is not None
        assert accounts.verify("alice", PASSWORD) is None
        zone = accounts._db.scalar(select(PersonRow.time_zone).where(PersonRow.id == alice))
    assert zone == "America/Chicago"


def test_add_asks_twice_with_hidden_input(env: dict[str, str], store: Store) -> None:
    added = run(env, "add", "bob", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert added.output.count("Password") == 1 and "Repeat for confirmation" in added.output
    assert PASSWORD not in added.output
    with store.accounts(write=True) as accounts:
        assert accounts.verify("bob", PASSWORD) is not None


def test_list_prints_the_names_sorted(env: dict[str, str]) -> None:
    empty = run(env, "list")
    assert empty.exit_code == 0 and empty.stdout == ""
    for name in ("zoe", "alice", "Bob"):
        assert run(env, "add", name, "--password-stdin", input=PASSWORD).exit_code == 0
    listed = run(env, "list")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == ["Bob", "alice", "zoe"]


def test_a_taken_name_exits_1_with_a_message(env: dict[str, str]) -> None:
    assert run(env, "add", "alice", "--password-stdin", input=PASSWORD).exit_code == 0
    again = run(env, "add", "alice", "--password-stdin", input="another passphrase\n")
    assert again.exit_code == 1
    assert "Error: name:" in again.stderr and "taken" in again.stderr
    assert again.exception is None or isinstance(again.exception, SystemExit)


@pytest.mark.parametrize("password", ["short", "password123", ""])
def test_a_weak_or_missing_password_exits_1(env: dict[str, str], password: str) -> None:
    refused = run(env, "add", "alice", "--password-stdin", input=password)
    assert refused.exit_code == 1
    assert "Error: " in refused.stderr and "Traceback" not in refused.output
    assert run(env, "list").stdout == ""


def test_remove_yes_erases_the_account(env: dict[str, str], store: Store) -> None:
    for name in ("alice", "bob"):
        assert run(env, "add", name, "--password-stdin", input=PASSWORD).exit_code == 0
    removed = run(env, "remove", "alice", "--yes")
    assert removed.exit_code == 0, removed.output
    assert run(env, "list").stdout.splitlines() == ["bob"]
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", PASSWORD) is None
        assert accounts._db.scalar(select(PersonRow.id).where(PersonRow.name == "alice")) is None


def test_remove_asks_first_and_says_it_erases_the_whole_diary(env: dict[str, str]) -> None:
    assert run(env, "add", "alice", "--password-stdin", input=PASSWORD).exit_code == 0
    kept = run(env, "remove", "alice", input="n\n")
    assert kept.exit_code == 1
    assert "whole diary" in kept.output
    assert run(env, "list").stdout.splitlines() == ["alice"]
    gone = run(env, "remove", "alice", input="y\n")
    assert gone.exit_code == 0, gone.output
    assert run(env, "list").stdout == ""


def test_removing_an_unknown_name_exits_1_without_asking(env: dict[str, str]) -> None:
    missing = run(env, "remove", "nobody")
    assert missing.exit_code == 1
    assert "Error: name: there is no account named 'nobody'" in missing.stderr
    assert "whole diary" not in missing.output


def test_reset_two_step_turns_it_off_for_a_person_who_lost_their_phone(
    env: dict[str, str], store: Store
) -> None:
    assert run(env, "add", "alice", "--password-stdin", input=PASSWORD).exit_code == 0
    now = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    with store.accounts(write=True) as accounts:
        alice = accounts.verify("alice", PASSWORD)
        assert alice is not None
        turn_on_second_factor(accounts, alice, PASSWORD, now)
    reset = run(env, "reset-two-step", "alice")
    assert reset.exit_code == 0, reset.output
    assert "Two-step sign-in is off for alice" in reset.stdout
    with store.accounts() as accounts:
        assert not accounts.second_factor.is_on(alice)
    again = run(env, "reset-two-step", "alice")
    assert again.exit_code == 0 and "had no two-step sign-in" in again.stdout
    missing = run(env, "reset-two-step", "nobody")
    assert missing.exit_code == 1
    assert "there is no account named 'nobody'" in missing.stderr


def test_reset_password_gives_a_new_one_ends_sessions_and_keeps_two_step(
    env: dict[str, str], store: Store
) -> None:
    assert run(env, "add", "alice", "--password-stdin", input=PASSWORD).exit_code == 0
    now = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    with store.accounts(write=True) as accounts:
        alice = accounts.verify("alice", PASSWORD)
        assert alice is not None
        turn_on_second_factor(accounts, alice, PASSWORD, now)
        token, _ = accounts.sessions.start(alice, now)
    fresh = "a brand new passphrase"
    reset = run(env, "reset-password", "alice", "--password-stdin", input=fresh)
    assert reset.exit_code == 0, reset.output
    assert "alice has a new password" in reset.stdout and fresh not in reset.output
    with store.accounts(write=True) as accounts:
        assert accounts.verify("alice", PASSWORD) is None
        assert accounts.verify("alice", fresh) == alice
        assert accounts.sessions.signed_in(token, now) is None, "her sessions ended"
        assert accounts.second_factor.is_on(alice), "a reset does not bypass the second factor"
    weak = run(env, "reset-password", "alice", "--password-stdin", input="password1")
    assert weak.exit_code == 1 and "password" in weak.stderr
    missing = run(env, "reset-password", "nobody", "--password-stdin", input=fresh)
    assert missing.exit_code == 1
    assert "there is no account named 'nobody'" in missing.stderr
