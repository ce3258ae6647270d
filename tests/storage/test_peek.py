"""The local journal's zone read without opening the store (check --text --json's clock)."""

from __future__ import annotations

from pathlib import Path

from twitchwise.settings import load_settings
from twitchwise.storage.peek import local_zone
from twitchwise.storage.store import Store


def test_the_zone_is_the_profiles_and_none_without_a_journal(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, time_zone="Europe/London")
    assert local_zone(settings) is None
    store = Store.open(settings)
    with store.write() as journal:
        journal.set_profile({"time_zone": "Australia/Sydney"})
    store.close()
    assert local_zone(settings) == "Australia/Sydney"


def test_a_server_database_or_a_file_that_is_not_a_journal_gives_none(tmp_path: Path) -> None:
    server = load_settings(data_dir=tmp_path, database_url="postgresql+psycopg://x@127.0.0.1/db")
    assert local_zone(server) is None
    (tmp_path / "journal.db").write_bytes(b"not a database")
    assert local_zone(load_settings(data_dir=tmp_path)) is None
