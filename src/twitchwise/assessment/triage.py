"""Warning signs -> triage level. The level is the highest that any raised flag asks for."""

from __future__ import annotations

from collections.abc import Iterable

from twitchwise.assessment.questions import is_provisional
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import Flag, OpenQuestion, Triage, TriageLevel
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge
from twitchwise.knowledge.model import FlagCondition

_NOT: tuple[bool, tuple[str, ...]] = (False, ())
Outcome = tuple[bool, tuple[str, ...]]


def _at_least(value: float | None, limit: float | None) -> bool:
    return limit is None or (value is not None and value >= limit)


def _above(value: float | None, limit: float | None) -> bool:
    return limit is None or (value is not None and value > limit)


def _episode_holds(condition: FlagCondition, situation: Situation) -> bool:
    episode = situation.episode
    context = situation.context
    return (
        (not condition.symptoms_any or episode.has(*condition.symptoms_any))
        and all(symptom in episode.symptoms for symptom in condition.symptoms_all)
        and (not condition.kind or episode.kind in condition.kind)
        and (not condition.sites_any or bool(set(condition.sites_any) & set(episode.body_sites)))
        and _pregnancy_holds(condition.pregnant_or_possibly, situation)
        and (
            not condition.conditions_any
            or bool(set(condition.conditions_any) & set(situation.person.conditions))
        )
        and (not condition.sides or episode.sides in condition.sides)
        and _above(episode.duration_minutes, condition.duration_minutes_above)
        and _above(situation.persisting_days, condition.persisting_days_above)
        and _at_least(episode.episodes_per_week, condition.episodes_per_week_at_least)
        and _at_least(len(episode.regions), condition.regions_at_least)
        and _at_least(episode.pain, condition.pain_at_least)
        and _at_least(episode.intensity, condition.intensity_at_least)
        and (not condition.sweating or context.sweating in condition.sweating)
        and (
            condition.hot_environment is None
            or context.hot_environment is condition.hot_environment
        )
        and _history_holds(condition, situation)
    )


def _pregnancy_holds(wanted: bool | None, situation: Situation) -> bool:
    person = situation.request.person
    return wanted is None or bool(person.pregnant or person.possibly_pregnant) is wanted


def _history_holds(condition: FlagCondition, situation: Situation) -> bool:
    history = situation.request.history
    if condition.history_regions_at_least is not None and not (
        history is not None and len(history.regions) >= condition.history_regions_at_least
    ):
        return False
    rising = condition.episodes_rising
    if rising is not None:
        if history is None or history.episodes_last_14_days is None:
            return False
        recent, before = history.episodes_last_14_days, history.episodes_previous_14_days
        if before is None or recent < rising.recent_at_least:
            return False
        if recent < rising.ratio_at_least * before:
            return False
    return True


def _started_recently(condition: FlagCondition, situation: Situation) -> tuple[str, ...] | None:
    """Names of medicines started within the condition's window before the episodes, if any."""
    history = situation.request.history
    window = condition.medication_started_within_days
    if window is None or history is None:
        return None
    names = [m.name for m in history.medications_started if m.days_before_first_episode <= window]
    return tuple(names) or None


def _holds(condition: FlagCondition, situation: Situation, knowledge: Knowledge) -> Outcome:
    """Whether ``condition`` holds, and which of the person's medicines made it hold."""
    if not _episode_holds(condition, situation):
        return _NOT
    drugs: list[str] = []
    for medicines_that_hold in _MEDICINE_CONDITIONS:
        found = medicines_that_hold(condition, situation, knowledge)
        if found is None:
            return _NOT
        drugs.extend(found)
    return True, tuple(dict.fromkeys(drugs))


# Each returns the medicines that make its part of the condition hold ([] when the condition does
# not ask about it), or None when that part does not hold.
_Drugs = list[str] | None


def _started(condition: FlagCondition, situation: Situation, _knowledge: Knowledge) -> _Drugs:
    if condition.medication_started_within_days is None:
        return []
    started = _started_recently(condition, situation)
    return None if started is None else list(started)


def _in_classes(condition: FlagCondition, situation: Situation, _knowledge: Knowledge) -> _Drugs:
    if not condition.drug_class_any:
        return []
    matches = situation.in_classes(condition.drug_class_any)
    enough = len({m.name for m in matches}) >= (condition.drugs_at_least or 1)
    return [m.name for m in matches] if enough else None


def _suspected(condition: FlagCondition, situation: Situation, _knowledge: Knowledge) -> _Drugs:
    if condition.medication_suspected is None:
        return []
    suspected = situation.suspected()
    if bool(suspected) is not condition.medication_suspected:
        return None
    return [m.name for m in suspected]


