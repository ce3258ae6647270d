"""The journal on SQLite and PostgreSQL: every kind of entry added, read, edited and deleted, for
its owner only, with times kept in UTC and shown again with the offset they were written with."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import (
    CourseKind,
    EntryKind,
    EntryRef,
    LoggedEpisode,
    MedicationCourse,
    Note,
    ref_of,
)
from twitchwise.storage.journal import Journal
from twitchwise.storage.store import Store
from twitchwise.storage.tables import PersonRow

LONDON = ZoneInfo("Europe/London")
PARIS = ZoneInfo("Europe/Paris")
T = datetime(2026, 11, 20, 23, 40, tzinfo=PARIS)


def episode(**fields: object) -> LoggedEpisode:
    return LoggedEpisode.model_validate({"kind": "twitch", "started_at": T, **fields})


def coffee(at: datetime = T, mg: float = 96.0) -> Exposure:
    return Exposure(type=ExposureType.CAFFEINE, started_at=at, amount=mg, detail="1 × coffee")


def test_every_kind_is_saved_and_read_back_equal(store: Store) -> None:
    drafts = [
        episode(body_sites=["calf", "thigh"], sides="both", intensity=6, symptoms=["numbness"]),
        coffee(),
        Exposure(
            type=ExposureType.EXERCISE,
            started_at=T - timedelta(hours=2),
            ended_at=T - timedelta(hours=1),
            amount=60.0,
            effort_rpe=7,
            detail="running",
        ),
        MedicationCourse(name="furosemide", dose_mg_per_day=40.0, started_on=date(2026, 11, 1)),
        Note(at=T, text="new shoes"),
    ]
    with store.write() as journal:
        saved = [journal.add(draft) for draft in drafts]
    with store.read() as journal:
        for draft, entry in zip(drafts, saved, strict=True):
            again = journal.get(ref_of(entry))
            assert again == entry
            assert again.model_dump(exclude={"id", "source"}) == draft.model_dump()


def test_times_keep_their_offset_and_instant(store: Store) -> None:
    with store.write() as journal:
        saved = journal.add(episode())
    with store.read() as journal:
        again = journal.get(ref_of(saved))
    assert again.started_at == T  # the same instant
    assert again.started_at.utcoffset() == timedelta(hours=1)  # written in Paris, winter time
    assert again.started_at.astimezone(UTC).hour == 22


def test_entries_across_a_daylight_saving_change_keep_their_length(store: Store) -> None:
    """Europe/London left summer time at 02:00 on 25 October 2026: that night had 25 hours."""
    went_to_bed = datetime(2026, 10, 24, 23, 0, tzinfo=LONDON)  # BST, +01:00
    woke = datetime(2026, 10, 25, 7, 0, tzinfo=LONDON)  # GMT, +00:00
    night = Exposure(type=ExposureType.SLEEP, started_at=went_to_bed, ended_at=woke)
    with store.write() as journal:
        saved = journal.add(night)
    with store.read() as journal:
        again = journal.get(ref_of(saved))
    assert isinstance(again, Exposure)
    assert again.started_at.utcoffset() == timedelta(hours=1)
    assert again.ended_at is not None and again.ended_at.utcoffset() == timedelta(0)
    assert again.duration_amount == 9.0


def test_an_identical_entry_is_refused_naming_the_first(store: Store) -> None:
    with store.write() as journal:
        first = journal.add(coffee())
    with pytest.raises(InputError) as caught, store.write() as journal:
        journal.add(coffee())
    assert f"already in the journal as x{first.id}" in caught.value.reason


def test_add_many_skips_what_is_already_there(store: Store) -> None:
    drafts = [coffee(T + timedelta(hours=h)) for h in range(5)]
    with store.write() as journal:
        first = journal.add_many(drafts[:3], source="csv")
    with store.write() as journal:
        second = journal.add_many(drafts, source="csv")
    assert (first.added, first.already) == (3, 0)
    assert (second.added, second.already) == (2, 3)
    with store.read() as journal:
        assert len(journal.exposures()) == 5


def test_an_edit_is_validated_like_a_new_entry(store: Store) -> None:
    with store.write() as journal:
        saved = journal.add(episode())
    ref = ref_of(saved)
    with store.write() as journal:
        changed = journal.update(ref, {"intensity": 5, "body_sites": ["calf"]})
    assert changed.intensity == 5  # type: ignore[union-attr]
    with pytest.raises(InputError) as caught, store.write() as journal:
        journal.update(ref, {"intensity": 12})
    assert caught.value.field == "intensity"
    with store.read() as journal:
        assert journal.get(ref).intensity == 5  # type: ignore[union-attr]


def test_a_delete_removes_only_that_entry(store: Store) -> None:
    with store.write() as journal:
        keep = journal.add(coffee())
        gone = journal.add(coffee(T + timedelta(hours=1)))
    with store.write() as journal:
        journal.delete(ref_of(gone))
    with store.read() as journal:
        assert [e.id for e in journal.exposures()] == [keep.id]
        with pytest.raises(InputError, match="there is no exposure"):
            journal.get(ref_of(gone))


def test_a_person_cannot_read_change_or_delete_anothers_entry(store: Store, engine: Engine) -> None:
    from sqlalchemy.orm import Session

    with store.write() as journal:
        mine = journal.add(episode())
    with Session(engine) as session, session.begin():
        other = PersonRow(name="someone else", time_zone="UTC", created_at=datetime.now(UTC))
        session.add(other)
        session.flush()
        theirs = Journal(session, other.id)
        for attempt in (
            lambda: theirs.get(ref_of(mine)),
            lambda: theirs.update(ref_of(mine), {"intensity": 1}),
            lambda: theirs.delete(ref_of(mine)),
        ):
            with pytest.raises(InputError, match="there is no episode"):
                attempt()
        assert theirs.episodes() == []
    with store.read() as journal:
        assert journal.get(ref_of(mine)) == mine


def test_a_failed_unit_of_work_saves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as journal:
        journal.add(coffee())
        journal.add(episode())
        raise RuntimeError("crash in the middle")
    with store.read() as journal:
        assert journal.is_empty()


def test_a_backup_restores_exactly_into_an_empty_journal(store: Store, engine: Engine) -> None:
    with store.write() as journal:
        journal.set_profile({"sex": "female", "birth_year": 1990})
        journal.add(episode())
        journal.add(coffee())
        journal.add(MedicationCourse(name="B6", kind=CourseKind.SUPPLEMENT, dose_mg_per_day=50.0))
        journal.add(Note(at=T, text="hello"))
        journal.delete(ref_of(journal.add(coffee(T + timedelta(hours=1)))))
        backup = journal.backup(exported_at=T)
    with store.write() as journal:
        for entry in backup.entries():
            journal.delete(ref_of(entry))
        journal.set_profile({"sex": None, "birth_year": None})
        report = journal.restore(backup)
        assert report.added == 4
        assert journal.backup(exported_at=T) == backup
        fresh = journal.add(coffee(T + timedelta(hours=3)))
    assert fresh.id > max(e.id for e in backup.exposures)


def test_a_backup_into_a_journal_with_entries_adds_only_what_is_missing(store: Store) -> None:
    with store.write() as journal:
        journal.add(coffee())
        backup = journal.backup(exported_at=T)
        journal.add(coffee(T + timedelta(hours=1)))
    with store.write() as journal:
        report = journal.restore(backup)
    assert (report.added, report.already) == (0, 1)


def test_the_diary_starts_at_its_earliest_entry(store: Store) -> None:
    with store.write() as journal:
        assert journal.first_entry_at() is None
        journal.add(episode())
        journal.add(coffee(T - timedelta(days=3)))
        assert journal.first_entry_at() == T - timedelta(days=3)


def test_the_local_person_is_created_once(store: Store) -> None:
    assert store.owner_id() == store.owner_id()
    with store.read() as journal:
        profile = journal.profile()
    assert (profile.name, profile.time_zone) == ("me", "Europe/London")


def test_entry_ids_are_written_with_a_letter() -> None:
    assert str(EntryRef(EntryKind.EXPOSURE, 3)) == "x3"
    assert EntryRef.parse("E12") == EntryRef(EntryKind.EPISODE, 12)
    with pytest.raises(InputError):
        EntryRef.parse("q5")
    with pytest.raises(InputError):
        EntryRef.parse("12")
