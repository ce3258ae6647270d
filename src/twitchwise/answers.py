"""What every adapter (the CLI, the pages, the API) does with a journal, each in one place:
check a diary episode, check the recent ones, find the triggers, fill a fresh journal with the
demo diary.

Each is read -> compute: the journal supplies the entries, the pure core does the rest.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from twitchwise import demo
from twitchwise.analysis import Diary, analyse
from twitchwise.assessment import assess
from twitchwise.assessment.from_journal import FromJournal, request_from_journal
from twitchwise.domain.assessment import AssessmentResult
from twitchwise.domain.errors import InputError
from twitchwise.domain.journal import EntryKind, EntryRef, EpisodeEntry
from twitchwise.domain.triggers import TriggerReport
from twitchwise.knowledge import Knowledge
from twitchwise.storage.journal import Journal
from twitchwise.storage.store import Store

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


def diary_of(journal: Journal, zone: ZoneInfo) -> Diary:
    return Diary(
        episodes=journal.episodes(),
        exposures=journal.exposures(),
        courses=journal.courses(),
        zone=zone,
    )


def triggers_of(diary: Diary, knowledge: Knowledge) -> TriggerReport:
    return analyse(diary, knowledge.triggers)


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


def fill_with_demo(store: Store, now: datetime, months: int = 6, seed: int = 7) -> int:
    """Fill a fresh journal with the demo diary; refuse a journal that has entries."""
    with store.read() as journal:
        if not journal.is_empty():
            raise InputError(
                "journal",
                "is not empty; the demo only fills a fresh journal "
                "(point TWITCHWISE_DATA_DIR at an empty folder to try it)",
            )
    with store.write() as journal:
        journal.set_profile({"sex": "female", "birth_year": now.year - 34})
        report = journal.add_many(demo.generate(now, months=months, seed=seed), source="demo")
    return report.added
