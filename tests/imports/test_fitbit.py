"""Fitbit from Google Takeout: both formats, each time in the zone its format means (UTC, or
naive local read in the profile's zone), across a DST change; two recorders counted once; junk
refused and counted; re-imports that add nothing; archives it cannot read refused by name.

Expected values are written out by hand from fitbit_takeout.py's story."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.imports.fitbit_takeout import takeout_folder, takeout_zip
from twitchwise.domain.errors import InputError
from twitchwise.imports.pipeline import import_file, kind_for
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = make_engine(f"sqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    return Store(engine, zone="Europe/Berlin")


def entries(store: Store) -> list[tuple[str, str, str | None, float | None, str]]:
    with store.read() as journal:
        return sorted(
            (
                x.type.value,
                x.started_at.isoformat(),
                x.ended_at.isoformat() if x.ended_at else None,
                x.amount,
                x.detail,
            )
            for x in journal.exposures()
        )


def measures(store: Store) -> set[tuple[str, str, float, str]]:
    with store.read() as journal:
        return {(m.kind.value, m.day.isoformat(), m.value, m.source) for m in journal.measures()}


def test_both_formats_land_on_the_right_local_day_across_the_dst_change(
    store: Store, tmp_path: Path
) -> None:
    report = import_file(store, "fitbit", takeout_zip(tmp_path / "takeout-001.zip"))
    assert entries(store) == [
        # one hour of real walking from 01:45 CET: the clock says 03:45 CEST at its end
        (
            "exercise",
            "2026-03-29T01:45:00+01:00",
            "2026-03-29T03:45:00+02:00",
            60.0,
            "walk (Fitbit)",
        ),
        # asleep 23:20 CET to 07:30 CEST: 7 h 10 min, not the clock's 8 h 10 min
        (
            "sleep",
            "2026-03-28T23:20:00+01:00",
            "2026-03-29T07:30:00+02:00",
            7.1667,
            "Fitbit: asleep (Fitbit)",
        ),
        (
            "sleep",
            "2026-04-10T23:00:00+02:00",
            "2026-04-11T06:30:00+02:00",
            7.5,
            "Fitbit: asleep (Fitbit)",
        ),
    ]
    assert measures(store) == {
        ("heart_rate_mean_bpm", "2026-03-28", 60.0, "Fitbit"),  # 22:59 UTC is 23:59 in Berlin
        ("heart_rate_mean_bpm", "2026-03-29", 70.0, "Fitbit"),  # 23:30 UTC is 00:30
        ("heart_rate_mean_bpm", "2026-04-01", 80.0, "Charge 6"),
        ("heart_rate_mean_bpm", "2026-04-02", 90.0, "Charge 6"),  # 22:30 UTC is 00:30 (CEST)
        ("steps", "2026-03-29", 500.0, "Fitbit"),
        ("steps", "2026-04-01", 1100.0, "Charge 6"),  # the tracker's, not 1,900 with the phone
        ("steps", "2026-04-02", 50.0, "Charge 6"),
        ("resting_heart_rate_bpm", "2026-03-29", 55.5, "Fitbit"),
        ("resting_heart_rate_bpm", "2026-04-01", 54.0, "Charge 6"),
        ("hrv_rmssd_ms", "2026-04-01", 42.5, "Fitbit"),
    }
    assert report.skipped["heart rate"] == 1  # 0 bpm
    assert report.skipped["steps"] == 1  # -5 steps
    assert report.skipped["resting heart rate"] == 1  # 0.0
    assert report.skipped["exercise"] == 1  # a duration of 0
    assert report.skipped["heart rate variability"] == 1  # 1.4e-45
    assert any("refused 5 records with junk values" in note for note in report.notes)
    assert any("profile's zone (Europe/Berlin)" in note for note in report.notes)
    assert any("not read: 2 other files" in note for note in report.notes)


def test_reimporting_adds_nothing_and_the_folder_reads_the_same(
    store: Store, tmp_path: Path
) -> None:
    first = import_file(store, "fitbit", takeout_zip(tmp_path / "takeout.zip"))
    before = (entries(store), measures(store))
    again = import_file(store, "fitbit", takeout_folder(tmp_path / "unzipped"))
    assert first.added == 3
    assert (again.added, again.already) == (0, 3)
    assert (entries(store), measures(store)) == before


def test_archives_it_cannot_read_are_refused_in_words(store: Store, tmp_path: Path) -> None:
    other = tmp_path / "takeout-photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("Takeout/Google Photos/a.jpg", b"\xff\xd8")
    with pytest.raises(InputError, match=r"^FILE: holds no Fitbit files"):
        import_file(store, "fitbit", other)
    broken = tmp_path / "takeout-broken.zip"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("Takeout/Fitbit/Global Export Data/sleep-2026-03-01.json", b"[{no")
    with pytest.raises(InputError, match=r"sleep-2026-03-01\.json inside is not JSON"):
        import_file(store, "fitbit", broken)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match=r"^FILE: is neither a Google Takeout zip"):
        import_file(store, "fitbit", text)
    assert entries(store) == []


def test_a_takeout_upload_is_told_apart_by_its_first_member(tmp_path: Path) -> None:
    head = takeout_zip(tmp_path / "takeout.zip").read_bytes()[:4096]
    assert kind_for("takeout-20260401T000000Z-001.zip", None, head) == "fitbit"
