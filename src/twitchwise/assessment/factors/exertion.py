"""Exertion: what the person was doing, for how long, and how hard it felt."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import EvidenceGrade
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge

_ACTIVE = {
    EpisodeContext.AFTER_SEX: (
        "came on after sex, which is light to moderate exercise for the legs and hips"
    ),
    EpisodeContext.AFTER_EXERCISE: "came on after exercise",
    EpisodeContext.DURING_ACTIVITY: "came on during activity",
}
_RESTING = {
    EpisodeContext.AT_REST: "came on at rest",
    EpisodeContext.FALLING_ASLEEP: "came on while falling asleep",
}


# Cramping pain in the belly is not the muscle cramp of exercise (womb, bowel, an ectopic
# pregnancy...): exertion is not offered as its explanation.
_NOT_EXERCISE_CRAMPS = frozenset({BodySite.ABDOMEN})


def _not_from_exercise(finding: Finding, situation: Situation) -> bool:
    """Belly cramps: say why exercise or sex is not counted, and count nothing."""
    episode = situation.episode
    if not episode.body_sites or not set(episode.body_sites) <= _NOT_EXERCISE_CRAMPS:
        return False
    if episode.context in _ACTIVE or situation.context.exertion is not None:
        finding.add(
            0.0,
            "belly cramps are not the muscle cramps of exercise, so exercise or sex is not "
            "counted as their cause",
            ("MED-MERCK-CRAMPS-QF",),
        )
    return True


def _grade(situation: Situation) -> EvidenceGrade | None:
    """Weak for twitching after sex: no study has looked at it."""
    exertion = situation.context.exertion
    when = situation.episode.context
    after_sex = when is EpisodeContext.AFTER_SEX or (exertion is not None and exertion.is_sex)
    return (
        EvidenceGrade.WEAK if after_sex and situation.episode.kind is EpisodeKind.TWITCH else None
    )


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    person = situation.person
    when = situation.episode.context
    exertion = situation.context.exertion
    if _not_from_exercise(finding, situation):
        return finding
    finding.grade = _grade(situation)
    if when in _ACTIVE:
        sources = ("SEX-FRAPPIER-2013",) if when is EpisodeContext.AFTER_SEX else ()
        finding.add(0.35, _ACTIVE[when], (*sources, "MED-MLP-TWITCH"))
    if exertion is not None:
        activity = "sex" if exertion.is_sex else (exertion.activity or "activity")
        if exertion.rpe is not None:
            very_hard = knowledge.threshold("effort_very_hard_rpe", person)
            hard = knowledge.threshold("effort_hard_rpe", person)
            if exertion.rpe >= very_hard.value:
                weight, words = 0.45, f"{number(very_hard.value)} or more is very hard"
            elif exertion.rpe >= hard.value:
                weight, words = 0.3, f"{number(hard.value)} or more is hard"
            else:
                weight, words = 0.05, f"below {number(hard.value)}, the start of hard effort"
            finding.add(
                weight,
                f"effort {exertion.rpe}/10 during {activity} ({words} on the 0-10 scale)",
                hard.sources,
            )
        if exertion.minutes is not None:
            long = knowledge.threshold("exertion_long_minutes", person)
            if exertion.minutes >= long.value:
                finding.add(
                    0.2,
                    f"{number(exertion.minutes)} min of {activity}; {long.show()} or more "
                    f"is a long bout ({long.population})",
                    long.sources,
                )
            else:
                finding.add(0.1, f"{number(exertion.minutes)} min of {activity}", long.sources)
    if not finding.known and when in _RESTING:
        finding.add(0.0, f"{_RESTING[when]}, with no exercise recorded before it")
    return finding
