"""What the doctor's report says (SPEC section 5), gathered before it is drawn: the period, the
person as they described themselves, the warning signs recorded, the episodes with their checks,
the factors across them, the triggers and the medicines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from twitchwise.domain.assessment import TriageLevel
from twitchwise.domain.journal import CourseEntry, EpisodeEntry, Profile, VisitEntry
from twitchwise.domain.triggers import TriggerReport


@dataclass(frozen=True)
class CheckedEpisode:
    episode: EpisodeEntry
    level: TriageLevel
    flag_ids: tuple[str, ...]


@dataclass(frozen=True)
class RecordedFlag:
    """A warning sign raised by the checks of episodes in the period."""

    id: str
    sign: str
    level: TriageLevel
    why: str  # as said for its most recent episode
    episodes: int
    first: datetime
    last: datetime
    sources: tuple[str, ...]
    seen_by_doctor: str | None = None  # its most recent episode's: a doctor's visit covered it


@dataclass(frozen=True)
class Citation:
    """A source the report cites: its id, the reference, and its publisher's address (None when
    it is cited on paper)."""

    id: str
    reference: str
    url: str | None


@dataclass(frozen=True)
class FactorCount:
    name: str
    likely: int
    possible: int


@dataclass(frozen=True)
class DiaryWords:
    """A piece of the diary's free text (an episode's notes, an exposure's detail, a note), shown
    only in a report its person chose to share with them (``twitchwise share --with-notes``)."""

    at: datetime
    what: str
    text: str


@dataclass(frozen=True)
class DoctorReport:
    profile: Profile
    age_years: int | None
    start: date
    end: date
    generated: datetime
    episodes: tuple[CheckedEpisode, ...]
    flags: tuple[RecordedFlag, ...]
    factors: tuple[FactorCount, ...]
    triggers: TriggerReport
    courses: tuple[CourseEntry, ...]
    disclaimer: str
    knowledge_version: str
    citations: tuple[Citation, ...] = ()  # the warning signs' sources, linked in the PDF
    visits: tuple[VisitEntry, ...] = ()  # the doctor's visits up to the period's end
    # The triggers are found in the whole diary up to ``end``: its first day (None: no entries)
    triggers_from: date | None = None
    words: tuple[DiaryWords, ...] = ()  # the free text, when chosen; none by default

    @property
    def highest(self) -> TriageLevel:
        levels = [checked.level for checked in self.episodes]
        return max(levels, key=lambda level: level.rank, default=TriageLevel.SELF_CARE)
