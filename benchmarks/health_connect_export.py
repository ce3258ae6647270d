"""A large synthetic Health Connect export for the import benchmark: years of a phone and a
watch writing as they do (WEARABLES.md §1.2), in the documented schema.

Run: .venv/bin/python benchmarks/health_connect_export.py OUT.zip --years 3 --seed 1

Per day (deterministic from the seed): the watch's heart rate every 10 s in hourly parent
records (the bulk of a real file), steps every 15 waking minutes from both phone and watch,
hourly active energy (in calories), HRV every 5 minutes asleep, a resting heart rate, a sleep
session from each device (the watch's with ~30 stages), water six times, a workout every other
day from both; a two-week trip to New York each year and Europe's DST changes, so offsets
move; a few junk values (an effort of 1.4e-45, negative steps). The database is written with
the tables' schema from tests/imports/health_connect_export.py, then zipped as the phone does
(``Health Connect.zip`` holding ``health_connect_export.db``).
"""

# ruff: noqa: S608, S311 - seeded made-up data; table and column names are this file's constants; values are bound
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.imports.health_connect_export import TABLES

HOME, TRIP = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
FIRST = date(2023, 9, 1)
PHONE, WATCH, WATER = 1, 2, 3
EPOCH = date(1970, 1, 1).toordinal()
INTERVAL = "uuid, app_info_id, start_time, start_zone_offset, end_time, end_zone_offset, local_date"


@dataclass
class Made:
    path: Path
    db_bytes: int
    zip_bytes: int
    rows: int
    seconds: float


def zone_on(day: date) -> ZoneInfo:
    """New York for two weeks from 10 July each year, else Berlin."""
    trip = date(day.year, 7, 10)
    return TRIP if trip <= day < trip + timedelta(days=14) else HOME


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def off(moment: datetime) -> int:
    found = moment.utcoffset()
    return int(found.total_seconds()) if found is not None else 0


def interval(app: int, start: datetime, end: datetime) -> tuple[object, ...]:
    day = start.date().toordinal() - EPOCH
    return (uuid.uuid4().bytes, app, ms(start), off(start), ms(end), off(end), day)


def instant(app: int, at: datetime) -> tuple[object, ...]:
    return (uuid.uuid4().bytes, app, ms(at), off(at), at.date().toordinal() - EPOCH)


def days(years: int) -> Iterator[tuple[date, ZoneInfo]]:
    for n in range(int(years * 365.25)):
        day = FIRST + timedelta(days=n)
        yield day, zone_on(day)


