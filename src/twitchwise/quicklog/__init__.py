"""Quick log: what a person types becomes proposed diary entries, shown back before saving, on the
one understanding of their words (``twitchwise.understanding``).

``parse("calf cramp for 3 weeks, no numbness, 3 coffees, I'm on furosemide", now)`` proposes the
episode with how long it has gone on and the sign it rules out, 288 mg of caffeine, and a course
of furosemide. Short phrases read whole keep their exact times ("2 coffees at 7am"); a medicine
someone is "on" becomes a course, "started", "upped" or "came off" change one; an age, a sex or a
pregnancy are offered for the profile, to save only when the person agrees. Words it did not
understand are never dropped: they go into the episode's note (or a note of their own) and are
shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse, Note
from twitchwise.knowledge import Knowledge, load_knowledge
from twitchwise.quicklog.courses import courses_from
from twitchwise.quicklog.episode import episode_from
from twitchwise.quicklog.events import exposures_from
from twitchwise.understanding import Understanding, understand
from twitchwise.understanding.phrases import Proposal

__all__ = ["Proposal", "QuickLog", "parse"]


@dataclass(frozen=True)
class QuickLog:
    """The entries proposed, the profile changes offered, and the words not understood."""

    proposals: tuple[Proposal, ...]
    not_understood: tuple[str, ...]
    profile: dict[str, Any]
    understanding: Understanding


def parse(text: str, now: datetime, knowledge: Knowledge | None = None) -> QuickLog:
    """Propose diary entries for ``text`` written at ``now`` (aware, in the person's zone)."""
    known = knowledge or load_knowledge()
    understood = understand(text, now, known)
    proposals: list[Proposal] = []
    episode = episode_from(understood, now)
    if episode is not None:
        proposals.append(episode)
    proposals += exposures_from(understood, now, episode)
    proposals += courses_from(understood, now, known)
    if episode is None and understood.not_understood and text.strip():
        proposals.append(_note(understood, now))
    return QuickLog(
        tuple(proposals), understood.not_understood, _profile(understood, now), understood
    )


def _note(understood: Understanding, now: datetime) -> Proposal:
    """What was not understood, kept as a note of its own when there is no episode to hold it."""
    words = " / ".join(understood.not_understood)
    return Proposal(words, Note(at=now, text=words[:5000]), f"note: {words[:80]}")


def _profile(understood: Understanding, now: datetime) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for fact in understood.facts:
        if fact.field == "person.age_years" and not fact.estimate:
            changes["birth_year"] = now.year - int(fact.value)
        elif fact.field in ("person.sex", "person.pregnant", "person.conditions"):
            changes[fact.field.removeprefix("person.")] = fact.value
    return changes


Entry = LoggedEpisode | Exposure | MedicationCourse | Note
