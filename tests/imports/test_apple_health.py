"""Apple Health exports: every type we map, time zones, the known breakages, hostile files,
idempotency, and the real sample files other projects publish (read in place)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.imports.apple_export import (
    BROKEN_DTD,
    category,
    export_xml,
    quantity,
    record,
    workout,
    zipped,
)
from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import ExposureType
from twitchwise.domain.measures import MeasureKind
from twitchwise.imports.pipeline import ImportReport, import_file
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store

LONDON = ZoneInfo("Europe/London")
FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "apple-health"
SLEEP = "SleepAnalysis"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    engine = make_engine(f"sqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    return Store(engine, zone="Europe/London")


def load(store: Store, tmp_path: Path, data: bytes, name: str = "export.zip") -> ImportReport:
    path = tmp_path / name
    path.write_bytes(data)
    return import_file(store, "apple-health", path)


def exposures(store: Store) -> list[tuple[str, str, float | None, str]]:
    with store.read() as journal:
        return [
            (x.type.value, x.started_at.isoformat(), x.amount, x.detail)
            for x in journal.exposures()
        ]


def test_dietary_types_are_kept_with_their_units_converted(store: Store, tmp_path: Path) -> None:
    body = [
        quantity("DietaryCaffeine", "2026-03-02 08:00:00 +0000", 95, "mg"),
        quantity("DietaryCaffeine", "2026-03-02 11:00:00 +0000", "0.08", "g"),
        quantity("DietaryWater", "2026-03-02 12:00:00 +0000", "0.5", "L"),
        quantity("DietaryWater", "2026-03-02 13:00:00 +0000", 8, "fl_oz_us"),
        quantity("DietaryMagnesium", "2026-03-02 19:00:00 +0000", 120, "mg"),
        quantity("DietaryPotassium", "2026-03-02 19:00:00 +0000", "1.2", "g"),
        quantity("DietaryCalcium", "2026-03-02 19:00:00 +0000", 300, "mg"),
        quantity("DietaryVitaminD", "2026-03-02 19:00:00 +0000", 10, "mcg"),
        quantity("DietaryVitaminB6", "2026-03-02 19:00:00 +0000", "1.5", "mg"),
    ]
    report = load(store, tmp_path, zipped(export_xml(body)))
    assert report.added == 9
    assert exposures(store) == [
        ("caffeine", "2026-03-02T08:00:00+00:00", 95.0, ""),
        ("caffeine", "2026-03-02T11:00:00+00:00", 80.0, ""),
        ("water", "2026-03-02T12:00:00+00:00", 500.0, ""),
        ("water", "2026-03-02T13:00:00+00:00", pytest.approx(236.588), ""),
        ("meal", "2026-03-02T19:00:00+00:00", 120.0, "magnesium"),
        ("meal", "2026-03-02T19:00:00+00:00", 1200.0, "potassium"),
        ("meal", "2026-03-02T19:00:00+00:00", 300.0, "calcium"),
        ("meal", "2026-03-02T19:00:00+00:00", 400.0, "vitamin_d"),
        ("meal", "2026-03-02T19:00:00+00:00", 1.5, "vitamin_b6"),
    ]


def test_overlapping_sleep_from_phone_and_watch_becomes_one_night(
    store: Store, tmp_path: Path
) -> None:
    zone = {"HKTimeZone": "Europe/London"}
    body = [
        category(
            SLEEP,
            "2026-03-01 22:30:00 +0000",
            "2026-03-02 07:00:00 +0000",
            "HKCategoryValueSleepAnalysisInBed",
            source="iPhone",
        ),
        category(
            SLEEP,
            "2026-03-01 23:00:00 +0000",
            "2026-03-02 02:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepCore",
            metadata=zone,
        ),
        category(
            SLEEP,
            "2026-03-01 23:00:00 +0000",
            "2026-03-02 02:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepCore",
            metadata=zone,
        ),  # byte-identical twin
        category(
            SLEEP,
            "2026-03-02 02:00:00 +0000",
            "2026-03-02 02:20:00 +0000",
            "HKCategoryValueSleepAnalysisAwake",
            metadata=zone,
        ),
        category(
            SLEEP,
            "2026-03-02 02:20:00 +0000",
            "2026-03-02 04:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepDeep",
            metadata=zone,
        ),
        category(
            SLEEP,
            "2026-03-02 03:30:00 +0000",
            "2026-03-02 06:30:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepREM",
            metadata=zone,
        ),
        # an older night, legacy value, phone only
        category(
            SLEEP,
            "2026-02-20 23:00:00 +0000",
            "2026-02-21 05:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleep",
            source="iPhone",
        ),
        # a night with only "in bed"
        category(
            SLEEP,
            "2026-02-10 23:00:00 +0000",
            "2026-02-11 06:00:00 +0000",
            "HKCategoryValueSleepAnalysisInBed",
            source="iPhone",
        ),
    ]
    report = load(store, tmp_path, zipped(export_xml(body)))
    nights = [row for row in exposures(store) if row[0] == "sleep"]
    assert nights == [
        ("sleep", "2026-02-10T23:00:00+00:00", 7.0, "Apple Health: in bed"),
        ("sleep", "2026-02-20T23:00:00+00:00", 6.0, "Apple Health: asleep"),
        # 23:00-02:00 and 02:20-06:30 asleep (the REM overlaps the deep sleep): 7 h 10 min
        (
            "sleep",
            "2026-03-01T23:00:00+00:00",
            pytest.approx(7 + 10 / 60, abs=1e-3),
            "Apple Health: asleep",
        ),
    ]
    assert report.merged["HKCategoryTypeIdentifierSleepAnalysis"] >= 3


def test_daily_measures_take_the_larger_source_never_the_sum(store: Store, tmp_path: Path) -> None:
    body = [
        quantity(
            "ActiveEnergyBurned", "2026-03-02 09:00:00 +0000", 200, "kcal", source="Apple Watch"
        ),
        quantity(
            "ActiveEnergyBurned", "2026-03-02 18:00:00 +0000", 150, "Cal", source="Apple Watch"
        ),
        quantity("ActiveEnergyBurned", "2026-03-02 12:00:00 +0000", 300, "kcal", source="iPhone"),
        quantity("AppleExerciseTime", "2026-03-02 09:00:00 +0000", 30, "min"),
        quantity("HeartRateVariabilitySDNN", "2026-03-02 06:00:00 +0000", 40, "ms"),
        quantity("HeartRateVariabilitySDNN", "2026-03-02 20:00:00 +0000", 60, "ms"),
        quantity("RestingHeartRate", "2026-03-02 07:00:00 +0000", 58, "count/min"),
        category(
            "MindfulSession",
            "2026-03-02 21:00:00 +0000",
            "2026-03-02 21:10:00 +0000",
            "HKCategoryValueNotApplicable",
        ),
        record(
            "HKCategoryTypeIdentifierMindfulSession",
            "2026-03-02 22:00:00 +0000",
            "2026-03-02 22:05:00 +0000",
        ),  # old data: no value at all
    ]
    report = load(store, tmp_path, zipped(export_xml(body)))
    with store.read() as journal:
        measures = {m.kind: m.value for m in journal.measures()}
    assert measures == {
        MeasureKind.ACTIVE_ENERGY_KCAL: 350.0,  # the watch's 200 + 150, not + the phone's 300
        MeasureKind.EXERCISE_MINUTES: 30.0,
        MeasureKind.HRV_SDNN_MS: 50.0,
        MeasureKind.RESTING_HEART_RATE_BPM: 58.0,
        MeasureKind.MINDFUL_MINUTES: 15.0,
    }
    assert report.measures == 5 and report.added == 0


@pytest.mark.parametrize(
    ("zone", "first"),
    [
        ("Europe/London", "2026-03-28 20:03:00"),  # across the spring clock change
        ("Asia/Kolkata", "2026-03-02 15:07:00"),  # local midnight falls at 18:30 UTC
        ("America/St_Johns", "2026-11-01 00:01:00"),  # -03:30, and a clock change
    ],
)
def test_each_sample_counts_on_its_own_local_day(tmp_path: Path, zone: str, first: str) -> None:
    """Samples every 7 minutes for 12 hours, with a repeat of each; the day totals are checked
    against each sample's local date worked out here, one by one."""
    from datetime import datetime, timedelta

    engine = make_engine(f"sqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    store = Store(engine, zone=zone)
    start = datetime.fromisoformat(first + "+00:00")
    expected: dict[str, float] = {}
    body = []
    for step in range(12 * 60 // 7):
        moment = start + timedelta(minutes=7 * step)
        text = moment.strftime("%Y-%m-%d %H:%M:%S +0000")
        sample = quantity("ActiveEnergyBurned", text, step + 1, "kcal")
        body += [sample, sample]
        day = moment.astimezone(ZoneInfo(zone)).date().isoformat()
        expected[day] = expected.get(day, 0.0) + step + 1
    load(store, tmp_path, zipped(export_xml(body)))
    with store.read() as journal:
        found = {m.day.isoformat(): m.value for m in journal.measures()}
    assert found == expected and len(found) == 2


def test_workouts_and_sex_become_exertion_with_their_zone(store: Store, tmp_path: Path) -> None:
    statistics = (
        '\n  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
        'startDate="2026-07-01 17:00:00 +0000" endDate="2026-07-01 17:45:00 +0000" '
        'sum="400" unit="kcal"/>'
    )
    body = [
        workout(
            "Running",
            "2026-07-01 17:00:00 +0000",
            "2026-07-01 17:50:00 +0000",
            45.5,
            zone="Europe/Paris",
            statistics=statistics,
        ),
        category(
            "SexualActivity",
            "2026-07-01 21:00:00 +0000",
            "2026-07-01 21:30:00 +0000",
            "HKCategoryValueNotApplicable",
            metadata={"HKMetadataKeySexualActivityProtectionUsed": "1"},
        ),
        quantity("NumberOfAlcoholicBeverages", "2026-07-01 19:00:00 +0000", 2, "count"),
    ]
    load(store, tmp_path, zipped(export_xml(body)))
    assert exposures(store) == [
        ("exercise", "2026-07-01T19:00:00+02:00", 45.5, "running"),  # HKTimeZone: Paris, summer
        ("alcohol", "2026-07-01T20:00:00+01:00", None, "2 drinks"),  # profile zone: London, summer
        ("sexual_activity", "2026-07-01T22:00:00+01:00", None, ""),
    ]


def test_local_time_comes_from_the_zone_not_the_export_offset(store: Store, tmp_path: Path) -> None:
    """The export writes its own offset on every record (§1.9): only the instant is trusted."""
    winter_export = [quantity("DietaryCaffeine", "2026-07-15 08:00:00 -0500", 100, "mg")]
    load(store, tmp_path, zipped(export_xml(winter_export, export_offset="-0500")))
    with store.read() as journal:
        (coffee,) = journal.exposures()
    assert coffee.started_at.isoformat() == "2026-07-15T14:00:00+01:00"  # London in July


def test_a_night_across_the_clock_change_keeps_its_real_length(
    store: Store, tmp_path: Path
) -> None:
    body = [
        category(
            SLEEP,
            "2026-10-24 22:00:00 +0000",
            "2026-10-25 07:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepCore",
            metadata={"HKTimeZone": "Europe/London"},
        ),
    ]
    load(store, tmp_path, zipped(export_xml(body)))
    with store.read() as journal:
        (night,) = journal.exposures()
    assert night.started_at.isoformat() == "2026-10-24T23:00:00+01:00"
    assert night.ended_at is not None and night.ended_at.isoformat() == "2026-10-25T07:00:00+00:00"
    assert night.amount == 9.0


def test_correlation_children_are_not_counted_twice(store: Store, tmp_path: Path) -> None:
    food = quantity("DietaryCaffeine", "2026-03-02 08:00:00 +0000", 95, "mg")
    body = [
        food,
        '<Correlation type="HKCorrelationTypeIdentifierFood" sourceName="MyFitnessPal" '
        'startDate="2026-03-02 08:00:00 +0000" endDate="2026-03-02 08:00:00 +0000">'
        + quantity("DietaryCaffeine", "2026-03-02 08:00:00 +0000", 95, "mg", source="MyFitnessPal")
        + "</Correlation>",
    ]
    report = load(store, tmp_path, zipped(export_xml(body)))
    assert report.added == 1


@pytest.mark.parametrize(
    ("name", "dtd", "version"),
    [
        ("ios16 broken DTD", BROKEN_DTD, 12),
        ("no DTD at all", None, 14),
        (
            "an export version 3 DTD",
            "<!DOCTYPE HealthData [\n<!-- HealthKit Export Version: 3 -->\n]>\n",
            3,
        ),
    ],
)
def test_prologs_that_strict_parsers_reject_or_lack_are_fine(
    store: Store, tmp_path: Path, name: str, dtd: str | None, version: int
) -> None:
    body = [quantity("DietaryCaffeine", "2026-03-02 08:00:00 +0000", 95, "mg")]
    assert load(store, tmp_path, zipped(export_xml(body, dtd=dtd, version=version))).added == 1, (
        name
    )


@pytest.mark.parametrize("version", [12, 14])
def test_the_ios16_duplicated_start_date_is_repaired(
    store: Store, tmp_path: Path, version: int
) -> None:
    statistics = (
        '\n  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" '
        'startDate="2026-03-02 07:00:00 +0000" startDate="2026-03-02 07:30:00 +0000" '
        'sum="250" unit="kcal"/>'
    )
    body = [
        workout(
            "Cycling",
            "2026-03-02 07:00:00 +0000",
            "2026-03-02 07:30:00 +0000",
            30,
            statistics=statistics,
        )
    ]
    report = load(store, tmp_path, zipped(export_xml(body, version=version)))
    assert report.added == 1
    assert any("repaired 1 duplicated startDate" in note for note in report.notes)


def test_control_characters_in_values_are_dropped(store: Store, tmp_path: Path) -> None:
    body = [quantity("DietaryCaffeine", "2026-03-02 08:00:00 +0000", 95, "mg", source="Bad\x0bApp")]
    assert load(store, tmp_path, zipped(export_xml(body))).added == 1


@pytest.mark.parametrize(
    "member", ["apple_health_export/导出.xml", "apple_health_export/Export.xml", "export.xml"]
)
def test_the_xml_is_found_by_its_content_whatever_its_name(
    store: Store, tmp_path: Path, member: str
) -> None:
    body = [quantity("DietaryWater", "2026-03-02 08:00:00 +0000", 250, "mL")]
    cda = {"apple_health_export/export_cda.xml": b"<ClinicalDocument/><second/>"}
    assert load(store, tmp_path, zipped(export_xml(body), member=member, extra=cda)).added == 1


def test_an_unzipped_folder_and_a_bare_xml_both_work(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "apple_health_export"
    folder.mkdir()
    (folder / "export.xml").write_bytes(
        export_xml([quantity("DietaryWater", "2026-03-02 08:00:00 +0000", 250, "mL")])
    )
    assert import_file(store, "apple-health", folder).added == 1
    assert import_file(store, "apple-health", folder / "export.xml").already == 1


def test_importing_the_same_or_a_later_export_adds_only_what_is_new(
    store: Store, tmp_path: Path
) -> None:
    first = [
        quantity("DietaryCaffeine", "2026-03-02 08:00:00 +0000", 95, "mg"),
        category(
            SLEEP,
            "2026-03-01 23:00:00 +0000",
            "2026-03-02 06:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepCore",
        ),
    ]
    assert load(store, tmp_path, zipped(export_xml(first))).added == 2
    assert load(store, tmp_path, zipped(export_xml(first))).added == 0
    # months later, the phone writes every time with its summer offset, and there is more
    later = [
        quantity("DietaryCaffeine", "2026-03-02 09:00:00 +0100", 95, "mg"),
        category(
            SLEEP,
            "2026-03-02 00:00:00 +0100",
            "2026-03-02 07:00:00 +0100",
            "HKCategoryValueSleepAnalysisAsleepCore",
        ),
        quantity("DietaryCaffeine", "2026-06-02 09:00:00 +0100", 200, "mg"),
    ]
    report = load(store, tmp_path, zipped(export_xml(later, export_offset="+0100")))
    assert (report.added, report.already) == (1, 2)
    assert len(exposures(store)) == 3


def test_the_real_samples_other_projects_publish(store: Store) -> None:
    phone_and_watch = import_file(
        store, "apple-health", FIXTURES / "alxdrcirilo-apple-health-parser" / "export.zip"
    )
    assert phone_and_watch.kept["HKCategoryTypeIdentifierSleepAnalysis"] == 2
    run = import_file(
        store, "apple-health", FIXTURES / "dogsheep-healthkit-to-sqlite" / "export.xml"
    )
    assert run.kept["Workout"] == 1
    old = import_file(
        store, "apple-health", FIXTURES / "tdda-applehealthdata" / "export6s3sample.xml"
    )
    assert old.kept["Workout"] == 1 and old.skipped["HKQuantityTypeIdentifierStepCount"] == 10
    with store.read() as journal:
        workouts = [x for x in journal.exposures() if x.type is ExposureType.EXERCISE]
    assert {w.detail for w in workouts} == {"running", "other"}


# --- hostile files --------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<HealthData locale="en"><Record type="HKQuantityTypeIdentifierDietaryCaffeine" sourceName="&lol9;"
 unit="mg" value="1" startDate="2026-01-01 00:00:00 +0000"
 endDate="2026-01-01 00:00:00 +0000"/></HealthData>
"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<HealthData locale="en"><Record type="HKQuantityTypeIdentifierDietaryCaffeine" sourceName="&secret;"
 unit="mg" value="1" startDate="2026-01-01 00:00:00 +0000"
 endDate="2026-01-01 00:00:00 +0000"/></HealthData>
"""

UNDECLARED = b"""<?xml version="1.0"?>
<HealthData locale="en"><Record type="HKQuantityTypeIdentifierDietaryCaffeine" sourceName="&secret;"
 unit="mg" value="1" startDate="2026-01-01 00:00:00 +0000"
 endDate="2026-01-01 00:00:00 +0000"/></HealthData>
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "declares XML entities"),
        (EXTERNAL, "declares XML entities"),
        (UNDECLARED, "not well-formed XML"),
        (b"<HealthData locale='en'><Record", "not well-formed XML"),
        (b"just some text", "not an Apple Health export"),
    ],
)
def test_hostile_or_broken_files_are_refused_and_nothing_is_saved(
    store: Store, tmp_path: Path, data: bytes, message: str
) -> None:
    for name, payload in (("export.xml", data), ("export.zip", zipped(data))):
        with pytest.raises(InputError) as caught:
            load(store, tmp_path, payload, name)
        assert message in caught.value.reason or "holds no Apple Health" in caught.value.reason
    assert exposures(store) == []


