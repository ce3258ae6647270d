"""Health Connect exports: each field on its local day across a DST change and a flight, phone
and watch counted once, junk refused and counted, re-imports that add nothing, the schema read
from the file, and files it cannot read refused with their name.

The expected values are written out by hand from the fixture's story (health_connect_export.py),
not computed the way the reader computes them."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.imports.health_connect_export import (
    BERLIN,
    WATCH,
    Export,
    travel_export,
    zipped,
)
from twitchwise.domain.errors import InputError
from twitchwise.domain.one_record import nights
from twitchwise.imports.pipeline import import_file, kind_for
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store

SAMSUNG = "com.sec.android.app.shealth"
FITBIT = "com.fitbit.FitbitMobile"
WATER_APP = "com.example.waterreminder"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = make_engine(f"sqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    # The profile's zone is neither of the fixture's: the file's own offsets must decide.
    return Store(engine, zone="Asia/Tokyo")


@pytest.fixture
def export(tmp_path: Path) -> Path:
    database = travel_export(tmp_path / "health_connect_export.db")
    return zipped(database, tmp_path / "Health Connect.zip")


def entries(store: Store) -> list[tuple[str, str, str | None, float | None, str, int | None]]:
    with store.read() as journal:
        return [
            (
                x.type.value,
                x.started_at.isoformat(),
                x.ended_at.isoformat() if x.ended_at else None,
                x.amount,
                x.detail,
                x.effort_rpe,
            )
            for x in journal.exposures()
        ]


def measures(store: Store) -> set[tuple[str, str, float, str]]:
    with store.read() as journal:
        return {(m.kind.value, m.day.isoformat(), m.value, m.source) for m in journal.measures()}


def test_every_field_lands_on_its_local_day_across_dst_and_a_flight(
    store: Store, export: Path
) -> None:
    import_file(store, "health-connect", export)
    assert sorted(entries(store)) == sorted(
        [
            # the night across the DST change: phone and watch are one night of 7.5 hours
            (
                "sleep",
                "2026-03-28T23:10:00+01:00",
                "2026-03-29T07:40:00+02:00",
                7.5,
                f"Health Connect: asleep ({FITBIT}, {SAMSUNG})",
                None,
            ),
            # the first night in New York, in New York's time
            (
                "sleep",
                "2026-04-02T22:30:00-04:00",
                "2026-04-03T06:30:00-04:00",
                8.0,
                f"Health Connect: asleep ({FITBIT})",
                None,
            ),
            # one run, recorded by both: the longer (the watch's), its junk effort left out
            (
                "exercise",
                "2026-03-29T18:02:00+02:00",
                "2026-03-29T18:45:00+02:00",
                43.0,
                f"running ({FITBIT})",
                None,
            ),
            (
                "exercise",
                "2026-04-02T23:30:00-04:00",
                "2026-04-03T00:15:00-04:00",
                45.0,
                f"pool swimming ({FITBIT})",
                6,
            ),
            # water: the app that logged more that day, in New York's time
            (
                "water",
                "2026-04-02T09:00:00-04:00",
                None,
                250.0,
                f"Health Connect ({WATER_APP})",
                None,
            ),
            (
                "water",
                "2026-04-02T13:00:00-04:00",
                None,
                250.0,
                f"Health Connect ({WATER_APP})",
                None,
            ),
            (
                "water",
                "2026-04-02T23:30:00-04:00",
                None,
                250.0,
                f"Health Connect ({WATER_APP})",
                None,
            ),
        ]
    )
    assert measures(store) == {
        ("steps", "2026-03-29", 7000.0, FITBIT),  # the watch's count, not 12,000
        ("steps", "2026-04-02", 1200.0, FITBIT),  # 23:00 in New York is the 3rd in Berlin
        ("active_energy_kcal", "2026-04-02", 250.0, FITBIT),  # 250,000 calories
        ("heart_rate_mean_bpm", "2026-04-02", 62.0, FITBIT),  # 60 and 64 before midnight
        ("heart_rate_mean_bpm", "2026-04-03", 90.0, FITBIT),  # 90 after it
        ("resting_heart_rate_bpm", "2026-04-02", 52.0, FITBIT),
        ("hrv_rmssd_ms", "2026-03-29", 45.0, FITBIT),  # 40 and 50; 1.4e-45 refused
    }


def test_junk_values_are_refused_one_record_at_a_time_and_counted(
    store: Store, export: Path
) -> None:
    report = import_file(store, "health-connect", export)
    assert report.skipped["steps"] == 1  # -40 steps
    assert report.skipped["heart rate"] == 1  # 0 bpm
    assert report.skipped["heart rate variability"] == 1  # 1.4e-45 ms
    assert report.skipped["exercise effort"] == 1  # an effort of 1.4e-45
    assert any("refused 4 records with junk values" in note for note in report.notes)
    assert any(p.startswith("heart rate variability: 1 refused as junk") for p in report.problems)
    assert report.kept["exercise session"] == 2 and report.merged["exercise session"] == 1
    assert report.kept["hydration"] == 3 and report.merged["hydration"] == 2
    assert report.kept["sleep"] == 2
    assert any("not read:" in note and "weight_record_table" in note for note in report.notes)


def test_reimporting_adds_nothing_and_the_db_alone_reads_the_same(
    store: Store, export: Path, tmp_path: Path
) -> None:
    first = import_file(store, "health-connect", export)
    before = (entries(store), measures(store))
    again = import_file(store, "health-connect", export)
    bare = import_file(store, "health-connect", tmp_path / "health_connect_export.db")
    assert first.added == 7
    assert (again.added, again.already) == (0, 7)
    assert (bare.added, bare.already) == (0, 7)
    assert (entries(store), measures(store)) == before


def test_camel_case_table_names_are_found_by_their_columns(store: Store, tmp_path: Path) -> None:
    database = travel_export(tmp_path / "camel.db", camel=True)
    report = import_file(store, "health-connect", database)
    assert report.kept["sleep"] == 2
    assert ("steps", "2026-03-29", 7000.0, FITBIT) in measures(store)


def test_a_health_connect_night_and_an_apple_night_are_one_sleep(
    store: Store, export: Path, tmp_path: Path
) -> None:
    from tests.imports.apple_export import category, export_xml
    from tests.imports.apple_export import zipped as apple_zipped

    import_file(store, "health-connect", export)
    apple = tmp_path / "export.zip"
    apple.write_bytes(
        apple_zipped(
            export_xml(
                [
                    category(
                        "SleepAnalysis",
                        "2026-03-28 22:40:00 +0000",
                        "2026-03-29 05:00:00 +0000",
                        "HKCategoryValueSleepAnalysisAsleepCore",
                    )
                ]
            )
        )
    )
    import_file(store, "apple-health", apple)
    with store.read() as journal:
        found = nights(journal.exposures(), ZoneInfo(BERLIN))
    assert sorted(day.isoformat() for day in found) == ["2026-03-29", "2026-04-03"]
    night = found[min(found)]
    assert len(night.entries) == 2  # one from each export, one night
    assert night.hours == pytest.approx(7.5)


def test_water_from_health_connect_and_by_hand_count_one_source_a_day(
    store: Store, export: Path
) -> None:
    from datetime import datetime

    from twitchwise.domain.exposures import Exposure, ExposureType
    from twitchwise.domain.one_record import one_source_per_day

    import_file(store, "health-connect", export)
    typed = Exposure(
        type=ExposureType.WATER,
        started_at=datetime.fromisoformat("2026-04-02T12:00:00-04:00"),
        amount=500.0,
    )
    with store.write() as journal:
        journal.add(typed)
    with store.read() as journal:
        counted = one_source_per_day(journal.exposures(), ZoneInfo("America/New_York"))
    water = [x.amount for x in counted if x.type is ExposureType.WATER]
    assert water == [250.0, 250.0, 250.0]  # the import's 750 ml that day, not 1,250


def _refused(store: Store, path: Path, *words: str) -> str:
    """The refusal's reason, in words: the command line, the page and the API name the file."""
    with pytest.raises(InputError) as caught:
        import_file(store, "health-connect", path)
    reason = caught.value.reason
    for word in words:
        assert word in reason, reason
    return reason


