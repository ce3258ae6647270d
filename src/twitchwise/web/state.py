"""What request handlers reach: the app's ``Web`` (one per app, built by ``create_app``, never at
import) and, per request, ``Here``: the same things for the person the request is for.

In local mode that person is the journal's only one; with accounts, the one the session cookie or
the bearer token names (``web/auth.py`` puts their id on the request). Every journal read and
write of a handler goes through ``here(request)``, so a handler cannot reach another person's rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates

from twitchwise.domain.errors import NotFoundError
from twitchwise.domain.journal import Profile
from twitchwise.domain.time import Clock, zone
from twitchwise.domain.triggers import TriggerReport
from twitchwise.imports.jobs import ImportJobs
from twitchwise.knowledge import Knowledge
from twitchwise.services.reminders import Sender
from twitchwise.services.triggers import diary_of, triggers_of
from twitchwise.settings import Settings
from twitchwise.storage.journal import Journal
from twitchwise.storage.store import Store

KEPT_PER_NAME = 256  # answers kept per kind, across people


@dataclass
class Web:
    settings: Settings
    store: Store
    knowledge: Knowledge
    clock: Clock
    templates: Jinja2Templates
    jobs: ImportJobs
    reminders: Sender
    _kept: dict[tuple[str, int], tuple[object, object]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def recall(self, name: str, owner: int, key: object) -> object | None:
        """What ``remember`` kept under ``name`` for ``owner``, if it was kept for ``key`` (a
        journal revision, the day...); None otherwise."""
        with self._lock:
            found = self._kept.get((name, owner))
        return found[1] if found is not None and found[0] == key else None

    def remember(self, name: str, owner: int, key: object, value: object) -> None:
        """Keep ``value`` for ``key``: the last one per name and person, a few hundred people's
        at most."""
        with self._lock:
            if len(self._kept) >= KEPT_PER_NAME * 4:
                self._kept.clear()
            self._kept[(name, owner)] = (key, value)

    def kept(self, name: str, owner: int, key: object, compute: Callable[[], object]) -> object:
        """``compute()`` once per ``key`` for ``owner``."""
        found = self.recall(name, owner, key)
        if found is None:
            found = compute()
            self.remember(name, owner, key, found)
        return found


@dataclass(frozen=True)
class Here:
    """The app, for one person."""

    web: Web
    owner: int

    @property
    def knowledge(self) -> Knowledge:
        return self.web.knowledge

    @property
    def templates(self) -> Jinja2Templates:
        return self.web.templates

    @contextmanager
    def read(self) -> Iterator[Journal]:
        with self.web.store.read(self.owner) as journal:
            yield journal

    @contextmanager
    def write(self) -> Iterator[Journal]:
        with self.web.store.write(self.owner) as journal:
            yield journal

    def revision(self) -> tuple[int, str]:
        return self.web.store.revision(self.owner)

    def profile(self) -> Profile:
        with self.read() as journal:
            return journal.profile()

    def zone(self) -> ZoneInfo:
        return zone(self.revision()[1])

    def now(self, where: ZoneInfo | None = None) -> datetime:
        return self.web.clock.now(where or self.zone())

    def triggers(self) -> TriggerReport:
        """The trigger analysis (a second or so), kept until the journal changes. Only the
        report is kept, not the diary it was made from. The analysis reads the whole diary by
        nature (docs/api.md says what that costs)."""
        revision, zone_name = self.revision()

        def compute() -> TriggerReport:
            with self.read() as journal:
                diary = diary_of(journal, zone(zone_name))
            return triggers_of(diary, self.knowledge)

        found = self.web.kept("triggers", self.owner, (revision, zone_name), compute)
        return found  # type: ignore[return-value]


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def here(request: Request) -> Here:
    """The app for the person this request is for (see ``web/auth.py``)."""
    web = web_of(request)
    owner: int | None = getattr(request.state, "owner_id", None)
    if owner is None:
        if web.settings.accounts:
            raise NotFoundError("session", "sign in first")  # auth.py answers before this
        owner = web.store.owner_id()
    return Here(web, owner)