def local(day: date, hour: float, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(hours=hour)


def write(db: sqlite3.Connection, years: int, rng: random.Random) -> int:
    rows = 0
    ins = db.executemany
    for day, zone in days(years):
        # Heart rate: 24 hourly parents, a sample every 10 s (a night's hours are one day's).
        for hour in range(24):
            start = local(day, hour, zone).astimezone(UTC)
            end = start + timedelta(hours=1)
            parent = interval(WATCH, start.astimezone(zone), end.astimezone(zone))
            cursor = db.execute(
                f"INSERT INTO heart_rate_record_table ({INTERVAL}) VALUES (?,?,?,?,?,?,?)", parent
            )
            key, first = cursor.lastrowid, ms(start)
            base = 58 + 12 * (8 <= hour <= 21)
            ins(
                "INSERT INTO heart_rate_record_series_table (parent_key, beats_per_minute, "
                "epoch_millis) VALUES (?,?,?)",
                ((key, base + rng.randrange(-6, 25), first + i * 10_000) for i in range(360)),
            )
            rows += 361
        # Steps from phone and watch every 15 waking minutes; the watch counts a little more.
        steps = []
        for quarter in range(7 * 4, 23 * 4):
            start = local(day, quarter / 4, zone)
            end = start + timedelta(minutes=15)
            count = rng.randrange(0, 900)
            steps.append((*interval(PHONE, start, end), count))
            steps.append((*interval(WATCH, start, end), count + rng.randrange(0, 60)))
        if rng.random() < 0.01:
            steps[0] = (*steps[0][:-1], -40)  # junk
        ins(f"INSERT INTO steps_record_table ({INTERVAL}, count) VALUES (?,?,?,?,?,?,?,?)", steps)
        energy = [
            (*interval(WATCH, local(day, h, zone), local(day, h + 1, zone)), 40_000.0 + h * 900)
            for h in range(24)
        ]
        ins(
            f"INSERT INTO active_calories_burned_record_table ({INTERVAL}, energy) "
            "VALUES (?,?,?,?,?,?,?,?)",
            energy,
        )
        # The night that ends this morning: phone session, watch session with stages, HRV.
        bed = local(day, -1.25 + rng.random(), zone)
        wake = bed + timedelta(hours=7 + rng.random())
        db.execute(
            f"INSERT INTO sleep_session_record_table ({INTERVAL}) VALUES (?,?,?,?,?,?,?)",
            interval(PHONE, bed - timedelta(minutes=10), wake + timedelta(minutes=5)),
        )
        cursor = db.execute(
            f"INSERT INTO sleep_session_record_table ({INTERVAL}) VALUES (?,?,?,?,?,?,?)",
            interval(WATCH, bed, wake),
        )
        session, moment, stages = cursor.lastrowid, bed, []
        while moment < wake:
            step = min(wake, moment + timedelta(minutes=rng.randrange(8, 25)))
            stages.append((session, ms(moment), ms(step), rng.choice((1, 4, 4, 5, 6))))
            moment = step
        ins("INSERT INTO sleep_stages_table VALUES (?,?,?,?)", stages)
        hrv = [
            (*instant(WATCH, bed + timedelta(minutes=5 * i)), 20.0 + rng.random() * 50)
            for i in range(int((wake - bed).total_seconds() // 300))
        ]
        ins(
            "INSERT INTO heart_rate_variability_rmssd_record_table (uuid, app_info_id, time, "
            "zone_offset, local_date, heart_rate_variability_millis) VALUES (?,?,?,?,?,?)",
            hrv,
        )
        db.execute(
            "INSERT INTO resting_heart_rate_record_table (uuid, app_info_id, time, zone_offset, "
            "local_date, beats_per_minute) VALUES (?,?,?,?,?,?)",
            (*instant(WATCH, wake), 52 + rng.randrange(0, 8)),
        )
        water = [
            (*interval(WATER, t, t), 0.25) for t in (local(day, h, zone) for h in range(8, 20, 2))
        ]
        ins(
            f"INSERT INTO hydration_record_table ({INTERVAL}, volume) VALUES (?,?,?,?,?,?,?,?)",
            water,
        )
        rows += len(steps) + len(energy) + 2 + len(stages) + len(hrv) + 1 + len(water)
        if day.toordinal() % 2 == 0:  # a run, from both devices; now and then a junk effort
            start = local(day, 18, zone)
            effort = 1.4e-45 if rng.random() < 0.05 else float(rng.randrange(3, 9))
            for app, minutes in ((PHONE, 40), (WATCH, 42)):
                db.execute(
                    f"INSERT INTO exercise_session_record_table ({INTERVAL}, exercise_type, "
                    "session_rate_of_perceived_exertion) VALUES (?,?,?,?,?,?,?,?,?)",
                    (*interval(app, start, start + timedelta(minutes=minutes)), 39, effort),
                )
            rows += 2
    return rows


def generate(out: Path, years: int, seed: int) -> Made:
    began = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    database = out.with_suffix(".db")
    database.unlink(missing_ok=True)
    db = sqlite3.connect(database)
    db.executescript(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA user_version = 23;"
    )
    for name, columns in TABLES.items():
        db.execute(f'CREATE TABLE "{name}" ({columns})')
    db.executemany(
        "INSERT INTO application_info_table (row_id, package_name, app_name) VALUES (?,?,?)",
        [
            (PHONE, "com.sec.android.app.shealth", "Samsung Health"),
            (WATCH, "com.fitbit.FitbitMobile", "Fitbit"),
            (WATER, "com.example.waterreminder", "Water Reminder"),
        ],
    )
    rows = write(db, years, random.Random(seed))
    db.execute("CREATE INDEX series_parent ON heart_rate_record_series_table(parent_key)")
    db.commit()
    db.close()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.write(database, "health_connect_export.db")
    made = Made(out, database.stat().st_size, out.stat().st_size, rows, 0.0)
    database.unlink()
    made.seconds = time.perf_counter() - began
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = generate(args.out, args.years, args.seed)
    print(
        f"{made.rows:,} records, {made.db_bytes / 1e6:,.0f} MB database, "
        f"{made.zip_bytes / 1e6:,.0f} MB zipped, in {made.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