def test_files_it_cannot_read_are_refused_with_their_name(store: Store, tmp_path: Path) -> None:
    corrupt = tmp_path / "broken export.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    _refused(store, corrupt, "cannot be read as a Health Connect export", "damaged")

    foreign = tmp_path / "places.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    _refused(store, foreign, "not a Health Connect export", "application_info_table")

    text = tmp_path / "notes.db"
    text.write_text("hello")
    _refused(store, text, "neither a Health Connect zip")

    empty_zip = tmp_path / "Health Connect.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    _refused(store, empty_zip, "holds no Health Connect database")

    crowded = tmp_path / "crowded.db"
    with sqlite3.connect(crowded) as db:
        for n in range(1001):
            db.execute(f"CREATE TABLE t{n}_record_table (row_id INTEGER)")
    _refused(store, crowded, "over 1,000 tables")

    wrapped = zipped(corrupt, tmp_path / "wrapped.zip")
    _refused(store, wrapped, "damaged")
    with store.read() as journal:
        assert journal.exposures() == []


def test_a_zip_bomb_of_a_database_is_refused_before_it_fills_the_disk(
    store: Store, tmp_path: Path
) -> None:
    bomb = tmp_path / "Health Connect.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("health_connect_export.db", "w", force_zip64=True) as member:
            member.write(b"SQLite format 3\x00")
            for _ in range(64):
                member.write(bytes(1 << 20))
    _refused(store, bomb, "zip bomb")


def test_records_with_impossible_times_or_offsets_are_refused(store: Store, tmp_path: Path) -> None:
    export = Export(tmp_path / "odd.db")
    export.steps(WATCH, "2026-03-29 10:00", "2026-03-29 11:00", BERLIN, 100)
    # an offset written in milliseconds, as a broken app does
    export.raw("UPDATE steps_record_table SET start_zone_offset = 3600000")
    export.exercise(WATCH, "2026-03-29 18:00", "2026-03-29 17:00", BERLIN)  # ends first
    export.close()
    report = import_file(store, "health-connect", export.path)
    assert report.skipped["steps"] == 1 and report.skipped["exercise session"] == 1
    assert measures(store) == set() and entries(store) == []


def test_an_upload_is_told_apart_by_its_first_member(export: Path, tmp_path: Path) -> None:
    head = export.read_bytes()[:4096]
    assert kind_for("Health Connect.zip", None, head) == "health-connect"
    assert kind_for("health_connect_export.db", None, b"SQLite format 3\x00") == "health-connect"
    apple = tmp_path / "export.zip"
    with zipfile.ZipFile(apple, "w") as archive:
        archive.writestr("apple_health_export/export.xml", "<HealthData/>")
    assert kind_for("export.zip", None, apple.read_bytes()[:4096]) == "apple-health"
