"""The journal reads in pages and windows: every entry is found once across the pages, and a
page reads what it returns plus a constant, however large the diary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from tests.storage.reads import ReadMeter, fill_history
from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import ExposureType
from twitchwise.domain.journal import EntryKind, MedicationCourse
from twitchwise.storage.reading import Cursor
from twitchwise.storage.store import Store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _all_pages(store: Store, kind: EntryKind, limit: int, **window: object) -> list[int]:
    ids: list[int] = []
    after = None
    while True:
        with store.read() as journal:
            page = journal.page(kind, limit, after, **window)  # type: ignore[arg-type]
        ids += [entry.id for entry in page.entries]
        if page.next is None:
            return ids
        after = Cursor.parse(page.next.word())


def test_the_pages_hold_every_entry_once_newest_first(store: Store) -> None:
    fill_history(store, store.owner_id(), NOW, days=20, per_day=5)
    with store.read() as journal:
        everything = list(reversed(journal.exposures()))
    # Several exposures share a time: the id breaks the tie, so no page loses or repeats one.
    with store.write() as journal:
        twin = journal.add_many(
            [e.model_copy(update={"amount": (e.amount or 0) + 0.5}) for e in everything[:3]],
            source="test",
        )
    assert twin.added == 3
    with store.read() as journal:
        everything = list(reversed(journal.exposures()))
    expected = [e.id for e in sorted(everything, key=lambda e: (e.started_at, e.id), reverse=True)]
    for limit in (1, 7, 1000):
        assert _all_pages(store, EntryKind.EXPOSURE, limit) == expected


def test_pages_of_several_types_merge_in_time_order(store: Store) -> None:
    fill_history(store, store.owner_id(), NOW, days=10, per_day=4)
    types = [ExposureType.WATER, ExposureType.CAFFEINE]
    with store.read() as journal:
        wanted = [e.id for e in reversed(journal.exposures(types=types))]
    assert _all_pages(store, EntryKind.EXPOSURE, 3, types=types) == wanted
    assert len(wanted) == 20


def test_a_window_and_the_medicines_page_too(store: Store) -> None:
    fill_history(store, store.owner_id(), NOW, days=10, per_day=1)
    since = NOW - timedelta(days=4)
    with store.read() as journal:
        wanted = [e.id for e in reversed(journal.episodes(since=since))]
    assert _all_pages(store, EntryKind.EPISODE, 1, since=since) == wanted
    with store.write() as journal:
        ids = [journal.add(MedicationCourse(name=f"medicine {n}")).id for n in range(5)]
    assert _all_pages(store, EntryKind.MEDICATION, 2) == ids[::-1]


def test_a_cursor_that_the_journal_did_not_give_is_refused() -> None:
    for word in ("not a cursor", "", "fA", Cursor(None, 3).word()[:-1] + "@"):
        with pytest.raises(InputError) as raised:
            Cursor.parse(word)
        assert raised.value.field == "cursor"


def test_a_page_reads_what_it_returns_however_long_the_diary(store: Store) -> None:
    owner = store.owner_id()
    fill_history(store, owner, NOW, days=3, per_day=4)
    meter = ReadMeter(store.engine)

    def page_cost() -> int:
        meter.statements.clear()
        with meter.recording(), store.read() as journal:
            assert len(journal.page(EntryKind.EXPOSURE, 5).entries) == 5
            assert len(journal.page(EntryKind.EPISODE, 1).entries) == 1
            assert journal.page(EntryKind.EXPOSURE, 5, types=[ExposureType.WATER]).entries
            journal.first_entry_at()
            journal.counts(most=10)
        return meter.work()

    small = page_cost()
    fill_history(store, owner, NOW - timedelta(days=3), days=400, per_day=10)
    large = page_cost()
    # 4,000 more rows: reading them would cost thousands of rows (or tens of thousands of
    # SQLite instructions); the index's extra depth costs a few.
    assert large <= small * 1.2 + 100, (small, large)


def test_the_run_of_an_episode_is_found_back_to_its_first_gap(store: Store) -> None:
    from twitchwise.domain.episodes import BodySite, EpisodeKind
    from twitchwise.domain.journal import LoggedEpisode

    start = NOW - timedelta(days=60)  # every episode in the past: the journal refuses the future
    days = [0, 3, 10, 20, 26, 33, 39]  # gaps of 7 days or less, but for the 10 after day 10
    with store.write() as journal:
        for day in days:
            journal.add(
                LoggedEpisode(
                    kind=EpisodeKind.CRAMP,
                    started_at=start + timedelta(days=day),
                    body_sites=[BodySite.FOOT],
                )
            )
    gap = timedelta(days=7)
    with store.read() as journal:
        first = journal.run_start(start + timedelta(days=39), gap)
        assert first is not None and first.started_at == start + timedelta(days=20)
        first = journal.run_start(start + timedelta(days=10), gap)
        assert first is not None and first.started_at == start
        assert journal.run_start(start - timedelta(days=1), gap) is None


def _walk_cost(store: Store, per_day: int) -> int:
    owner = store.owner_id()
    fill_history(store, owner, NOW, days=400, per_day=0, episodes_per_day=per_day)
    meter = ReadMeter(store.engine)
    with meter.recording(), store.read() as journal:
        first = journal.run_start(NOW, timedelta(days=7))
    assert first is not None and first.started_at < NOW - timedelta(days=399)
    return meter.work()


def test_finding_a_runs_start_costs_its_weeks_not_its_episodes(engine: Engine) -> None:
    sparse = _walk_cost(Store(engine, zone="UTC"), per_day=2)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL ROLE NONE"))  # past row-level security
        connection.execute(text("DELETE FROM episode"))
    dense = _walk_cost(Store(engine, zone="UTC"), per_day=10)
    # 800 then 4,000 episodes in the same 57 weeks: the walk probes once a week either way.
    assert dense <= sparse * 1.3 + 50, (sparse, dense)
