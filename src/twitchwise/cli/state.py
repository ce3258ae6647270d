"""What journal commands share: settings, the store, the clock and the person's zone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from twitchwise.domain.time import Clock, zone
from twitchwise.settings import Settings, load_settings

if TYPE_CHECKING:
    from twitchwise.storage.store import Store


@dataclass
class Opened:
    settings: Settings
    store: Store
    clock: Clock
    zone: ZoneInfo

    def now(self) -> datetime:
        return self.clock.now(self.zone)


SAMPLE_LINE = (
    "Sample data: {count} in this journal come from `twitchwise demo`; triggers and reports "
    "include them (a check of your own episode leaves them out). Remove them (your own "
    "entries stay): twitchwise demo --remove"
)


@contextmanager
def opened(mention_samples: bool = True) -> Iterator[Opened]:
    """Open the journal named by the settings (migrating it on first use). While the journal
    holds the demo's sample entries, a line on stderr says so (``mention_samples``: False for
    a command printing JSON)."""
    from twitchwise.domain.wording import counted
    from twitchwise.storage.store import Store

    settings = load_settings()
    store = Store.open(settings)
    try:
        with store.read() as journal:
            where = zone(journal.profile().time_zone)
            samples = journal.sample_count() if mention_samples else 0
        if samples:
            import typer

            typer.echo(SAMPLE_LINE.format(count=counted(samples, "entry")), err=True)
        yield Opened(settings, store, settings.clock(), where)
    finally:
        store.close()


def clock_only() -> datetime:
    """Now in the person's zone, for a command that needs nothing else from the journal: the
    local journal's zone is read directly (no SQLAlchemy, no migrations), the settings' zone is
    used when there is no journal yet (the one it would be made with), and only a server
    database is opened as usual."""
    from twitchwise.storage.peek import local_zone

    settings = load_settings()
    name = local_zone(settings)
    if name is None and settings.database_url:
        with opened() as app:
            return app.now()
    return settings.clock().now(zone(name or settings.zone_name))