def write_bomb(path: Path, gigabytes: float = 1.0) -> None:
    """A member that starts like an export and then inflates to gigabytes of spaces."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("apple_health_export/export.xml", "w", force_zip64=True) as member,
    ):
        member.write(b'<?xml version="1.0"?>\n<HealthData locale="en">')
        block = b" " * (1 << 20)
        for _ in range(int(gigabytes * 1024)):
            member.write(block)


def test_a_zip_bomb_is_refused_before_it_inflates(store: Store, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    write_bomb(bomb)
    assert bomb.stat().st_size < 5 << 20
    with pytest.raises(InputError, match="zip bomb"):
        import_file(store, "apple-health", bomb)


def test_member_names_with_path_tricks_are_read_in_place_never_written(
    store: Store, tmp_path: Path
) -> None:
    body = [quantity("DietaryWater", "2026-03-02 08:00:00 +0000", 250, "mL")]
    trick = zipped(export_xml(body), member="../../../escape/export.xml")
    before = set(tmp_path.parent.rglob("*"))
    assert load(store, tmp_path, trick).added == 1
    created = {p for p in set(tmp_path.parent.rglob("*")) - before if "escape" in str(p)}
    assert created == set()


MEASURED_IMPORT = """
import resource, subprocess, sys
command = [sys.executable, "-m", "twitchwise", "import", "apple-health", sys.argv[1]]
done = subprocess.run(command, stdout=subprocess.DEVNULL)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
def test_hostile_files_are_refused_in_bounded_memory_and_time(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    write_bomb(bomb, gigabytes=2)
    laughs = tmp_path / "laughs.xml"
    laughs.write_bytes(BILLION_LAUGHS)
    env = {
        **os.environ,
        "TWITCHWISE_DATA_DIR": str(tmp_path / "data"),
        "TWITCHWISE_DATABASE_URL": "",
    }
    for path in (bomb, laughs):
        # A fresh parent per file, so the peak is this import's own and not the largest
        # child the test session has waited for so far.
        done = subprocess.run(
            [sys.executable, "-c", MEASURED_IMPORT, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        returncode, peak_kb = (int(word) for word in done.stdout.splitlines()[-1].split())
        assert returncode == 1, done.stderr
        assert "Error: FILE:" in done.stderr and "Traceback" not in done.stderr
        assert peak_kb / 1024 < 200, f"{path.name}: {peak_kb / 1024:.0f} MB"


def test_a_later_export_with_stages_does_not_shrink_a_night(store: Store, tmp_path: Path) -> None:
    night = [
        category(
            SLEEP,
            "2026-03-01 23:00:00 +0000",
            "2026-03-02 06:00:00 +0000",
            "HKCategoryValueSleepAnalysisAsleepCore",
        )
    ]
    load(store, tmp_path, zipped(export_xml(night)))
    again = load(store, tmp_path, zipped(export_xml(night)))
    assert again.already == 1
    assert [row[2] for row in exposures(store)] == [7.0]
