"""A spreadsheet's CSV on the command line: times without an offset read in the profile's zone,
said in a note; "2 espressos" is two espressos; counts in the words they need."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_journal_commands import env, history, ok  # noqa: F401 - the fixture


def test_a_spreadsheets_csv_is_read_in_the_profiles_zone(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    ok(env, "profile", "--zone", "Europe/Paris")
    diary = tmp_path / "Tagebuch.csv"
    diary.write_text(
        "time,type,value,unit,end_time,detail\n2026-11-21 08:30,caffeine,2,,,2 espressos\n",
        encoding="utf-8",
    )
    shown = ok(env, "import", "csv", str(diary))
    assert "Added 1 entry; 0 were already in the journal" in shown
    assert "1 record read" in shown
    assert "1 time without a UTC offset was read in Europe/Paris" in shown
    (coffee,) = history(env)
    assert coffee["amount"] == 126.0
    assert coffee["started_at"] == "2026-11-21T08:30:00+01:00"
    assert "Added 0 entries; 1 was already in the journal" in ok(env, "import", "csv", str(diary))
