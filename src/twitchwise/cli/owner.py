"""Whose journal a command acts on: the local person's, or with ``--user NAME`` the account's
of that name on a multi-user server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from twitchwise.settings import Settings
    from twitchwise.storage.store import Store

USER = typer.Option(
    "--user", help="on a multi-user server: the account's name (default: the local journal)"
)


@dataclass
class Owned:
    settings: Settings
    store: Store
    owner: int


@contextmanager
def owned(user: str | None) -> Iterator[Owned]:
    from twitchwise.settings import load_settings
    from twitchwise.storage.store import Store

    settings = load_settings()
    store = Store.open(settings)
    try:
        if user is None:
            owner = store.owner_id()
        else:
            with store.accounts() as accounts:
                owner = accounts.person_of(user)
        yield Owned(settings, store, owner)
    finally:
        store.close()
