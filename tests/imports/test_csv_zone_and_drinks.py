"""A spreadsheet's CSV as people write it: times without an offset are read in the profile's
zone (and the import says so), and "2 espressos" is two espressos (docs/csv-format.md)."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from tests.storage.conftest import engine  # noqa: F401 - SQLite, and PostgreSQL when set
from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import ExposureType
from twitchwise.imports.pipeline import import_file
from twitchwise.imports.readers.csv_long import read_csv
from twitchwise.imports.readers.csv_rows import RowContext
from twitchwise.knowledge import load_knowledge
from twitchwise.storage.store import Store

DOC = Path(__file__).parents[2] / "docs" / "csv-format.md"
HEADER = "time,type,value,unit,end_time,detail\n"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def store(engine: Engine) -> Store:  # noqa: F811
    return Store(engine, zone="Europe/London")


def _doc_example() -> str:
    found = re.search(r"```\n(time,type,value,unit,end_time,detail\n.*?)```", DOC.read_text(), re.S)
    assert found
    return found.group(1)


def _import(store: Store, tmp_path: Path, text: str) -> list[str]:
    with store.write() as journal:
        journal.set_profile({"time_zone": "Europe/Paris"})
    path = tmp_path / "diary.csv"
    path.write_text(text, encoding="utf-8")
    return import_file(store, "csv", path).notes


def test_the_documented_example_imports_as_it_says(store: Store, tmp_path: Path) -> None:
    notes = _import(store, tmp_path, _doc_example())
    with store.read() as journal:
        caffeine = journal.exposures(types=[ExposureType.CAFFEINE])
    by_detail = {x.detail: x for x in caffeine}
    # drinks.toml: an espresso 63 mg, a cup of coffee 96 mg (a second voice: the CLI's log)
    assert by_detail["2 espressos"].amount == 126.0
    assert by_detail["espresso"].amount == 126.0
    coffee = by_detail["1 × coffee"]
    assert coffee.amount == 96.0
    assert coffee.started_at == datetime(2026, 11, 21, 8, 30, tzinfo=PARIS)
    assert coffee.started_at.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert notes == [
        "1 time without a UTC offset was read in Europe/Paris, the profile's time zone"
    ]


def test_a_local_time_gets_the_offset_of_its_day(store: Store, tmp_path: Path) -> None:
    rows = "2026-07-01 08:00,water,250,ml,,\n2026-12-01T08:00,water,300,ml,,\n"
    notes = _import(store, tmp_path, HEADER + rows)
    with store.read() as journal:
        offsets = sorted(
            int(x.started_at.utcoffset().total_seconds() // 3600)  # type: ignore[union-attr]
            for x in journal.exposures()
        )
    assert offsets == [1, 2]  # winter and summer time in Paris
    assert notes[0].startswith("2 times without a UTC offset were read in Europe/Paris")


def test_a_value_that_disagrees_with_the_drinks_is_refused() -> None:
    context = RowContext(drinks=load_knowledge().drinks)
    with pytest.raises(InputError) as refused:
        read_csv(
            io.StringIO(HEADER + "2026-11-20T15:00:00+01:00,caffeine,3,,,2 espressos\n"),
            context=context,
        )
    assert "value: 3 and the 2 drinks of detail disagree" in refused.value.reason
    (pints,) = read_csv(
        io.StringIO(HEADER + "2026-11-20T20:00:00+01:00,alcohol,,,,2 pints of beer\n"),
        context=context,
    )
    assert pints.entry.amount == 4.6  # type: ignore[union-attr]  # a pint of beer: 2.3 UK units (4%)
    (with_unit,) = read_csv(
        io.StringIO(HEADER + "2026-11-20T15:00:00+01:00,caffeine,150,mg,,2 espressos\n"),
        context=context,
    )
    assert with_unit.entry.amount == 150.0  # type: ignore[union-attr]
