"""The exports written one entry at a time say exactly what the whole-diary models say: the
backup is the same text as ``Backup.model_dump_json``, the FHIR bundle the same JSON as
``bundle()`` (its id written last)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from twitchwise import demo
from twitchwise.domain.backup import Backup
from twitchwise.domain.journal import (
    CourseEntry,
    EpisodeEntry,
    ExposureEntry,
    NoteEntry,
    Profile,
    kind_of,
)
from twitchwise.exports.backup import write_backup
from twitchwise.exports.fhir import bundle, write_bundle

NOW = datetime(2026, 11, 24, 14, 5, tzinfo=ZoneInfo("Europe/London"))
PROFILE = Profile(name="me", time_zone="Europe/London", sex="female", birth_year=1990)


def _diary() -> dict[type, list]:  # type: ignore[type-arg]
    entries: dict[type, list] = {}  # type: ignore[type-arg]
    kinds = {
        "e": EpisodeEntry,
        "x": ExposureEntry,
        "m": CourseEntry,
        "n": NoteEntry,
    }
    for number, draft in enumerate(demo.generate(NOW, months=2, seed=3), start=1):
        model = kinds[kind_of(draft).value]
        entries.setdefault(model, []).append(model(id=number, **draft.model_dump()))
    assert set(entries) >= {EpisodeEntry, ExposureEntry, CourseEntry}
    return entries


def test_the_streamed_backup_is_the_backup_models_own_text() -> None:
    diary = _diary()
    parts = [diary.get(model, []) for model in (EpisodeEntry, ExposureEntry, CourseEntry)]
    notes = [NoteEntry(id=1, at=NOW, text='a "quoted"\nnote, café')]
    out = io.StringIO()
    written = write_backup(PROFILE, NOW.astimezone(UTC), *parts, notes, out)
    whole = Backup(
        exported_at=NOW.astimezone(UTC),
        profile=PROFILE,
        episodes=tuple(parts[0]),
        exposures=tuple(parts[1]),
        medications=tuple(parts[2]),
        notes=tuple(notes),
    )
    assert out.getvalue() == whole.model_dump_json(indent=2)
    assert written == len(whole.entries())
    empty = io.StringIO()
    write_backup(PROFILE, NOW, [], [], [], [], empty)
    assert Backup.model_validate_json(empty.getvalue()).entries() == ()


def test_the_streamed_bundle_is_the_whole_bundle() -> None:
    diary = _diary()
    parts = [diary.get(model, []) for model in (EpisodeEntry, ExposureEntry, CourseEntry)]
    out = io.StringIO()
    written = write_bundle(PROFILE, *parts, NOW, out)
    whole = bundle(PROFILE, *parts, exported_at=NOW)
    streamed = json.loads(out.getvalue())
    assert streamed == whole
    assert written == len(whole["entry"])
    assert next(iter(streamed)) == "resourceType"
