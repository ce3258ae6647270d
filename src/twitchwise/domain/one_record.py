"""One record of the diary when two sources wrote the same thing: the one rule every reader of
the diary's figures (checks, triggers, charts, the report, the dashboard) goes through.

A diary fills from several sources: entries by hand (the CLI, the web forms, the API, the
phrase reader), an Apple Health import, a CSV or FHIR import, a backup. Each may record the
same night or the same glass of water, and figures must count it once.

**Sleep** — entries whose times overlap, or leave less than ``SESSION_GAP`` between them, are
one *sleep session*, from whatever sources. A session's hours are the time covered by any of
its entries (the union of their intervals, each overlap counted once), kept between the
longest entry's own hours and the sum of the entries' hours (a device's entry can count fewer
hours than its span, leaving the awake time out). A *night* is the longest session that ended
on a local day (or, for a check, in the 24 hours before the episode); the other sessions of
that day are naps, which stay entries of their own and are not added to the night.

**Amounts summed over a day** (caffeine, alcohol, water, each nutrient of a meal, each named
medicine or supplement dose, exercise and sex minutes) — when more than one source recorded a
measure on one local day, that day counts one source: the one with the largest total (the most
complete record of the day; the same drinks recorded twice give equal totals and count once).
Entries by hand, whichever way they were typed, are one source.

**Ratings** (stress) and the latest exertion are read as one reading each already (the
latest, or the day's highest), so two sources cannot add up there. Device measures kept per
day (heart rate variability...) hold one value per kind and day; a later import replaces it.

Entries themselves are never changed or removed by this: lists, edits and exports show every
entry as it was written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from twitchwise.domain.exposures import Exposure, ExposureType

SESSION_GAP = timedelta(minutes=60)  # the same gap the Apple Health import joins pieces with
BY_HAND = "by hand"
_HAND_SOURCES = frozenset({"manual", "quicklog", ""})  # the CLI, forms and API; the phrase reader
SUMMED = frozenset(
    {
        ExposureType.CAFFEINE,
        ExposureType.ALCOHOL,
        ExposureType.WATER,
        ExposureType.MEAL,
        ExposureType.MEDICATION,
        ExposureType.SUPPLEMENT,
        ExposureType.EXERCISE,
        ExposureType.SEXUAL_ACTIVITY,
    }
)

E = TypeVar("E", bound=Exposure)


def source_of(exposure: Exposure) -> str:
    """The source group an entry counts under: imports by their kind, all hand entries as one."""
    # a field only of entries read from the journal: read from the model's own values (getattr
    # on a pydantic model without the field raises inside; this runs for every entry of a diary)
    source = str(vars(exposure).get("source") or "")
    return BY_HAND if source in _HAND_SOURCES else source


def ended_at(exposure: Exposure) -> datetime:
    """When a sleep (or any span) ended: its end, or its start plus its length when only hours
    were given; as an aware instant in the entry's own zone."""
    if exposure.ended_at is not None:
        return exposure.ended_at
    length = exposure.duration_amount or 0.0
    unit = 3600 if exposure.type is ExposureType.SLEEP else 60
    return exposure.started_at + timedelta(seconds=length * unit)


@dataclass(frozen=True)
class SleepSession:
    """Sleep entries that overlap or nearly touch, as one sleep."""

    started_at: datetime
    ended_at: datetime
    hours: float
    entries: tuple[Exposure, ...]

    def as_entry(self) -> Exposure:
        """The session as one sleep entry (the longest entry's, with the session's times and
        hours), for readers that take entries."""
        longest = max(self.entries, key=lambda e: e.duration_amount or 0.0)
        if len(self.entries) == 1:
            return longest
        return longest.model_copy(
            update={
                "started_at": self.started_at,
                "ended_at": self.ended_at,
                "amount": round(self.hours, 4),
            }
        )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def sleep_sessions(exposures: Iterable[Exposure]) -> list[SleepSession]:
    """The sleep entries of ``exposures`` grouped into sessions, oldest first (in real time:
    a night across midnight or a daylight-saving change is measured in UTC)."""
    sleeps = [
        e for e in exposures if e.type is ExposureType.SLEEP and e.duration_amount is not None
    ]
    sleeps.sort(key=lambda e: _utc(e.started_at))
    groups: list[list[Exposure]] = []
    reach = datetime.min.replace(tzinfo=UTC)
    for entry in sleeps:
        start, stop = _utc(entry.started_at), _utc(ended_at(entry))
        if groups and start <= reach + SESSION_GAP:
            groups[-1].append(entry)
            reach = max(reach, stop)
        else:
            groups.append([entry])
            reach = stop
    return [_session(group) for group in groups]


