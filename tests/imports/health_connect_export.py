"""Writes small Health Connect exports from the documented schema (WEARABLES.md §1.2): no
openly licensed real export exists, so tests build their own.

Times are given as local wall-clock text in a named zone ("2026-03-29 01:30", "Europe/Berlin")
and written as Health Connect writes them: epoch milliseconds in UTC, the UTC offset in
seconds per record, ``local_date`` the epoch day of the local start, uuids 16-byte blobs,
energy in calories and water in litres.
"""

from __future__ import annotations

import sqlite3
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

COMMON = (
    "row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE, "
    "last_modified_time INTEGER, client_record_id TEXT, client_record_version TEXT, "
    "device_info_id INTEGER, app_info_id INTEGER, recording_method INTEGER, "
    "dedupe_hash BLOB UNIQUE"
)
INSTANT = "time INTEGER, zone_offset INTEGER, local_date INTEGER"
INTERVAL = (
    "start_time INTEGER, start_zone_offset INTEGER, end_time INTEGER, "
    "end_zone_offset INTEGER, local_date INTEGER"
)
TABLES = {
    "application_info_table": "row_id INTEGER PRIMARY KEY AUTOINCREMENT, package_name TEXT "
    "NOT NULL UNIQUE, app_name TEXT, app_icon BLOB, record_types_used TEXT",
    "device_info_table": "row_id INTEGER PRIMARY KEY AUTOINCREMENT, manufacturer TEXT, "
    "model TEXT, device_type INTEGER",
    "sleep_session_record_table": f"{COMMON}, {INTERVAL}, notes TEXT, title TEXT",
    "sleep_stages_table": "parent_key INTEGER NOT NULL, stage_start_time INTEGER NOT NULL, "
    "stage_end_time INTEGER NOT NULL, stage_type INTEGER NOT NULL",
    "exercise_session_record_table": f"{COMMON}, {INTERVAL}, notes TEXT, exercise_type INTEGER "
    "NOT NULL, title TEXT, has_route INTEGER, session_rate_of_perceived_exertion REAL",
    "steps_record_table": f"{COMMON}, {INTERVAL}, count INTEGER NOT NULL",
    "active_calories_burned_record_table": f"{COMMON}, {INTERVAL}, energy REAL NOT NULL",
    "hydration_record_table": f"{COMMON}, {INTERVAL}, volume REAL NOT NULL",
    "heart_rate_record_table": f"{COMMON}, {INTERVAL}",
    "heart_rate_record_series_table": "row_id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "parent_key INTEGER NOT NULL, beats_per_minute INTEGER NOT NULL, "
    "epoch_millis INTEGER NOT NULL",
    "resting_heart_rate_record_table": f"{COMMON}, {INSTANT}, beats_per_minute INTEGER",
    "heart_rate_variability_rmssd_record_table": f"{COMMON}, {INSTANT}, "
    "heart_rate_variability_millis REAL NOT NULL",
    "weight_record_table": f"{COMMON}, {INSTANT}, weight REAL NOT NULL",
    # a CamelCase parent beside its snake_case child, as real exports have
    "SpeedRecordTable": f"{COMMON}, {INTERVAL}",
    "speed_record_table": "parent_key INTEGER NOT NULL, speed REAL, epoch_millis INTEGER",
}
CAMEL = {
    "steps_record_table": "StepsRecordTable",
    "sleep_session_record_table": "SleepSessionRecordTable",
}
PHONE = "com.sec.android.app.shealth"
WATCH = "com.fitbit.FitbitMobile"
WATER_APP = "com.example.waterreminder"
EPOCH = date(1970, 1, 1).toordinal()


