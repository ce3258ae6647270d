"""What journal commands share: settings, the store, the clock and the person's zone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from twitchwise.domain.time import Clock, zone
from twitchwise.settings import Settings, load_settings
from twitchwise.storage.store import Store


@dataclass
class Opened:
    settings: Settings
    store: Store
    clock: Clock
    zone: ZoneInfo

    def now(self) -> datetime:
        return self.clock.now(self.zone)


@contextmanager
def opened() -> Iterator[Opened]:
    """Open the journal named by the settings (migrating it on first use)."""
    settings = load_settings()
    store = Store.open(settings)
    try:
        with store.read() as journal:
            where = zone(journal.profile().time_zone)
        yield Opened(settings, store, settings.clock(), where)
    finally:
        store.close()
