"""Check diary episodes with the context and history the diary holds."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta

from twitchwise.assessment import assess
from twitchwise.assessment.from_journal import FromJournal, request_from_journal
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


def check_episode(journal: Journal, episode_id: int, knowledge: Knowledge) -> EpisodeCheck:
    """Assess diary episode ``episode_id`` with the context and history the diary holds."""
    entry = journal.get(EntryRef(EntryKind.EPISODE, episode_id))
    if not isinstance(entry, EpisodeEntry):  # pragma: no cover - get() keeps the kind
        raise TypeError(entry)
    at = entry.started_at
    built = request_from_journal(
        entry,
        episodes=journal.episodes(until=at),
        exposures=journal.exposures(since=at - timedelta(hours=CONTEXT_HOURS), until=at),
        courses=journal.courses(),
        profile=journal.profile(),
        diary_started=journal.first_entry_at(),
        knowledge=knowledge,
    )
    return EpisodeCheck(entry, built, assess(built.request, knowledge))


def recent_checks(journal: Journal, since: datetime, knowledge: Knowledge) -> list[EpisodeCheck]:
    """``check_episode`` for every episode from ``since`` on, newest first, in five queries."""
    episodes = journal.episodes()
    starts = [entry.started_at for entry in episodes]
    exposures = journal.exposures(since=since - timedelta(hours=CONTEXT_HOURS))
    exposure_starts = [exposure.started_at for exposure in exposures]
    courses, profile, first = journal.courses(), journal.profile(), journal.first_entry_at()
    checks = []
    for entry in episodes[bisect.bisect_left(starts, since) :]:
        at = entry.started_at
        low = bisect.bisect_left(exposure_starts, at - timedelta(hours=CONTEXT_HOURS))
        high = bisect.bisect_right(exposure_starts, at)
        built = request_from_journal(
            entry,
            episodes=episodes[: bisect.bisect_right(starts, at)],
            exposures=exposures[low:high],
            courses=courses,
            profile=profile,
            diary_started=first,
            knowledge=knowledge,
        )
        checks.append(EpisodeCheck(entry, built, assess(built.request, knowledge)))
    return checks[::-1]
