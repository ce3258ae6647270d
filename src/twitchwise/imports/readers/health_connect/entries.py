"""Sleep sessions (with their stages), exercise sessions and hydration, as diary entries.

One rule where two apps wrote the same thing (a phone and a watch): sleep pieces that overlap
or nearly touch are one night, its hours their union (``SleepPieces``, as for Apple Health);
exercise sessions that overlap are one workout, the longest kept; hydration counts, per local
day, the app that logged the most (``per_day``'s rule), never two apps' glasses added up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.imports.readers.apple_health.sleep import SleepPieces
from twitchwise.imports.readers.apple_health.summary import counted_entry
from twitchwise.imports.readers.health_connect.context import (
    Context,
    moment,
    offset_zone,
    plausible_instant,
    plausible_offset,
)
from twitchwise.imports.readers.health_connect.database import Table, quoted
from twitchwise.imports.readers.health_connect.kinds import ASLEEP_STAGES, activity

SLEEP = "sleep"
EXERCISE = "exercise session"
EFFORT = "exercise effort"
HYDRATION = "hydration"
LONGEST_WORKOUT_MS = 24 * 3_600_000
MOST_WATER_L = 10.0  # one record; more is junk


def _select(table: Table, *columns: tuple[str, ...]) -> str:
    """The columns (each the first of its names the table has, else NULL)."""
    names = [table.column(*choices) for choices in columns]
    return ", ".join(quoted(name) if name else "NULL" for name in names)


def _span(context: Context, kind: str, row: tuple[object, ...]) -> tuple[int, int, int, int] | None:
    """(start ms, start offset, end ms, end offset) of an interval row; None (counted junk)
    when a time or an offset is unreadable or the end is before the start."""
    start, start_offset, end, end_offset = row
    end_offset = start_offset if end_offset is None else end_offset
    if not (
        plausible_instant(start)
        and plausible_instant(end)
        and plausible_offset(start_offset)
        and plausible_offset(end_offset)
    ):
        context.refuse(kind, 1, "no readable time or UTC offset")
        return None
    assert isinstance(start, int) and isinstance(end, int)  # noqa: S101 - checked above
    assert isinstance(start_offset, int) and isinstance(end_offset, int)  # noqa: S101
    if end < start:
        context.refuse(kind, 1, "it ends before it starts")
        return None
    return start, start_offset, end, end_offset


def read_sleep(context: Context, sessions: Table, stages: Table | None) -> SleepPieces:
    """Each session, and each stage of it, as pieces of the nights."""
    pieces = SleepPieces("Health Connect", SLEEP)
    times = (("start_time",), ("start_zone_offset",), ("end_time",), ("end_zone_offset",))
    sql = (
        f"SELECT {_select(sessions, ('row_id',), ('app_info_id',), *times)} "
        f"FROM {quoted(sessions.name)} ORDER BY 1"
    )
    by_session = _stages(context, stages)
    next_stage = next(by_session, None)
    for row_id, app, *times_of in context.connection.execute(sql):
        context.done(1)
        own: list[tuple[int, int, int]] = []
        while next_stage is not None and next_stage[0] <= row_id:
            if next_stage[0] == row_id:
                own.append(next_stage[1:])
            next_stage = next(by_session, None)
        span = _span(context, SLEEP, tuple(times_of))
        if span is None:
            continue
        start, start_offset, end, end_offset = span
        # A stage has no offsets of its own: its start is read in the session's starting
        # offset, its end in the ending one (they differ only across a DST change or a flight).
        zones = {"zone": offset_zone(start_offset), "end_zone": offset_zone(end_offset)}
        source = context.app(app)
        asleep = [(s, e) for s, e, stage in own if stage in ASLEEP_STAGES and start <= s < e]
        for stage_start, stage_end in asleep:
            pieces.add(_at(stage_start), _at(stage_end), True, source=source, **zones)
        context.summary.merged[SLEEP] += len(asleep)
        context.summary.skipped["sleep stage"] += len(own) - len(asleep)
        # The session itself: asleep when no stage says otherwise, else the time in bed.
        pieces.add(_at(start), _at(end), not own, source=source, **zones)
        context.summary.merged[SLEEP] += 1
    return pieces


def _at(millis: int) -> datetime:
    return moment(millis, 0)


def _stages(context: Context, stages: Table | None) -> Iterator[tuple[int, int, int, int]]:
    """(session row id, start ms, end ms, stage type) in session order."""
    if stages is None:
        return
    columns = (("parent_key",), ("stage_start_time",), ("stage_end_time",), ("stage_type",))
    sql = f"SELECT {_select(stages, *columns)} FROM {quoted(stages.name)} ORDER BY 1, 2"
    for parent, start, end, stage in context.connection.execute(sql):
        context.done(1)
        if plausible_instant(start) and plausible_instant(end) and isinstance(parent, int):
            yield parent, start, end, stage if isinstance(stage, int) else 0
        else:
            context.refuse("sleep stage", 1, "no readable time")


def read_exercise(context: Context, table: Table) -> Iterator[Exposure]:
    """Workouts in time order; ones that overlap (phone and watch) are one, the longest."""
    columns = (
        ("start_time",),
        ("start_zone_offset",),
        ("end_time",),
        ("end_zone_offset",),
        ("app_info_id",),
        ("exercise_type",),
        ("title",),
        ("session_rate_of_perceived_exertion", "rate_of_perceived_exertion"),
    )
    sql = f"SELECT {_select(table, *columns)} FROM {quoted(table.name)} ORDER BY 1, 3"
    group: list[tuple[tuple[int, int, int, int], tuple[object, ...]]] = []
    reach = -1
    for row in context.connection.execute(sql):
        context.done(1)
        span = _span(context, EXERCISE, tuple(row[:4]))
        if span is None:
            continue
        if span[2] - span[0] > LONGEST_WORKOUT_MS:
            context.refuse(EXERCISE, 1, "longer than a day")
            continue
        if group and span[0] >= reach:
            yield from _workout(context, group)
            group = []
        group.append((span, tuple(row[4:])))
        reach = max(reach, span[2]) if len(group) > 1 else span[2]
    if group:
        yield from _workout(context, group)


def _workout(
    context: Context, group: list[tuple[tuple[int, int, int, int], tuple[object, ...]]]
) -> Iterator[Exposure]:
    (start, start_offset, end, end_offset), (app, kind, title, effort) = max(
        group, key=lambda item: (item[0][2] - item[0][0], str(item[1][0]))
    )
    context.summary.merged[EXERCISE] += len(group) - 1
    name = activity(kind if isinstance(kind, int) else None)
    if isinstance(title, str) and title.strip():
        name = f"{name}: {title.strip()}"
    source = context.app(app)
    exposure = counted_entry(
        context.summary,
        EXERCISE,
        type=ExposureType.EXERCISE,
        started_at=moment(start, start_offset),
        ended_at=moment(end, end_offset),
        amount=round((end - start) / 60_000, 3),
        detail=(f"{name} ({source})" if source else name)[:200],
        effort_rpe=_effort(context, effort),
    )
    if exposure is not None:
        yield exposure


def _effort(context: Context, value: object) -> int | None:
    """A rating of perceived exertion (0-10); junk (1.4e-45, negative, above 10) refused and
    counted, the workout kept without it."""
    if value is None:
        return None
    if (
        isinstance(value, int | float)
        and math.isfinite(value)
        and 0 <= value <= 10
        and not 0 < value < 0.5
    ):
        return round(value)
    context.refuse(EFFORT, 1, "a rating of perceived exertion outside 0-10, such as 1.4e-45")
    return None


def read_hydration(context: Context, table: Table) -> Iterator[Exposure]:
    """Water, in the app that logged the most each local day."""
    columns = (("start_time", "time"), ("start_zone_offset", "zone_offset"), ("app_info_id",))
    volume = table.column("volume")
    local = table.column("local_date")
    day = f"COALESCE({quoted(local)}, -1)" if local else "-1"
    sql = (
        f"SELECT {day}, {_select(table, *columns)}, {quoted(volume or '')} "
        f"FROM {quoted(table.name)} ORDER BY 1, 2"
    )
    current: int | None = None
    by_app: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for epoch_day, start, offset, app, litres in context.connection.execute(sql):
        context.done(1)
        if not (plausible_instant(start) and plausible_offset(offset)):
            context.refuse(HYDRATION, 1, "no readable time or UTC offset")
            continue
        if not isinstance(litres, int | float) or not 0 < litres <= MOST_WATER_L:
            context.refuse(HYDRATION, 1, f"a volume outside 0-{MOST_WATER_L:g} litres")
            continue
        local_day = epoch_day if epoch_day >= 0 else (start + 1000 * offset) // 86_400_000
        if local_day != current:
            yield from _water_day(context, by_app)
            current, by_app = local_day, defaultdict(list)
        by_app[context.app(app)].append((start, offset, float(litres)))
    yield from _water_day(context, by_app)


def _water_day(
    context: Context, by_app: dict[str, list[tuple[int, int, float]]]
) -> Iterator[Exposure]:
    if not by_app:
        return
    chosen = min(by_app, key=lambda app: (-sum(v for *_, v in by_app[app]), app))
    for app, records in by_app.items():
        if app != chosen:
            context.summary.merged[HYDRATION] += len(records)
    for start, offset, litres in by_app[chosen]:
        exposure = counted_entry(
            context.summary,
            HYDRATION,
            type=ExposureType.WATER,
            started_at=moment(start, offset),
            amount=round(litres * 1000, 3),
            detail=f"Health Connect ({chosen})"[:200] if chosen else "Health Connect",
        )
        if exposure is not None:
            yield exposure
