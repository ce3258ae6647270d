"""What a doctor's visit covers, and what is new since it.

A doctor who saw the person has seen the pattern the diary showed then: how long it had gone
on, where, how often, the medicines and conditions. Those history signs stop raising the level
(``triage``) until something new appears after the visit:

- a new body place: a site in an episode after the visit day that no episode in the year up to
  the end of the visit day had;
- a clear rise in frequency: in the last 4 weeks since the visit (or since the visit, when it
  was more recent), at least 4 episodes, at a daily rate at least twice the rate of the 4 weeks
  before the visit (or of the diary's days before it, when it began later);
- a new medicine: a course (medicine or supplement) started after the visit day and taken on
  the episode's day;
- any symptom sign in the episode itself (``triage`` sees that from the flags raised).

Pure: the caller reads what the journal knows about the visit (``Baseline``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from twitchwise.domain.journal import CourseEntry, EpisodeEntry, VisitEntry

RISE_WINDOW = timedelta(days=28)
RISE_RATIO = 2.0
RISE_AT_LEAST = 4
SITES_LOOKBACK = timedelta(days=366)


@dataclass(frozen=True)
class Baseline:
    """The latest visit on or before an episode's day, with what the diary held around it."""

    visit: VisitEntry
    ended: datetime  # the end of the visit's local day: what came before it, the doctor heard
    sites_before: frozenset[str]  # body sites of the year of episodes up to ``ended``
    sites_since: frozenset[str]  # body sites of the episodes from ``ended`` to the episode
    episodes_before: int  # episodes in the RISE_WINDOW before ``ended``
    days_before: float  # days of diary those cover (at most RISE_WINDOW's, at least 1)


def new_since(
    episode: EpisodeEntry,
    episodes: Sequence[EpisodeEntry],
    courses: Sequence[CourseEntry],
    seen: Baseline,
) -> list[str]:
    """What appeared after the visit, in words; empty while the visit covers the history.

    ``episodes`` are those the check reads (at least the RISE_WINDOW before ``episode``)."""
    at = episode.started_at.astimezone(UTC)
    ended = seen.ended.astimezone(UTC)
    found: list[str] = []
    places = (seen.sites_since | {site.value for site in episode.body_sites}) - seen.sites_before
    if places:
        found.append("a new body place since the visit: " + ", ".join(sorted(places)))
    start = max(ended, at - RISE_WINDOW)
    recent = {e.id for e in episodes if start <= e.started_at.astimezone(UTC) <= at}
    recent.add(episode.id)
    days = max((at - start).total_seconds() / 86400, 1.0)
    rate_before = seen.episodes_before / max(seen.days_before, 1.0)
    rate_now = len(recent) / days
    if len(recent) >= RISE_AT_LEAST and rate_now >= RISE_RATIO * rate_before:
        found.append(
            f"episodes more frequent since the visit: {len(recent)} in {days:.0f} days, "
            f"against {seen.episodes_before} in the {seen.days_before:.0f} days before it"
        )
    day = episode.started_at.date()
    for course in courses:
        if course.started_on is not None and course.started_on > seen.visit.on:
            if course.active_on(day):
                found.append(f"a new medicine since the visit: {course.name}")
    return found
