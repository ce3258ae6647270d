"""What every request handler reaches through ``request.app.state.web``: one per app, built by
``create_app``, never at import."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates

from twitchwise.analysis import Diary
from twitchwise.answers import diary_of, triggers_of
from twitchwise.domain.journal import Profile
from twitchwise.domain.time import Clock, zone
from twitchwise.domain.triggers import TriggerReport
from twitchwise.knowledge import Knowledge
from twitchwise.settings import Settings
from twitchwise.storage.store import Store
from twitchwise.web.jobs import ImportJobs


@dataclass
class Web:
    settings: Settings
    store: Store
    knowledge: Knowledge
    clock: Clock
    templates: Jinja2Templates
    jobs: ImportJobs
    _kept: dict[str, tuple[object, object]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def kept(self, name: str, key: object, compute: Callable[[], object]) -> object:
        """``compute()`` once per ``key`` (a journal revision): the last answer is kept."""
        with self._lock:
            found = self._kept.get(name)
        if found is not None and found[0] == key:
            return found[1]
        value = compute()
        with self._lock:
            self._kept[name] = (key, value)
        return value

    def triggers(self) -> tuple[Diary, TriggerReport]:
        """The diary and its trigger analysis (a second or so), kept until the journal changes."""
        revision, zone_name = self.store.revision()

        def compute() -> tuple[Diary, TriggerReport]:
            with self.store.read() as journal:
                diary = diary_of(journal, zone(zone_name))
            return diary, triggers_of(diary, self.knowledge)

        found = self.kept("triggers", (revision, zone_name), compute)
        return found  # type: ignore[return-value]

    def profile(self) -> Profile:
        with self.store.read() as journal:
            return journal.profile()

    def zone(self) -> ZoneInfo:
        return zone(self.profile().time_zone)

    def now(self, where: ZoneInfo | None = None) -> datetime:
        return self.clock.now(where or self.zone())


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web
