"""The journal's revision: every unit of work that may write raises it, in any process, so a
page kept for one revision is never shown after a change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store

COFFEE = Exposure(
    type=ExposureType.CAFFEINE, started_at=datetime(2026, 11, 24, 8, tzinfo=UTC), amount=95.0
)


def test_each_write_raises_the_revision_and_a_read_does_not(store: Store) -> None:
    first, zone = store.revision()
    assert zone == "Europe/London"
    with store.read() as journal:
        journal.episodes()
    assert store.revision()[0] == first
    with store.write() as journal:
        journal.add(COFFEE)
    assert store.revision()[0] == first + 1
    with store.write() as journal:
        journal.set_profile({"time_zone": "Asia/Tokyo"})
    assert store.revision() == (first + 2, "Asia/Tokyo")


def test_a_failed_write_leaves_the_revision_alone(store: Store) -> None:
    before = store.revision()[0]
    with pytest.raises(RuntimeError), store.write() as journal:
        journal.add(COFFEE)
        raise RuntimeError("stop")
    assert store.revision()[0] == before


def test_another_store_on_the_same_file_sees_the_change_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    engines: list[Engine] = [make_engine(url), make_engine(url)]
    upgrade(engines[0])
    reader, writer = Store(engines[0], "UTC"), Store(engines[1], "UTC")
    seen = reader.revision()[0]
    with writer.write() as journal:
        journal.add(COFFEE)
    assert reader.revision()[0] == seen + 1
    reader.close()
    writer.close()