def _session(group: Sequence[Exposure]) -> SleepSession:
    hours = [e.duration_amount or 0.0 for e in group]
    if len(group) == 1:
        only = group[0]
        return SleepSession(only.started_at, ended_at(only), hours[0], (only,))
    covered, end = 0.0, datetime.min.replace(tzinfo=UTC)
    for entry in group:  # in start order
        start, stop = _utc(entry.started_at), _utc(ended_at(entry))
        if stop > end:
            covered += (stop - max(start, end)).total_seconds()
            end = stop
    union = min(max(covered / 3600, max(hours)), sum(hours))
    first = min(group, key=lambda e: _utc(e.started_at))
    last = max(group, key=lambda e: _utc(ended_at(e)))
    return SleepSession(first.started_at, ended_at(last), union, tuple(group))


def night_before(exposures: Iterable[Exposure], at: datetime) -> SleepSession | None:
    """The night before ``at``: the longest session that ended in the 24 hours before it."""
    low, high = _utc(at) - timedelta(hours=24), _utc(at)
    ended = [s for s in sleep_sessions(exposures) if low < _utc(s.ended_at) <= high]
    return max(ended, key=lambda s: s.hours, default=None)


def nights(exposures: Iterable[Exposure], zone: ZoneInfo) -> dict[date, SleepSession]:
    """Each local day's night: the longest session that ended on that day."""
    found: dict[date, SleepSession] = {}
    for session in sleep_sessions(exposures):
        day = session.ended_at.astimezone(zone).date()
        if day not in found or session.hours > found[day].hours:
            found[day] = session
    return found


def _measure(exposure: Exposure) -> tuple[ExposureType, str]:
    """What a summed entry measures: its type, and the nutrient or the medicine's name."""
    kind = exposure.type
    if kind is ExposureType.MEAL:
        return kind, str(exposure.nutrient or "")
    if kind is ExposureType.MEDICATION or kind is ExposureType.SUPPLEMENT:
        return kind, " ".join(exposure.detail.lower().split())
    return kind, ""


def one_source_per_day(exposures: Iterable[E], zone: ZoneInfo) -> list[E]:
    """The summed entries that count: per measure and local day, those of the one source with
    the largest total (ties: by hand first, then by name). Other types pass unchanged."""
    entries = list(exposures)
    sources = [(entry, source_of(entry)) for entry in entries if entry.type in SUMMED]
    if len({source for _, source in sources}) < 2:
        return entries  # one source in all (most diaries): there is nothing to choose between
    summed = [
        (entry, (_measure(entry), entry.started_at.astimezone(zone).date()), source)
        for entry, source in sources
    ]
    totals: dict[tuple[tuple[ExposureType, str], date], dict[str, float]] = defaultdict(
        lambda: defaultdict(float)
    )
    for entry, key, source in summed:
        totals[key][source] += entry.duration_amount or entry.amount or 0.0
    chosen = {
        key: max(by_source, key=lambda s: (by_source[s], s == BY_HAND, s))
        for key, by_source in totals.items()
        if len(by_source) > 1
    }
    dropped = {id(entry) for entry, key, source in summed if chosen.get(key, source) != source}
    return [entry for entry in entries if id(entry) not in dropped]


def one_record(exposures: Iterable[E], zone: ZoneInfo) -> list[Exposure]:
    """The diary's exposures as figures read them: one entry per night of sleep (naps dropped,
    see ``nights``), and one source per summed measure and day; oldest first."""
    entries = list(exposures)
    others: list[Exposure] = [
        e for e in one_source_per_day(entries, zone) if e.type is not ExposureType.SLEEP
    ]
    slept = [session.as_entry() for session in nights(entries, zone).values()]
    return sorted(others + slept, key=lambda e: _utc(e.started_at))