def when(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def millis(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def offset(moment: datetime) -> int:
    found = moment.utcoffset()
    assert found is not None
    return int(found.total_seconds())


def epoch_day(moment: datetime) -> int:
    return moment.date().toordinal() - EPOCH


class Export:
    """A Health Connect export being written."""

    def __init__(self, path: Path, *, version: int = 23, camel: bool = False) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute(f"PRAGMA user_version = {version}")
        self.names = {name: (CAMEL.get(name, name) if camel else name) for name in TABLES}
        for name, columns in TABLES.items():
            self.db.execute(f'CREATE TABLE "{self.names[name]}" ({columns})')
        self.db.execute("CREATE INDEX series_parent ON heart_rate_record_series_table(parent_key)")
        self.apps: dict[str, int] = {}

    def _insert(self, table: str, **values: object) -> int:
        values.setdefault("uuid", uuid.uuid4().bytes)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f'INSERT INTO "{self.names[table]}" ({names}) VALUES ({marks})',  # noqa: S608
            tuple(values.values()),
        )
        return int(cursor.lastrowid or 0)

    def app(self, package: str, name: str = "") -> int:
        if package not in self.apps:
            cursor = self.db.execute(
                "INSERT INTO application_info_table (package_name, app_name) VALUES (?, ?)",
                (package, name or package),
            )
            self.apps[package] = int(cursor.lastrowid or 0)
        return self.apps[package]

    def _interval(self, app: str, start: str, end: str, zone: str) -> dict[str, object]:
        first, last = when(start, zone), when(end, zone)
        return {
            "app_info_id": self.app(app),
            "start_time": millis(first),
            "start_zone_offset": offset(first),
            "end_time": millis(last),
            "end_zone_offset": offset(last),
            "local_date": epoch_day(first),
        }

    def _instant(self, app: str, at: str, zone: str) -> dict[str, object]:
        moment = when(at, zone)
        return {
            "app_info_id": self.app(app),
            "time": millis(moment),
            "zone_offset": offset(moment),
            "local_date": epoch_day(moment),
        }

    def sleep(
        self,
        app: str,
        start: str,
        end: str,
        zone: str,
        stages: list[tuple[str, str, int]] = (),  # type: ignore[assignment]
    ) -> int:
        row = self._insert("sleep_session_record_table", **self._interval(app, start, end, zone))
        for first, last, stage in stages:
            self.db.execute(
                "INSERT INTO sleep_stages_table VALUES (?, ?, ?, ?)",
                (row, millis(when(first, zone)), millis(when(last, zone)), stage),
            )
        return row

    def exercise(
        self,
        app: str,
        start: str,
        end: str,
        zone: str,
        kind: int = 39,
        title: str | None = None,
        effort: float | None = None,
    ) -> int:
        return self._insert(
            "exercise_session_record_table",
            **self._interval(app, start, end, zone),
            exercise_type=kind,
            title=title,
            session_rate_of_perceived_exertion=effort,
        )

    def steps(self, app: str, start: str, end: str, zone: str, count: int) -> int:
        return self._insert(
            "steps_record_table", **self._interval(app, start, end, zone), count=count
        )

    def energy(self, app: str, start: str, end: str, zone: str, calories: float) -> int:
        return self._insert(
            "active_calories_burned_record_table",
            **self._interval(app, start, end, zone),
            energy=calories,
        )

    def water(self, app: str, at: str, zone: str, litres: float) -> int:
        return self._insert(
            "hydration_record_table", **self._interval(app, at, at, zone), volume=litres
        )

    def heart_rate(
        self, app: str, zone: str, samples: list[tuple[str, int]], parent_zone: str | None = None
    ) -> int:
        """One parent record spanning ``samples`` (local times in ``zone``)."""
        row = self._insert(
            "heart_rate_record_table",
            **self._interval(app, samples[0][0], samples[-1][0], parent_zone or zone),
        )
        for at, bpm in samples:
            self.db.execute(
                "INSERT INTO heart_rate_record_series_table (parent_key, beats_per_minute, "
                "epoch_millis) VALUES (?, ?, ?)",
                (row, bpm, millis(when(at, zone))),
            )
        return row

    def resting(self, app: str, at: str, zone: str, bpm: int) -> int:
        return self._insert(
            "resting_heart_rate_record_table", **self._instant(app, at, zone), beats_per_minute=bpm
        )

    def hrv(self, app: str, at: str, zone: str, ms: float) -> int:
        return self._insert(
            "heart_rate_variability_rmssd_record_table",
            **self._instant(app, at, zone),
            heart_rate_variability_millis=ms,
        )

    def weight(self, app: str, at: str, zone: str, grams: float) -> int:
        return self._insert("weight_record_table", **self._instant(app, at, zone), weight=grams)

    def raw(self, sql: str, *params: object) -> None:
        self.db.execute(sql, params)

    def close(self) -> Path:
        self.db.commit()
        self.db.close()
        return self.path


def zipped(database: Path, to: Path, member: str = "health_connect_export.db") -> Path:
    """``database`` inside a zip, as the phone writes it (``Health Connect.zip``)."""
    with zipfile.ZipFile(to, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(database, member)
    return to


BERLIN, NEW_YORK = "Europe/Berlin", "America/New_York"


def travel_export(path: Path, *, camel: bool = False) -> Path:
    """A fortnight around Europe's spring DST change (2026-03-29, 02:00 -> 03:00 in Berlin) and
    a flight to New York on 2026-04-02, with a phone and a watch writing the same things, and
    junk values. The tests state what each record must become, in their own words."""
    export = Export(path, camel=camel)
    # The night across the DST change: the phone's session and the watch's staged one overlap.
    export.sleep(PHONE, "2026-03-28 23:10", "2026-03-29 07:40", BERLIN)
    export.sleep(
        WATCH,
        "2026-03-28 23:30",
        "2026-03-29 07:30",
        BERLIN,
        stages=[
            ("2026-03-28 23:30", "2026-03-28 23:45", 1),  # awake
            ("2026-03-28 23:45", "2026-03-29 01:30", 4),  # light
            ("2026-03-29 01:30", "2026-03-29 03:30", 5),  # deep (01:30 CET to 03:30 CEST: 1 h)
            ("2026-03-29 03:30", "2026-03-29 07:30", 6),  # REM
        ],
    )
    # The first night in New York: to bed at 22:30 local, 04:30 the next day in Berlin.
    export.sleep(WATCH, "2026-04-02 22:30", "2026-04-03 06:30", NEW_YORK)
    # One run, recorded by both; the watch's effort is junk.
    export.exercise(PHONE, "2026-03-29 18:00", "2026-03-29 18:40", BERLIN, 39, "Evening run")
    export.exercise(WATCH, "2026-03-29 18:02", "2026-03-29 18:45", BERLIN, 39, None, 1.4e-45)
    # A swim at 23:30 in New York: 05:30 the next morning in Berlin.
    export.exercise(WATCH, "2026-04-02 23:30", "2026-04-03 00:15", NEW_YORK, 56, None, 6.0)
    # Steps: phone and watch count the same walk; the watch counts more. One record is junk.
    export.steps(PHONE, "2026-03-29 10:00", "2026-03-29 11:00", BERLIN, 5000)
    export.steps(WATCH, "2026-03-29 10:00", "2026-03-29 11:00", BERLIN, 7000)
    export.steps(WATCH, "2026-03-29 12:00", "2026-03-29 12:10", BERLIN, -40)
    export.steps(WATCH, "2026-04-02 23:00", "2026-04-02 23:50", NEW_YORK, 1200)
    export.energy(WATCH, "2026-04-02 23:00", "2026-04-02 23:50", NEW_YORK, 250_000.0)
    # Heart rate: New York samples either side of local midnight (Berlin's morning).
    export.heart_rate(
        WATCH,
        NEW_YORK,
        [("2026-04-02 23:50", 60), ("2026-04-02 23:55", 64), ("2026-04-03 00:05", 90)],
    )
    export.heart_rate(WATCH, NEW_YORK, [("2026-04-03 08:00", 0)])  # junk: no beat
    export.resting(WATCH, "2026-04-02 23:40", NEW_YORK, 52)
    export.hrv(WATCH, "2026-03-29 02:30", BERLIN, 40.0)  # 02:30 does not exist: 03:30 CEST
    export.hrv(WATCH, "2026-03-29 05:00", BERLIN, 50.0)
    export.hrv(WATCH, "2026-03-29 05:05", BERLIN, 1.4e-45)  # junk
    # Water: two apps on one day; the water app logged more.
    export.water(PHONE, "2026-04-02 09:00", NEW_YORK, 0.25)
    export.water(PHONE, "2026-04-02 21:30", NEW_YORK, 0.25)
    export.water(WATER_APP, "2026-04-02 09:00", NEW_YORK, 0.25)
    export.water(WATER_APP, "2026-04-02 13:00", NEW_YORK, 0.25)
    export.water(WATER_APP, "2026-04-02 23:30", NEW_YORK, 0.25)  # 05:30 on the 3rd in Berlin
    export.weight(PHONE, "2026-03-30 07:00", BERLIN, 71_500.0)
    return export.close()
