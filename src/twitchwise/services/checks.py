"""Check diary episodes with the context and history the diary holds.

Each check reads only the window it needs, whatever the size of the diary: the exposures of
the ``CONTEXT_HOURS`` before the episode, the episodes of the ``HISTORY_WINDOW`` before it, the
courses taken then, and the first episode of its run (found by index probes, not by reading the
run).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from twitchwise.assessment import assess
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


def check_episode(journal: Journal, episode_id: int, knowledge: Knowledge) -> EpisodeCheck:
    """Assess diary episode ``episode_id`` with the context and history the diary holds."""
    entry = journal.get(EntryRef(EntryKind.EPISODE, episode_id))
    if not isinstance(entry, EpisodeEntry):  # pragma: no cover - get() keeps the kind
        raise TypeError(entry)
    at = entry.started_at
    first = journal.run_start(at, RUN_GAP) or entry
    built = request_from_journal(
        entry,
        episodes=journal.episodes(since=at - HISTORY_WINDOW, until=at),
        exposures=journal.exposures(since=at - timedelta(hours=CONTEXT_HOURS), until=at),
        courses=journal.courses_for(
            at.date(), at.date(), first.started_at.date(), MEDICINE_LOOKBACK_DAYS
        ),
        profile=journal.profile(),
        diary_started=journal.first_entry_at(),
        knowledge=knowledge,
        run_first=first,
    )
    return EpisodeCheck(entry, built, assess(built.request, knowledge))


def recent_checks(
    journal: Journal, since: datetime, knowledge: Knowledge, until: datetime | None = None
) -> list[EpisodeCheck]:
    """``check_episode`` for every episode from ``since`` (to ``until``), newest first, in a
    few queries over that window."""
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
        )
        checks.append(EpisodeCheck(entry, built, assess(built.request, knowledge)))
    return checks[::-1]
