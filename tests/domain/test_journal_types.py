"""The diary's entries as pure values: ids as people type them, the kind of a draft, an entry
turned back into a draft, a course whose dates must be in order, the profile as a person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from twitchwise.domain.assessment import Sex
from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import (
    CourseEntry,
    EntryKind,
    EntryRef,
    EpisodeEntry,
    LoggedEpisode,
    MedicationCourse,
    Note,
    Profile,
    entry_as_draft,
    kind_of,
    model_of,
    ref_of,
)

AT = datetime(2026, 11, 20, 23, 40, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("e12", EntryRef(EntryKind.EPISODE, 12)),
        (" X3 ", EntryRef(EntryKind.EXPOSURE, 3)),
        ("m1", EntryRef(EntryKind.MEDICATION, 1)),
        ("n2", EntryRef(EntryKind.NOTE, 2)),
    ],
)
def test_an_id_is_read_as_people_type_it_and_written_back_the_same(
    text: str, ref: EntryRef
) -> None:
    assert EntryRef.parse(text) == ref
    assert EntryRef.parse(str(ref)) == ref


def test_a_bare_number_needs_a_default_kind() -> None:
    assert EntryRef.parse("7", default=EntryKind.EPISODE) == EntryRef(EntryKind.EPISODE, 7)
    with pytest.raises(InputError, match="write it as e12"):
        EntryRef.parse("7")


@pytest.mark.parametrize("text", ["q4", "e", "e-1", "e1.5", "e" + "9" * 19, "twelve"])
def test_what_is_not_an_id_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InputError) as raised:
        EntryRef.parse(text)
    assert raised.value.field == "id"


def test_each_draft_has_its_kind_and_its_model() -> None:
    drafts = [
        LoggedEpisode(kind="cramp", started_at=AT),
        Exposure(type="caffeine", started_at=AT, amount=95),
        MedicationCourse(name="furosemide"),
        Note(at=AT, text="new shoes"),
    ]
    kinds = [kind_of(draft) for draft in drafts]
    assert kinds == [EntryKind.EPISODE, EntryKind.EXPOSURE, EntryKind.MEDICATION, EntryKind.NOTE]
    assert [model_of(kind) for kind in kinds] == [type(draft) for draft in drafts]


def test_an_entry_without_its_id_is_the_draft_it_was_made_from() -> None:
    draft = LoggedEpisode(kind="twitch", started_at=AT, body_sites=("calf",), intensity=4)
    entry = EpisodeEntry(id=12, **draft.model_dump())
    assert ref_of(entry) == EntryRef(EntryKind.EPISODE, 12)
    assert entry_as_draft(entry) == draft
    course = CourseEntry(id=3, name="sertraline", dose_mg_per_day=50)
    assert entry_as_draft(course) == MedicationCourse(name="sertraline", dose_mg_per_day=50)


def test_a_course_that_stops_before_it_starts_is_refused_naming_the_stop() -> None:
    with pytest.raises(ValidationError, match="is before the day it started") as refused:
        MedicationCourse(name="x", started_on=date(2026, 3, 2), stopped_on=date(2026, 3, 1))
    assert [error["loc"] for error in refused.value.errors()] == [("stopped_on",)]


def test_a_course_is_active_from_its_first_to_its_last_day() -> None:
    course = MedicationCourse(name="x", started_on=date(2026, 3, 2), stopped_on=date(2026, 3, 4))
    days = [date(2026, 3, d) for d in range(1, 6)]
    assert [course.active_on(day) for day in days] == [False, True, True, True, False]
    assert MedicationCourse(name="y").active_on(date(1990, 1, 1))


def test_the_profile_gives_the_person_an_age_and_pregnancy_only_for_women() -> None:
    woman = Profile(name="me", time_zone="Europe/London", sex=Sex.FEMALE, birth_year=1990,
                    pregnant=True)  # fmt: skip
    assert woman.as_person(date(2026, 6, 1)).age_years == 36
    assert woman.as_person(date(2026, 6, 1)).pregnant is True
    man = Profile(name="me", time_zone="Europe/London", sex=Sex.MALE, pregnant=True)
    assert man.as_person(date(2026, 6, 1)).pregnant is None
    assert Profile(name="me", time_zone="UTC").as_person(date(2026, 6, 1)).age_years is None
