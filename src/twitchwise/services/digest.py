"""The weekly digest (issue 19): the week's episodes, what the diary holds in the day before
each, and what changed from the week before, in a few plain lines. Sent as a reminder of kind
``digest``; it counts and compares, and never says why (that is the triggers' analysis, with its
statistics)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise.domain.exposures import UNIT, ExposureType
from twitchwise.domain.journal import ExposureEntry
from twitchwise.domain.units import number
from twitchwise.domain.wording import counted
from twitchwise.storage.store import Store

BEFORE = timedelta(hours=24)
WEEK = timedelta(days=7)
# The amounts compared week on week: a daily total, or an average for sleep and stress.
COMPARED = (
    ExposureType.CAFFEINE,
    ExposureType.ALCOHOL,
    ExposureType.WATER,
    ExposureType.EXERCISE,
    ExposureType.SLEEP,
)
AVERAGED = {ExposureType.SLEEP, ExposureType.STRESS}
WORDS = {ExposureType.SEXUAL_ACTIVITY: "sex"}


def _name(kind: ExposureType) -> str:
    return WORDS.get(kind, kind.value)


def _per_day(exposures: list[ExposureEntry], kind: ExposureType, days: int) -> float | None:
    amounts = [x.amount for x in exposures if x.type is kind and x.amount is not None]
    if not amounts:
        return None
    return sum(amounts) / len(amounts) if kind in AVERAGED else sum(amounts) / days


def weekly_digest(store: Store, owner: int, now: datetime) -> tuple[str, str]:
    """(title, body) of the digest for the 7 days up to ``now``."""
    with store.read(owner) as journal:
        zone = ZoneInfo(journal.profile().time_zone)
        start, before = now - WEEK, now - 2 * WEEK
        episodes = journal.episodes(since=start, until=now)
        earlier = journal.episodes(since=before, until=start)
        exposures = journal.exposures(since=before - BEFORE, until=now)
        courses = journal.courses()
    this_week = [x for x in exposures if start <= x.started_at < now]
    last_week = [x for x in exposures if before <= x.started_at < start]
    first, last = start.astimezone(zone).date(), now.astimezone(zone).date()
    title = f"Your week, {first:%d %b} to {last:%d %b}"
    lines = []
    kinds = Counter(e.kind.value for e in episodes)
    shown = ", ".join(f"{counted(n, kind)}" for kind, n in sorted(kinds.items()))
    lines.append(
        f"Episodes: {len(episodes)}"
        + (f" ({shown})" if shown else "")
        + f"; the week before: {len(earlier)}."
    )
    if episodes:
        preceded: Counter[ExposureType] = Counter()
        for episode in episodes:
            window = {
                x.type
                for x in exposures
                if episode.started_at - BEFORE <= x.started_at < episode.started_at
            }
            preceded.update(window)
        common = [
            f"{_name(kind)} before {n} of {len(episodes)}" for kind, n in preceded.most_common(4)
        ]
        lines.append(
            "In the 24 hours before them your diary holds: " + "; ".join(common) + "."
            if common
            else "Nothing was logged in the 24 hours before them."
        )
    changes = []
    for kind in COMPARED:
        now_amount, then_amount = _per_day(this_week, kind, 7), _per_day(last_week, kind, 7)
        if now_amount is None or then_amount is None:
            continue
        if abs(now_amount - then_amount) >= max(0.15 * then_amount, 1e-9):
            per = "a night" if kind is ExposureType.SLEEP else "a day"
            changes.append(
                f"{_name(kind)} {number(then_amount)} to {number(now_amount)} {UNIT[kind]} {per}"
            )
    for course in courses:
        if course.started_on is not None and first <= course.started_on <= last:
            changes.append(f"started {course.name}")
        if course.stopped_on is not None and first <= course.stopped_on <= last:
            changes.append(f"stopped {course.name}")
    lines.append(
        "What changed from the week before: " + "; ".join(changes) + "."
        if changes
        else "No amount changed much from the week before."
    )
    lines.append("Counts from your own entries, not causes: the triggers page tests those.")
    return title, "\n".join(lines)
