"""The trigger analysis over a whole diary."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from twitchwise.analysis import Diary, analyse
from twitchwise.domain.triggers import TriggerReport
from twitchwise.knowledge import Knowledge
from twitchwise.storage.journal import Journal


def diary_of(journal: Journal, zone: ZoneInfo) -> Diary:
    return Diary(
        episodes=journal.episodes(),
        exposures=journal.exposures(),
        courses=journal.courses(),
        zone=zone,
    )


def triggers_of(diary: Diary, knowledge: Knowledge) -> TriggerReport:
    return analyse(diary, knowledge.triggers)
