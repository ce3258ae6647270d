"""The sample diary in the journal (SQLite and PostgreSQL): marked when the demo writes it,
counted, and removed exactly, leaving every entry of the person's own."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from twitchwise.domain.errors import ConflictError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import (
    LoggedEpisode,
    MedicationCourse,
    Note,
    entry_as_draft,
    ref_of,
)
from twitchwise.knowledge import Knowledge
from twitchwise.services.checks import SAMPLES_LEFT_OUT, check_episode, recent_checks
from twitchwise.services.demo import fill_with_demo, remove_demo
from twitchwise.storage.store import Store

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=LONDON)


def _everything(store: Store) -> list[object]:
    with store.read() as journal:
        return [
            *journal.stream_episodes(),
            *journal.stream_exposures(),
            *journal.stream_courses(),
            *journal.stream_notes(),
        ]


def test_demo_remove_leaves_exactly_the_persons_entries(store: Store) -> None:
    added = fill_with_demo(store, NOW, months=2)
    with store.read() as journal:
        assert journal.sample_count() == added
        sample_coffee = next(
            e for e in journal.stream_exposures() if e.type is ExposureType.CAFFEINE
        )
        sample_episode = journal.episodes(since=NOW - timedelta(days=10))[0]
    own = [
        LoggedEpisode.model_validate(
            {"kind": "cramp", "started_at": NOW - timedelta(hours=3), "body_sites": ["calf"]}
        ),
        Exposure.model_validate(
            {
                **sample_coffee.model_dump(exclude={"id", "source"}),
                "started_at": NOW - timedelta(hours=2),
            }
        ),
        MedicationCourse(name="omeprazole", dose_mg_per_day=20.0, started_on=date(2026, 1, 5)),
        Note(at=NOW - timedelta(hours=1), text="my own note"),
    ]
    with store.write() as journal:
        mine = [journal.add(draft) for draft in own]
        # an edited sample entry is still a sample entry
        journal.update(ref_of(sample_episode), {"intensity": 9})
        assert journal.sample_count() == added
    removed = remove_demo(store, NOW)
    assert (removed.entries, removed.kept, removed.profile_cleared) == (added, 4, True)
    assert _everything(store) == mine
    with store.read() as journal:
        assert journal.sample_count() == 0
        assert journal.profile().sex is None


def test_an_entry_equal_to_a_sample_one_is_that_entry(store: Store) -> None:
    """Re-importing an export of the sample diary adds nothing, and a single equal entry is
    refused as the sample one it equals (so the sample keeps no hidden twin)."""
    added = fill_with_demo(store, NOW, months=1)
    with store.read() as journal:
        drafts = [entry_as_draft(entry) for entry in journal.stream_exposures()]
    with store.write() as journal:
        again = journal.add_many(drafts, source="backup")
        assert (again.added, again.already) == (0, len(drafts))
        with pytest.raises(ConflictError, match="already in the journal as x"):
            journal.add(drafts[0])
    assert remove_demo(store, NOW).entries == added


def test_a_profile_the_person_changed_is_kept(store: Store) -> None:
    fill_with_demo(store, NOW, months=1)
    with store.write() as journal:
        journal.set_profile({"birth_year": 1980})
    assert remove_demo(store, NOW).profile_cleared is False
    with store.read() as journal:
        assert journal.profile().birth_year == 1980
        assert journal.is_empty()


def test_a_journal_without_samples_loses_nothing(store: Store) -> None:
    with store.write() as journal:
        journal.add(Note(at=NOW, text="mine"))
    assert remove_demo(store, NOW).entries == 0
    assert len(_everything(store)) == 1


def test_the_persons_own_episode_is_checked_with_their_own_entries_only(
    store: Store, knowledge: Knowledge
) -> None:
    """The issue's new user: their first real episode was judged against the sample's months
    ("going on for 149 days", omeprazole they don't take). A sample episode is still checked
    with the sample diary it belongs to."""
    fill_with_demo(store, NOW, months=6)
    own_at = NOW - timedelta(hours=1)
    with store.write() as journal:
        mine = journal.add(
            LoggedEpisode.model_validate(
                {"kind": "twitch", "started_at": own_at, "body_sites": ["eyelid"]}
            )
        )
    with store.read() as journal:
        own = check_episode(journal, mine.id, knowledge)
        sample = journal.episodes(since=NOW - timedelta(days=5), until=NOW - timedelta(hours=2))[-1]
        checked_sample = check_episode(journal, sample.id, knowledge)
        recent = {
            c.episode.id: c for c in recent_checks(journal, NOW - timedelta(days=7), knowledge)
        }
    history = own.built.request.history
    assert history is not None
    assert (history.days_since_first_episode, history.episodes_last_14_days) == (0, 1)
    assert not (own.built.request.context and own.built.request.context.medications)
    assert SAMPLES_LEFT_OUT in own.built.history
    assert not any(used.ref.startswith("m") for used in own.built.used)
    sample_history = checked_sample.built.request.history
    assert sample_history is not None and sample_history.episodes_last_14_days > 1
    assert SAMPLES_LEFT_OUT not in checked_sample.built.history
    assert recent[mine.id].result == own.result
    assert recent[sample.id].result == checked_sample.result
