"""Check diary episodes with the context and history the diary holds.

Each check reads only the window it needs, whatever the size of the diary: the exposures of
the ``CONTEXT_HOURS`` before the episode, the episodes of the ``HISTORY_WINDOW`` before it, the
courses taken then, and the first episode of its run (found by index probes, not by reading the
run).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from twitchwise.assessment import assess
from twitchwise.assessment.doctor_visit import RISE_WINDOW, SITES_LOOKBACK, Baseline
from twitchwise.assessment.from_journal import (
    HISTORY_WINDOW,
    MEDICINE_LOOKBACK_DAYS,
    RUN_GAP,
    FromJournal,
    request_from_journal,
)
from twitchwise.domain.assessment import AssessmentResult
from twitchwise.domain.journal import EntryKind, EntryRef, EpisodeEntry
from twitchwise.knowledge import Knowledge
from twitchwise.storage.journal import Journal

CONTEXT_HOURS = 48


@dataclass(frozen=True)
class EpisodeCheck:
    episode: EpisodeEntry
    built: FromJournal
    result: AssessmentResult


def check_json(checked: EpisodeCheck) -> dict[str, Any]:
    """The check as ``twitchwise check --episode --json`` and the API print it: the result and
    what of the diary it was built from."""
    payload: dict[str, Any] = checked.result.model_dump(mode="json")
    payload["from_journal"] = {
        "episode": f"e{checked.episode.id}",
        "used": [{"id": used.ref, "what": used.what} for used in checked.built.used],
        "history": list(checked.built.history),
    }
    return payload


class _Visits:
    """The doctor's visits of a journal, and what the diary held around each (read once per
    visit; the sites since a visit once per episode checked)."""

    def __init__(self, journal: Journal, zone: ZoneInfo, diary_started: datetime | None) -> None:
        self.journal = journal
        self.zone = zone
        self.diary_started = diary_started
        self.visits = journal.visits()
        self._before: dict[int, tuple[frozenset[str], int, float]] = {}

    def baseline(self, episode: EpisodeEntry) -> Baseline | None:
        day = episode.started_at.astimezone(self.zone).date()
        visit = max(
            (v for v in self.visits if v.on <= day), key=lambda v: (v.on, v.id), default=None
        )
        if visit is None:
            return None
        ended = datetime.combine(visit.on + timedelta(days=1), time.min, self.zone)
        if visit.id not in self._before:
            start = ended - RISE_WINDOW
            if self.diary_started is not None:
                start = min(max(start, self.diary_started), ended)
            self._before[visit.id] = (
                frozenset(self.journal.sites_between(ended - SITES_LOOKBACK, ended)),
                self.journal.episode_count(ended - RISE_WINDOW, ended),
                (ended - start).total_seconds() / 86400,
            )
        sites, count, days = self._before[visit.id]
        since = self.journal.sites_between(ended, episode.started_at)
        return Baseline(visit, ended, sites, frozenset(since), count, max(days, 1.0))


SAMPLES_LEFT_OUT = (
    "the sample entries of twitchwise demo were left out: this check reads only your own entries"
)


def check_episode(journal: Journal, episode_id: int, knowledge: Knowledge) -> EpisodeCheck:
    """Assess diary episode ``episode_id`` with the context and history the diary holds; the
    person's own episode with their own entries only, while the demo's samples are there."""
    ref = EntryRef(EntryKind.EPISODE, episode_id)
    entry = journal.get(ref)
    if not isinstance(entry, EpisodeEntry):  # pragma: no cover - get() keeps the kind
        raise TypeError(entry)
    own = journal.holds_samples() and not journal.is_sample(ref)
    with journal.own_entries(own):
        checked = _check(journal, entry, knowledge)
    if own:
        built = replace(checked.built, history=(*checked.built.history, SAMPLES_LEFT_OUT))
        checked = replace(checked, built=built)
    return checked


def _check(journal: Journal, entry: EpisodeEntry, knowledge: Knowledge) -> EpisodeCheck:
    at = entry.started_at
    first = journal.run_start(at, RUN_GAP) or entry
    profile, diary_started = journal.profile(), journal.first_entry_at()
    zone = ZoneInfo(profile.time_zone)
    built = request_from_journal(
        entry,
        episodes=journal.episodes(since=at - HISTORY_WINDOW, until=at),
        exposures=journal.exposures(since=at - timedelta(hours=CONTEXT_HOURS), until=at),
        courses=journal.courses_for(
            at.date(), at.date(), first.started_at.date(), MEDICINE_LOOKBACK_DAYS
        ),
        profile=profile,
        diary_started=diary_started,
        knowledge=knowledge,
        run_first=first,
        seen=_Visits(journal, zone, diary_started).baseline(entry),
    )
    return EpisodeCheck(entry, built, assess(built.request, knowledge))


def recent_checks(
    journal: Journal, since: datetime, knowledge: Knowledge, until: datetime | None = None
) -> list[EpisodeCheck]:
    """``check_episode`` for every episode from ``since`` (to ``until``), newest first, in a
    few queries over that window; while the demo's samples are there, the person's own
    episodes are checked a second time with only their own entries (as ``check_episode``)."""
    checks = _window_checks(journal, since, knowledge, until)
    if not journal.holds_samples():
        return checks
    with journal.own_entries():
        own = {c.episode.id: c for c in _window_checks(journal, since, knowledge, until)}
    merged = [own.get(c.episode.id, c) for c in checks]
    return [
        replace(c, built=replace(c.built, history=(*c.built.history, SAMPLES_LEFT_OUT)))
        if c.episode.id in own
        else c
        for c in merged
    ]


def _window_checks(
    journal: Journal, since: datetime, knowledge: Knowledge, until: datetime | None
) -> list[EpisodeCheck]:
    episodes = journal.episodes(since=since - HISTORY_WINDOW, until=until)
    if not episodes:
        return []
    exposures = journal.exposures(since=since - timedelta(hours=CONTEXT_HOURS), until=until)
    # The runs: the first one may have begun before the window; the others begin inside it.
    firsts: list[EpisodeEntry] = []
    previous: EpisodeEntry | None = None
    for entry in episodes:
        if previous is None:
            firsts.append(journal.run_start(entry.started_at, RUN_GAP) or entry)
        elif entry.started_at - previous.started_at > RUN_GAP:
            firsts.append(entry)
        else:
            firsts.append(firsts[-1])
        previous = entry
    courses = journal.courses_for(
        since.date(),
        episodes[-1].started_at.date(),
        firsts[0].started_at.date(),
        MEDICINE_LOOKBACK_DAYS,
    )
    profile, diary_started = journal.profile(), journal.first_entry_at()
    visits = _Visits(journal, ZoneInfo(profile.time_zone), diary_started)
    starts = [entry.started_at for entry in episodes]
    exposure_starts = [exposure.started_at for exposure in exposures]
    checks = []
    for index in range(bisect.bisect_left(starts, since), len(episodes)):
        entry = episodes[index]
        at = entry.started_at
        low = bisect.bisect_left(exposure_starts, at - timedelta(hours=CONTEXT_HOURS))
        high = bisect.bisect_right(exposure_starts, at)
        built = request_from_journal(
            entry,
            episodes=episodes[
                bisect.bisect_left(starts, at - HISTORY_WINDOW) : bisect.bisect_right(starts, at)
            ],
            exposures=exposures[low:high],
            courses=courses,
            profile=profile,
            diary_started=diary_started,
            knowledge=knowledge,
            run_first=firsts[index],
            seen=visits.baseline(entry),
        )
        checks.append(EpisodeCheck(entry, built, assess(built.request, knowledge)))
    return checks[::-1]
