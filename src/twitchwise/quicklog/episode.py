"""The episode a person's words describe, for the diary: the phrase reader's exact entry when a
phrase was read whole, with everything the wider reading found (the signs present and ruled out,
how long it has gone on, how often), and the words not understood in its note."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.units import number
from twitchwise.domain.wording import counted
from twitchwise.understanding import Understanding
from twitchwise.understanding.phrases import Proposal

_FIELDS = (
    "kind",
    "body_sites",
    "sides",
    "duration_minutes",
    "intensity",
    "pain",
    "context",
    "persisting_days",
    "episodes_per_week",
)
NOTE_PREFIX = "in my words: "


def episode_from(understood: Understanding, now: datetime) -> Proposal | None:
    exact = next((p for p in understood.entries if isinstance(p.entry, LoggedEpisode)), None)
    stated = understood.fact("episode.kind") is not None
    if exact is None and not stated and not understood.present:
        return None
    data: dict[str, Any] = exact.entry.model_dump() if exact is not None else {"kind": "twitch"}
    for name in _FIELDS:
        fact = understood.fact(f"episode.{name}")
        if fact is not None and (exact is None or data.get(name) in (None, ())):
            data[name] = fact.value
    started = understood.fact("episode.started_at")
    data.setdefault("started_at", started.value if started is not None else now)
    data["symptoms"] = [s.value for s in understood.present]
    data["symptoms_absent"] = [s.value for s in understood.ruled_out]
    if understood.not_understood:
        words = NOTE_PREFIX + " / ".join(understood.not_understood)
        data["notes"] = " ".join(part for part in (data.get("notes", ""), words) if part)[:2000]
    episode = _valid(data)
    return Proposal(understood.text.strip(), episode, describe(episode, now))


def _valid(data: dict[str, Any]) -> LoggedEpisode:
    """The episode, leaving out a value the words gave that no episode may hold."""
    for _ in range(len(data)):
        try:
            return LoggedEpisode.model_validate(data)
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0])
            if field in ("kind", "started_at") or field not in data:
                raise
            del data[field]
    return LoggedEpisode.model_validate(data)  # pragma: no cover - fields run out first


def describe(episode: LoggedEpisode, now: datetime) -> str:
    """One line: ``cramp in calf (left), 25 min, going on 21 days, 7 a week; signs: ...``."""
    where = ", ".join(site.value for site in episode.body_sites)
    text = episode.kind.value + (f" in {where}" if where else "")
    text += f" ({episode.sides.value})" if episode.sides else ""
    parts = [text]
    if episode.duration_minutes is not None:
        parts.append(f"{number(episode.duration_minutes)} min")
    if episode.context is not None:
        parts.append(episode.context.value.replace("_", " "))
    if episode.persisting_days is not None:
        parts.append(f"going on {counted(episode.persisting_days, 'day')}")
    if episode.episodes_per_week is not None:
        parts.append(f"{number(episode.episodes_per_week)} a week")
    if episode.intensity is not None:
        parts.append(f"intensity {episode.intensity}/10")
    if episode.pain is not None:
        parts.append(f"pain {episode.pain}/10")
    line = ", ".join(parts) + f" at {episode.started_at.astimezone(now.tzinfo):%H:%M}"
    if episode.symptoms:
        line += "; signs: " + ", ".join(s.value.replace("_", " ") for s in episode.symptoms)
    if episode.symptoms_absent:
        line += "; not: " + ", ".join(s.value.replace("_", " ") for s in episode.symptoms_absent)
    return line