def _dose_above(condition: FlagCondition, situation: Situation, knowledge: Knowledge) -> _Drugs:
    if condition.dose_above is None:
        return []
    limit = knowledge.threshold(condition.dose_above.threshold, situation.person).value
    over = [
        m.name
        for m in situation.in_classes({condition.dose_above.class_})
        if m.dose_mg_per_day is not None and m.dose_mg_per_day > limit
    ]
    return over or None


def _any_of(condition: FlagCondition, situation: Situation, knowledge: Knowledge) -> _Drugs:
    if not condition.any_of:
        return []
    for inner in condition.any_of:
        holds, inner_drugs = _holds(inner, situation, knowledge)
        if holds:
            return list(inner_drugs)
    return None


_MEDICINE_CONDITIONS = (_started, _in_classes, _suspected, _dose_above, _any_of)


def _names(drugs: Iterable[str]) -> str:
    names = list(dict.fromkeys(drugs))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _why(template: str, situation: Situation, drugs: tuple[str, ...]) -> str:
    episode = situation.episode

    def shown(value: float | None) -> str:
        return "an unknown number of" if value is None else number(value)

    text = template.format(
        duration_minutes=shown(episode.duration_minutes),
        persisting_days=shown(situation.persisting_days),
        episodes_per_week=shown(episode.episodes_per_week),
        pain=shown(episode.pain),
        intensity=shown(episode.intensity),
        regions=" and ".join(sorted(region.value for region in episode.regions)),
        drugs=_names(drugs) if drugs else "a medicine you take",
    )
    return text[:1].upper() + text[1:]


def raised_flags(situation: Situation, knowledge: Knowledge) -> tuple[Flag, ...]:
    """Every flag whose condition holds, highest level first; history signs a doctor has seen,
    with nothing new since, marked ``seen_by_doctor`` (they do not raise the level)."""
    raised = []
    for red_flag in knowledge.flags:
        holds, drugs = _holds(red_flag.when, situation, knowledge)
        if holds:
            raised.append((red_flag, drugs))
    seen = _seen_by_doctor(situation, any(not red_flag.history_sign for red_flag, _ in raised))
    flags = [
        Flag(
            id=red_flag.id,
            level=red_flag.level,
            why=_why(red_flag.why, situation, drugs),
            sources=red_flag.sources,
            seen_by_doctor=seen if red_flag.history_sign else None,
        )
        for red_flag, drugs in raised
    ]
    flags.sort(key=lambda flag: (flag.seen_by_doctor is not None, -flag.level.rank))
    return tuple(flags)


def _seen_by_doctor(situation: Situation, symptom_sign: bool) -> str | None:
    """ "seen by a doctor on DATE: OUTCOME" while the visit covers the history signs: nothing
    new since it (a new body place, a clear rise in frequency, a new medicine), and no
    symptom sign now (a symptom sign always counts, and makes the history count again)."""
    history = situation.request.history
    visit = None if history is None else history.doctor_visit
    if visit is None or visit.new_since or symptom_sign:
        return None
    return f"seen by a doctor on {visit.on.isoformat()}: {visit.outcome.value}"


def counting(flags: Iterable[Flag]) -> list[Flag]:
    """The flags that raise the level: all but the history signs a doctor has seen."""
    return [flag for flag in flags if flag.seen_by_doctor is None]


def triage(
    situation: Situation, knowledge: Knowledge, questions: tuple[OpenQuestion, ...] = ()
) -> Triage:
    """The level any raised flag asks for. While ``questions`` left open could raise it, the
    result is provisional: the action says so and nothing reassures."""
    flags = raised_flags(situation, knowledge)
    level = max(
        (flag.level for flag in counting(flags)),
        key=lambda lv: lv.rank,
        default=TriageLevel.SELF_CARE,
    )
    text = knowledge.levels[level]
    provisional = is_provisional(level, questions)
    hedge = text.provisional if provisional else text.reassurance
    # Self-care has no step that must come first, so its calm (or its caveat) leads; any other
    # level's action comes first, before anything else is said.
    if not hedge:
        action = text.action
    elif level is TriageLevel.SELF_CARE:
        action = f"{hedge} {text.action}"
    else:
        action = f"{text.action} {hedge}"
    watch_for = tuple(item.text for item in knowledge.watch_for if item.level.rank > level.rank)
    return Triage(
        level=level, action=action, flags=flags, watch_for=watch_for, provisional=provisional
    )
