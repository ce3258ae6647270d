"""The CSV long format: what the reader accepts and refuses; writing then reading is exact."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchwise.domain.episodes import BodySite, EpisodeKind, Side
from twitchwise.domain.errors import FieldProblem, InputError
from twitchwise.domain.exposures import ACTIVE, MAXIMUM, Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.exports.csv_long import write_csv
from twitchwise.imports.readers.csv_long import CsvRecord, read_csv

HEADER = "time,type,value,unit,end_time,detail\n"
T = "2026-11-20T23:40:00+01:00"
GOOD = f"{T},caffeine,80,mg,,coffee\n"
TYPES = (
    "episode, caffeine, alcohol, water, sleep, sexual_activity, exercise, stress, medication, "
    "supplement, meal"
)


def read(text: str) -> list[CsvRecord]:
    return read_csv(io.StringIO(text))


def entries(text: str) -> list[LoggedEpisode | Exposure]:
    return [record.entry for record in read(text)]


def one(row: str) -> LoggedEpisode | Exposure:
    (entry,) = entries(HEADER + row + "\n")
    return entry


def problems(text: str) -> list[FieldProblem]:
    with pytest.raises(InputError) as caught:
        read(text)
    return list(caught.value.problems)


def written(items: list[LoggedEpisode | Exposure]) -> str:
    buffer = io.StringIO()
    write_csv(items, buffer)
    return buffer.getvalue()


# --- bad rows ----------------------------------------------------------------------------------

BAD_ROWS = {
    "a time without a UTC offset": (
        "2026-11-20T23:40:00,caffeine,80,mg,,",
        "time: needs a UTC offset, e.g. 2026-11-20T23:40:00+01:00",
    ),
    "a time that is not a time": (
        "yesterday,caffeine,80,mg,,",
        "time: 'yesterday' is not a date and time such as 2026-11-20T23:40:00+01:00",
    ),
    "an empty time": (
        ",caffeine,80,mg,,",
        "time: is empty; write the date and time as 2026-11-20T23:40:00+01:00",
    ),
    "an end time without an offset": (
        f"{T},sleep,,,2026-11-21T07:00:00,",
        "end_time: needs a UTC offset, e.g. 2026-11-20T23:40:00+01:00",
    ),
    "an unknown type": (f"{T},coffee,80,mg,,", f"type: 'coffee' is not one of: {TYPES}"),
    "an empty type": (f"{T},,80,mg,,", f"type: is empty; use one of: {TYPES}"),
    "a unit of the wrong kind": (f"{T},caffeine,80,ml,,", "unit: cannot turn ml into mg"),
    "an unknown unit": (f"{T},water,2,cups,,", "unit: unknown unit 'cups'"),
    "a value that is not a number": (f"{T},caffeine,lots,mg,,", "value: must be a number"),
    "a value that is nan": (f"{T},caffeine,nan,mg,,", "value: must be a number"),
    "a negative value": (f"{T},caffeine,-5,mg,,", "value: must be 0 or more"),
    "an end before the start": (
        f"{T},sleep,,,2026-11-20T22:00:00+01:00,",
        "end_time is before time",
    ),
    "an amount above the most a type can be": (
        f"{T},caffeine,20,g,,",
        "value: 20,000 mg is more than the most for caffeine (10,000 mg)",
    ),
    "an episode without a kind": (
        f"{T},episode,,,,calf",
        "detail: say what kind of episode it was: twitch, cramp or spasm",
    ),
    "an episode with two kinds": (
        f"{T},episode,,,,calf twitch and cramp",
        "detail: names more than one kind (twitch, cramp); write one row each",
    ),
    "an intensity that is not whole": (
        f"{T},episode,5.5,0-10,,calf twitch",
        "value: an intensity must be a whole number from 0 to 10",
    ),
    "an intensity above 10": (
        f"{T},episode,11,0-10,,calf twitch",
        "value: an intensity must be a whole number from 0 to 10",
    ),
    "an episode value in mg": (
        f"{T},episode,3,mg,,calf twitch",
        "unit: an episode's value is minutes (min) or intensity (0-10), not mg",
    ),
    "an episode value without a unit": (
        f"{T},episode,3,,,calf twitch",
        "unit: say what the value is: min for how long, 0-10 for how strong",
    ),
    "an episode longer than a week": (
        f"{T},episode,,,2026-12-20T23:40:00+01:00,calf twitch",
        "end_time: is longer than 7 days, the longest an episode can last",
    ),
    "sleep lasting more than a day": (
        f"{T},sleep,,,2026-11-22T07:00:00+01:00,",
        "sleep cannot last more than 24 hours",
    ),
    "a medication without a name": (
        f"{T},medication,200,mg,,",
        "detail: name the medication, e.g. ibuprofen",
    ),
    "a meal amount without its nutrient": (
        f"{T},meal,300,mg,,dinner",
        "detail: a meal's amount needs the nutrient first: magnesium, potassium, calcium, "
        "vitamin d, vitamin b6",
    ),
    "a magnesium amount in IU": (f"{T},meal,400,IU,,magnesium", "unit: cannot turn IU into mg"),
    "a stress entry without a rating": (
        f"{T},stress,,,,",
        "value: a stress entry needs its rating from 0 to 10",
    ),
    "an effort that is not whole": (
        f"{T},exercise,7.5,rpe,,running",
        "value: an effort (rpe) must be a whole number from 0 to 10",
    ),
    "an effort without a value": (
        f"{T},exercise,,rpe,,running",
        "value: give the effort (rpe) as a whole number from 0 to 10",
    ),
    "a detail longer than 200 characters": (
        f"{T},caffeine,80,mg,,{'x' * 201}",
        "detail: must be at most 200 characters",
    ),
    "a row with too few cells": (
        f"{T},caffeine,80,mg",
        "has 4 cells but the header has 6; keep a comma for each empty cell",
    ),
    "a row with an unquoted comma": (
        f"{T},medication,200,mg,,ibuprofen, with food",
        "has 7 cells but the header has 6; put a detail that contains commas in double quotes",
    ),
}


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_reported_with_its_line_number_and_reason(row: str, reason: str) -> None:
    assert problems(HEADER + GOOD + row + "\n") == [FieldProblem("line 3", reason)]


def test_a_row_with_several_mistakes_names_each_column_in_one_problem() -> None:
    found = problems(HEADER + "2026-11-20T23:40:00,coffee,lots,mg,,\n")
    assert found == [
        FieldProblem(
            "line 2",
            "time: needs a UTC offset, e.g. 2026-11-20T23:40:00+01:00; "
            f"type: 'coffee' is not one of: {TYPES}; value: must be a number",
        )
    ]


def test_one_bad_row_among_good_ones_returns_nothing_and_reports_only_that_line() -> None:
    text = HEADER + GOOD * 5 + f"{T},caffeine,80,ml,,\n" + GOOD * 5
    with pytest.raises(InputError) as caught:
        read(text)
    assert caught.value.problems == (FieldProblem("line 7", "unit: cannot turn ml into mg"),)
    assert caught.value.field == "line 7"


def test_more_than_fifty_bad_rows_lists_fifty_and_counts_the_rest() -> None:
    found = problems(HEADER + f"{T},coffee,,,,\n" * 60)
    assert len(found) == 51
    assert [problem.field for problem in found[:50]] == [f"line {n}" for n in range(2, 52)]
    assert found[50] == FieldProblem("", "and 10 more bad rows")


def test_a_cell_too_large_for_csv_is_reported_and_not_held_in_memory() -> None:
    found = problems(HEADER + GOOD + f'{T},episode,,,,"calf twitch {"x" * 200_000}"\n' + GOOD)
    assert found == [
        FieldProblem("line 3", "is not readable as CSV: a cell is longer than 131,072 characters")
    ]


def test_line_numbers_count_blank_lines_and_lines_inside_quoted_cells() -> None:
    text = HEADER + f'{T},episode,,,,"calf twitch — line one\nline two"\n\n{T},coffee,,,,\n'
    assert problems(text) == [FieldProblem("line 5", f"type: 'coffee' is not one of: {TYPES}")]
    assert [record.line for record in read(HEADER + "\n" + GOOD + GOOD)] == [3, 4]


# --- the header --------------------------------------------------------------------------------

BAD_HEADERS = {
    "an empty file": (
        "",
        "the file is empty; the first line must be time,type,value,unit,end_time,detail",
    ),
    "a blank first line": (
        "\n" + HEADER,
        "is blank; the first line must be the header time,type,value,unit,end_time,detail",
    ),
    "a file without a header": (
        GOOD,
        "the first line must be the header time,type,value,unit,end_time,detail",
    ),
    "an unknown extra column": (
        "time,type,value,unit,end_time,detail,mood\n",
        "unknown column 'mood'; the columns are time,type,value,unit,end_time,detail",
    ),
    "a missing required column": (
        "time,value,unit\n",
        "missing column type; the header is time,type,value,unit,end_time,detail",
    ),
    "a repeated column": ("time,type,value,value\n", "column value appears more than once"),
}


@pytest.mark.parametrize(("text", "reason"), BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_bad_header_is_reported_as_line_one(text: str, reason: str) -> None:
    assert problems(text) == [FieldProblem("line 1", reason)]


def test_a_file_with_only_the_header_holds_no_entries() -> None:
    assert read(HEADER) == []


def test_columns_may_come_in_any_order_and_the_optional_ones_may_be_left_out() -> None:
    (entry,) = entries(f"Type , TIME,value\ncaffeine,{T},80\n")
    assert entry == Exposure(
        type=ExposureType.CAFFEINE, started_at=datetime.fromisoformat(T), amount=80.0
    )


def test_a_utf8_byte_order_mark_and_spaces_around_cells_are_accepted() -> None:
    raw = (HEADER + f" {T} , caffeine , 80 , mg , , coffee \n").encode("utf-8-sig")
    (record,) = read_csv(io.StringIO(raw.decode("utf-8")))
    assert record.line == 2
    assert record.entry == Exposure(
        type=ExposureType.CAFFEINE,
        started_at=datetime.fromisoformat(T),
        amount=80.0,
        detail="coffee",
    )


# --- progress ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "calls"),
    [(2500, [1000, 2000, 2500]), (2000, [1000, 2000]), (3, [3]), (0, [0])],
)
def test_progress_is_reported_every_thousand_rows_and_at_the_end(
    rows: int, calls: list[int]
) -> None:
    seen: list[int] = []
    records = read_csv(io.StringIO(HEADER + GOOD * rows), on_progress=seen.append)
    assert len(records) == rows
    assert seen == calls


# --- units and meanings ------------------------------------------------------------------------

CONVERSIONS = {
    "litres of water become ml": ("water,1.5,L,,", 1500.0),
    "grams of caffeine become mg": ("caffeine,0.2,g,,", 200.0),
    "an empty unit is the internal unit": ("caffeine,80,,,", 80.0),
    "minutes of sleep become hours": ("sleep,420,min,,", 7.0),
    "hours of exercise become minutes": ("exercise,1.5,h,,running", 90.0),
    "minutes of sex stay minutes": ("sexual_activity,20,min,,", 20.0),
    "alcohol is counted in units": ("alcohol,2,units,,", 2.0),
    "a stress rating is out of ten": ("stress,6,0-10,,", 6.0),
    "micrograms of vitamin D become IU": ("meal,25,µg,,vitamin d", 1000.0),
    "grams of magnesium become mg": ("meal,0.3,g,,magnesium", 300.0),
    "a medication dose in grams becomes mg": ("medication,0.5,g,,paracetamol", 500.0),
    "a supplement dose in micrograms becomes mg": ("supplement,500,mcg,,vitamin B12", 0.5),
}


@pytest.mark.parametrize(("row", "amount"), CONVERSIONS.values(), ids=CONVERSIONS.keys())
def test_values_are_converted_to_the_internal_unit_of_their_type(row: str, amount: float) -> None:
    entry = one(f"{T},{row}")
    assert isinstance(entry, Exposure)
    assert entry.amount == pytest.approx(amount)


def test_an_effort_in_rpe_takes_the_length_of_exercise_from_the_end_time() -> None:
    entry = one(f"{T},exercise,7,rpe,2026-11-21T00:25:00+01:00,running")
    assert isinstance(entry, Exposure)
    assert (entry.effort_rpe, entry.amount, entry.detail) == (7, 45.0, "running")
    assert entry.ended_at == datetime.fromisoformat("2026-11-21T00:25:00+01:00")
    without_end = one(f"{T},sexual_activity,4,rpe,,")
    assert isinstance(without_end, Exposure)
    assert (without_end.effort_rpe, without_end.amount) == (4, None)


def test_an_episode_detail_gives_side_sites_kind_and_notes() -> None:
    entry = one(f"{T},episode,,,,Left calves and thighs twitching — after a long run")
    assert entry == LoggedEpisode(
        kind=EpisodeKind.TWITCH,
        started_at=datetime.fromisoformat(T),
        body_sites=(BodySite.CALF, BodySite.THIGH),
        sides=Side.LEFT,
        notes="after a long run",
    )
    both = one(f"{T},episode,,,,left and right foot cramp woke me")
    assert isinstance(both, LoggedEpisode)
    assert (both.kind, both.body_sites, both.sides) == (
        EpisodeKind.CRAMP,
        (BodySite.FOOT,),
        Side.BOTH,
    )
    assert both.notes == "woke me"


def test_an_episode_value_is_a_duration_in_minutes_or_an_intensity_out_of_ten() -> None:
    seconds = one(f"{T},episode,30,s,,eyelid twitch")
    rated = one(f"{T},episode,6,0-10,2026-11-20T23:43:00+01:00,calf cramp")
    assert isinstance(seconds, LoggedEpisode)
    assert isinstance(rated, LoggedEpisode)
    assert (seconds.duration_minutes, seconds.intensity) == (0.5, None)
    assert (rated.duration_minutes, rated.intensity) == (3.0, 6)


def test_a_detail_escaped_against_spreadsheet_formulas_reads_back_without_the_quote() -> None:
    entry = one(f"{T},medication,,,,'=HYPERLINK(x)")
    assert isinstance(entry, Exposure)
    assert entry.detail == "=HYPERLINK(x)"
    assert written([entry]).splitlines()[1].endswith(",'=HYPERLINK(x)")


def test_rows_either_side_of_a_dst_change_keep_their_own_offsets() -> None:
    text = HEADER + (
        "2026-03-29T00:30:00+00:00,episode,,,,calf twitch\n"
        "2026-03-29T02:30:00+01:00,water,250,ml,,\n"
    )
    first, second = entries(text)
    assert first.started_at.utcoffset() == timedelta(0)
    assert second.started_at.utcoffset() == timedelta(hours=1)
    assert second.started_at - first.started_at == timedelta(hours=1)
    assert written([first, second]).splitlines()[1:] == text.splitlines()[1:]


# --- the writer --------------------------------------------------------------------------------


def test_the_writer_puts_side_sites_kind_and_notes_in_the_detail() -> None:
    episode = LoggedEpisode(
        kind=EpisodeKind.TWITCH,
        started_at=datetime.fromisoformat(T),
        body_sites=(BodySite.CALF, BodySite.THIGH),
        sides=Side.LEFT,
        duration_minutes=3.0,
        intensity=5,
        notes="after a run, again",
    )
    assert written([episode]) == HEADER + (
        f"{T},episode,5,0-10,2026-11-20T23:43:00+01:00,"
        '"left calf thigh twitch — after a run, again"\n'
    )


def test_the_writer_gives_exercise_with_minutes_and_effort_an_end_time() -> None:
    exercise = Exposure(
        type=ExposureType.EXERCISE,
        started_at=datetime.fromisoformat(T),
        amount=45.0,
        effort_rpe=7,
        detail="running",
    )
    assert written([exercise]).splitlines()[1] == (
        f"{T},exercise,7,rpe,2026-11-21T00:25:00+01:00,running"
    )


def test_the_writer_returns_the_number_of_rows_and_writes_the_header_even_for_none() -> None:
    buffer = io.StringIO()
    assert write_csv([], buffer) == 0
    assert buffer.getvalue() == HEADER
    assert write_csv(entries(HEADER + GOOD * 3), io.StringIO()) == 3


# --- round trip --------------------------------------------------------------------------------

offsets = st.integers(-14 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
moments = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=datetime(2099, 12, 31),  # noqa: DTZ001
    timezones=offsets,
)
# Minutes that survive a trip through a timedelta exactly (a whole number of seconds).
exact_minutes = st.integers(0, 24 * 3600).map(lambda seconds: seconds / 60)
characters = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("'=+-@ —,\"\n\r\t")
# Often starting as a spreadsheet formula would, to exercise the writer's ' escape.
starts = st.sampled_from(["", "", "=", "'=", "+", "-", "@", "'", "''@", "— ", "'\t", "'\r="])
texts = st.builds(
    lambda start, rest: (start + rest).strip(), starts, st.text(characters, max_size=60)
)
names = texts.filter(bool)
NUTRIENTS = ["magnesium", "potassium", "Calcium citrate", "vitamin d", "vitamin_d from fish"]


@st.composite
def episodes(draw: st.DrawFn) -> LoggedEpisode:
    intensity = draw(st.none() | st.integers(0, 10))
    any_minutes = st.floats(0, 7 * 24 * 60, allow_nan=False)
    return LoggedEpisode(
        kind=draw(st.sampled_from(EpisodeKind)),
        started_at=draw(moments),
        body_sites=tuple(draw(st.lists(st.sampled_from(BodySite), unique=True, max_size=4))),
        sides=draw(st.none() | st.sampled_from(Side)),
        duration_minutes=draw(st.none() | (any_minutes if intensity is None else exact_minutes)),
        intensity=intensity,
        notes=draw(texts),
    )


@st.composite
def exposures(draw: st.DrawFn) -> Exposure:
    kind = draw(st.sampled_from(ExposureType))
    started = draw(moments)
    ended = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=1)).map(started.__add__))
    amount = draw(st.none() | st.floats(0, MAXIMUM[kind], allow_nan=False))
    detail = draw(texts)
    effort = None
    if kind in (ExposureType.MEDICATION, ExposureType.SUPPLEMENT):
        detail = draw(names)
    elif kind is ExposureType.MEAL and amount is not None:
        detail = draw(st.sampled_from(NUTRIENTS))
    elif kind is ExposureType.STRESS:
        amount = draw(st.floats(0, 10))
    elif kind in ACTIVE and draw(st.booleans()):
        effort = draw(st.integers(0, 10))
        amount = draw(st.none() | exact_minutes)
        ended = None if amount is None else started + timedelta(minutes=amount)
    return Exposure(
        type=kind,
        started_at=started,
        ended_at=ended,
        amount=amount,
        detail=detail,
        effort_rpe=effort,
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(episodes() | exposures(), max_size=12))
def test_any_representable_entries_come_back_equal_after_writing_and_reading(
    items: list[LoggedEpisode | Exposure],
) -> None:
    back = entries(written(items))
    assert back == items
    assert [entry.started_at.utcoffset() for entry in back] == [
        entry.started_at.utcoffset() for entry in items
    ]
    ends = [entry.ended_at for entry in items if isinstance(entry, Exposure)]
    ends_back = [entry.ended_at for entry in back if isinstance(entry, Exposure)]
    assert [end and end.utcoffset() for end in ends_back] == [
        end and end.utcoffset() for end in ends
    ]
