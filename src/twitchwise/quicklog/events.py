"""Drinks, sleep, activity and stress for the diary: the phrase reader's exact entries, and the
amounts the wider reading found in longer text (an episode's own implied activity stays)."""

from __future__ import annotations

from datetime import datetime

from twitchwise.domain.exposures import Exposure
from twitchwise.domain.units import number
from twitchwise.understanding import Understanding
from twitchwise.understanding.phrases import Proposal


def _a_course(exposure: Exposure, on_course: set[str]) -> bool:
    """A medicine the words say the person is on, not a single dose ("I'm on furosemide")."""
    return exposure.type.value in ("medication", "supplement") and any(
        name in exposure.detail.casefold() for name in on_course
    )


def exposures_from(
    understood: Understanding, now: datetime, episode: Proposal | None
) -> list[Proposal]:
    on_course = {m.written.casefold() for m in understood.medicines if m.change != "dose"}
    proposals = [
        p
        for p in understood.entries
        if isinstance(p.entry, Exposure) and not _a_course(p.entry, on_course)
    ]
    for event in understood.events:
        exposure = Exposure(
            type=event.type,
            started_at=event.at,
            ended_at=event.ended_at,
            amount=None if event.amount is None else round(event.amount, 4),
            detail=event.detail,
            effort_rpe=event.effort_rpe,
        )
        amount = "" if exposure.amount is None else f" {number(exposure.amount)} {exposure.unit}"
        how = f" ({exposure.detail})" if exposure.detail else ""
        when = exposure.started_at.astimezone(now.tzinfo)
        summary = f"{exposure.type.value}{amount}{how} at {when:%H:%M}"
        proposals.append(Proposal(event.quote, exposure, summary))
    return proposals
