"""The kinds of entry a phrase can make: an episode, stress, sleep, drinks, a medicine, an
activity. Each reader uses up the words it understands and raises ``Refused`` when the phrase
says something impossible, vague or ambiguous."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from twitchwise.domain.episodes import EpisodeKind, Side
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import CourseKind, LoggedEpisode, MedicationCourse
from twitchwise.domain.units import convert, number
from twitchwise.knowledge import Knowledge
from twitchwise.knowledge.catalogue import normalise
from twitchwise.knowledge.model import Drink
from twitchwise.understanding.phrases.numbers import (
    COUNT_WORD,
    DURATION,
    NUMBER,
    minutes,
    number_in,
    rating,
)
from twitchwise.understanding.phrases.phrase import FILLER, Refused, Words, alternation
from twitchwise.understanding.phrases.times import NIGHT, When, later, local, shift
from twitchwise.understanding.phrases.vocabulary import (
    ACTIVITIES,
    ACTIVITY,
    ALCOHOL,
    CAFFEINE,
    CONTAINER,
    CONTAINERS,
    CONTEXT_WORDS,
    CONTEXTS,
    DOSE,
    EFFORT,
    EFFORT_WORDS,
    INTENSITY,
    INTENSITY_WORDS,
    KIND,
    PER_DAY,
    RATING,
    SIDE,
    SITES,
    SLEEP_QUALITY,
    SLEEP_WORD,
    START,
    STOP,
    STRESS_MODIFIERS,
    STRESS_NUMBER,
    STRESS_WORD,
    SUPPLEMENT_CLASSES,
    TIMES,
    TOOK,
    VOLUME,
    medicine_name,
)

Entry = LoggedEpisode | Exposure | MedicationCourse


@dataclass(frozen=True)
class ProposedEntry:
    entry: Entry
    summary: str
    implied: bool = False


_LABEL = {ExposureType.SEXUAL_ACTIVITY: "sexual activity", ExposureType.EXERCISE: "exercise"}
_IMPLIED_BEFORE = timedelta(minutes=15)
_MOST_DRINKS = 30


def _fmt(value: float) -> str:
    return number(value) if value >= 1 or value == 0 else f"{value:.3g}"


def _clock(moment: datetime, now: datetime) -> str:
    """``14:05``, ``23:00 yesterday``, ``09:00 on Sun 22 Nov``; the zone if it is not now's."""
    here = moment.astimezone(now.tzinfo)
    text = f"{here:%H:%M}" + (f" {here.tzname()}" if here.utcoffset() != now.utcoffset() else "")
    days = (now.date() - here.date()).days
    return text + (" yesterday" if days == 1 else f" on {here:%a %d %b}" if days else "")


def read_episode(w: Words, when: When | None, now: datetime) -> list[ProposedEntry]:
    kinds = {k for m in w.take_all(KIND) for k, v in m.groupdict().items() if v}
    if len(kinds) != 1:
        raise Refused
    kind = EpisodeKind(kinds.pop())
    context, implied = None, None
    for pattern, meaning, implies in CONTEXTS:
        for found in w.take_all(pattern):
            activity = found.groupdict().get("act") or found.groupdict().get("act2")
            if context is None:
                context = meaning
                if implies and activity:
                    implied = ACTIVITIES[" ".join(activity.split())], found.group(0)
    seen = [(m.start(), s) for p, s in SITES for m in w.take_all(rf"\b(?:{p})\b")]
    sides = {m.group(0) for m in w.take_all(SIDE)}
    lasting, pain = minutes(w.one(DURATION)), w.one(rf"\bpain{RATING}")
    intensity, word = w.one(INTENSITY), w.one(rf"\b(?:{alternation(INTENSITY_WORDS)})\b")
    if intensity is not None and word is not None:
        raise Refused
    at = when.at if when is not None else now
    episode = LoggedEpisode(
        kind=kind,
        started_at=at,
        body_sites=tuple(dict.fromkeys(site for _, site in sorted(seen))),
        sides=None if not sides else Side.BOTH if len(sides) > 1 else Side(sides.pop()),
        duration_minutes=lasting,
        intensity=rating(intensity) if intensity else (INTENSITY_WORDS[word[0]] if word else None),
        pain=rating(pain) if pain else None,
        context=context,
    )
    out = [ProposedEntry(episode, _episode_summary(episode, now))]
    if implied is not None:
        (kind_of, detail), words = implied
        before = Exposure(type=kind_of, started_at=shift(at, -_IMPLIED_BEFORE), detail=detail)
        summary = (
            f'{_LABEL[kind_of]} ({detail}) just before the {kind.value}, implied by "{words}";'
            f" length not given, at {_clock(before.started_at, now)}"
        )
        out.append(ProposedEntry(before, summary, implied=True))
    return out


def _episode_summary(episode: LoggedEpisode, now: datetime) -> str:
    side = episode.sides.value if episode.sides in (Side.LEFT, Side.RIGHT) else None
    head = episode.kind.value
    if episode.body_sites:
        head += " in " + (f"{side} " if side else "")
        head += " and ".join(site.value for site in episode.body_sites)
        head += " (both sides)" if episode.sides is Side.BOTH else ""
    elif episode.sides is not None:
        head += " on both sides" if side is None else f" on the {side} side"
    parts = [head, CONTEXT_WORDS.get(episode.context) if episode.context else None]
    if episode.duration_minutes is not None:
        parts.append(f"lasting {_fmt(episode.duration_minutes)} min")
    parts.append(f"intensity {episode.intensity}/10" if episode.intensity is not None else None)
    parts.append(f"pain {episode.pain}/10" if episode.pain is not None else None)
    parts.append(f"at {_clock(episode.started_at or now, now)}")
    return ", ".join(p for p in parts if p)


def read_stress(w: Words, when: When | None, now: datetime) -> list[ProposedEntry]:
    found = w.one(STRESS_NUMBER)
    if found is not None:
        level = float(found["n"] or found["m"])
        if not 0 <= level <= 10:
            raise Refused
    elif (found := w.one(STRESS_WORD)) is not None:
        level = float(STRESS_MODIFIERS.get(" ".join((found["mod"] or "").split()), 7))
    else:
        raise Refused
    at = when.at if when is not None else now
    entry = Exposure(type=ExposureType.STRESS, started_at=at, amount=level)
    return [ProposedEntry(entry, f"stress {_fmt(level)}/10 at {_clock(at, now)}")]


def read_sleep(
    w: Words, when: When | None, now: datetime, span: tuple[datetime, datetime] | None
) -> list[ProposedEntry]:
    nap = any(m.group(0).startswith("nap") for m in w.take_all(SLEEP_WORD))
    quality = w.one(SLEEP_QUALITY)
    length = minutes(w.one(DURATION), 24 * 60)
    bare = w.one(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.:/])") if length is None and not span else None
    length = number_in(bare.group(0), 0, 24) * 60 if bare else length
    if span is not None:
        if length is not None or when is not None:
            raise Refused
        start, end = span
    elif length is None:
        raise Refused
    elif when is None or (when.word == NIGHT and not when.clock):
        seven = local(now, 0, 7)
        end = now if nap or later(seven, now) else seven
        start = shift(end, timedelta(minutes=-length))
    elif when.clock or nap:
        start, end = when.at, shift(when.at, timedelta(minutes=length))
        if later(end, now):
            raise Refused
    else:
        raise Refused
    hours = (end.timestamp() - start.timestamp()) / 3600 if length is None else length / 60
    detail = ", ".join(x for x in ("nap" if nap else "", quality and quality.group(0)) if x)
    hours = round(hours, 4)
    entry = Exposure(
        type=ExposureType.SLEEP, started_at=start, ended_at=end, amount=hours, detail=detail
    )
    how = f"sleep {_fmt(hours)} h" + (f" ({detail})" if detail else "")
    return [ProposedEntry(entry, f"{how} from {_clock(start, now)} to {_clock(end, now)}")]


def _counted_drinks(w: Words, knowledge: Knowledge) -> list[tuple[Drink, float]]:
    """Each drink named with a count ("3 coffees", "2 pints of beer"), used up."""
    names = {" ".join(name.lower().split()): d for d in knowledge.drinks for name in d.names}
    counted = rf"(?P<q>{NUMBER})\s+(?:(?P<cont>{CONTAINER})\s+of\s+)?"
    found_drinks = []
    for found in w.take_all(rf"{counted}(?P<name>{alternation(names)})\b"):
        count = number_in(found["q"], 0, _MOST_DRINKS)
        name, container = found["name"], found["cont"]
        drink = names[name]
        if container and f"{container} of {name}" in names:
            drink = names[f"{container} of {name}"]
        elif container:
            singular = "glass" if container == "glasses" else container.removesuffix("s")
            if drink.id not in CONTAINERS[singular]:
                raise Refused
        if count == 0:
            raise Refused
        found_drinks.append((drink, count))
    return found_drinks


def read_drinks(
    w: Words, when: When | None, now: datetime, knowledge: Knowledge
) -> list[ProposedEntry]:
    at = when.at if when is not None else now
    out: list[ProposedEntry] = []

    def add(kind: ExposureType, amount: float, unit: str, detail: str = "", each: str = "") -> None:
        entry = Exposure(type=kind, started_at=at, amount=round(amount, 4), detail=detail)
        how = f" ({detail}, {each} each)" if detail else ""
        unit = "unit" if unit == "units" and entry.amount == 1 else unit
        out.append(
            ProposedEntry(entry, f"{kind.value} {_fmt(amount)} {unit}{how} at {_clock(at, now)}")
        )

    for found in w.take_all(CAFFEINE):
        mg = convert(number_in(found["n"] or found["n2"]), found["u"] or found["u2"], "mg")
        add(ExposureType.CAFFEINE, mg, "mg")
    for found in w.take_all(ALCOHOL):
        add(ExposureType.ALCOHOL, number_in(found["n"] or found["n2"]), "units")
    for found in w.take_all(VOLUME):
        if not (found["w1"] or found["w2"] or re.search(r"\bdr[ai]nk", w.low)):
            raise Refused
        unit = " ".join(found["u"].replace(".", " ").split())
        add(ExposureType.WATER, convert(number_in(found["n"]), unit, "ml"), "ml")
    for drink, count in _counted_drinks(w, knowledge):
        detail = f"{number(count)} × {drink.names[0]}"
        for kind, per, unit in (
            (ExposureType.CAFFEINE, drink.caffeine_mg, "mg"),
            (ExposureType.ALCOHOL, drink.alcohol_units, "units"),
            (ExposureType.WATER, drink.water_ml, "ml"),
        ):
            if per is not None:
                each = f"{_fmt(per)} {'unit' if per == 1 else unit}"
                add(kind, count * per, unit, detail, each)
    return out


def read_medicine(
    w: Words, when: When | None, now: datetime, knowledge: Knowledge
) -> list[ProposedEntry]:
    start, stop, took = w.one(START), w.one(STOP), w.one(TOOK)
    dose, per_day = w.one(DOSE), w.one(PER_DAY)
    if (start and stop) or w.find(r"\b(?:iu|i\.u)\b"):
        raise Refused
    mg = convert(number_in(dose["n"]), dose["u"], "mg") if dose else None
    count, name = _counted_name(w)
    match = knowledge.match_medication(name)
    drinks = alternation(n.lower() for d in knowledge.drinks for n in d.names)
    if match is None and not (took or start or stop):
        raise Refused
    alias = match.matched_alias if match else None
    if not medicine_name(normalise(name).split(), alias, drinks) or len(name) > 100:
        raise Refused
    supplement = match is not None and any(c.id in SUPPLEMENT_CLASSES for c in match.classes)
    label = match.how() if match else f"{name} (not in twitchwise's list of medicines)"
    kind = "supplement" if supplement else "medication"
    at = when.at if when is not None else now
    if start or stop or per_day:
        if count is not None:
            raise Refused
        course = MedicationCourse(
            name=name,
            kind=CourseKind.SUPPLEMENT if supplement else CourseKind.MEDICATION,
            dose_mg_per_day=_per_day(mg, per_day),
            started_on=at.date() if start else None,
            stopped_on=at.date() if stop else None,
            notes=f"{_fmt(mg)} mg, how often not given" if mg is not None and not per_day else "",
        )
        return [ProposedEntry(course, f"{kind} course: {label}{_course_words(course, at)}")]
    if count is not None and mg is not None:
        raise Refused
    entry = Exposure(
        type=ExposureType.SUPPLEMENT if supplement else ExposureType.MEDICATION,
        started_at=at,
        amount=mg,
        detail=f"{number(count)} × {name}" if count is not None else name,
    )
    dose_text = f"{_fmt(mg)} mg" if mg is not None else "dose not given"
    return [ProposedEntry(entry, f"{kind}: {label}, {dose_text}, at {_clock(at, now)}")]


def _counted_name(w: Words) -> tuple[float | None, str]:
    """The words left after the rest was read: a medicine's name, with a count before it."""
    spans = w.leftover()
    while spans and w.word(spans[0]) in FILLER:
        spans.pop(0)
    while spans and w.word(spans[-1]) in FILLER:
        spans.pop()
    if not spans:
        raise Refused
    w.blank(spans[0][0], spans[-1][1])
    count = None
    if re.fullmatch(rf"\d+|{COUNT_WORD}", w.low[slice(*spans[0])]) and len(spans) > 1:
        count = number_in(w.low[slice(*spans.pop(0))], 1)
    return count, w.text[spans[0][0] : spans[-1][1]].strip(" ,.;")


def _per_day(mg: float | None, per_day: re.Match[str] | None) -> float | None:
    if per_day is None or mg is None:
        return None
    return mg * TIMES[" ".join((per_day["t"] or per_day["t2"] or "once").split())]


def _course_words(course: MedicationCourse, at: datetime) -> str:
    daily = course.dose_mg_per_day
    how = f", {_fmt(daily)} mg a day" if daily is not None else ""
    how += f", started {at:%d %b %Y}" if course.started_on else ""
    if course.stopped_on:
        how += f", stopped {at:%d %b %Y}"
    elif not course.started_on:
        how += ", ongoing"
    return how


def read_activity(w: Words, when: When | None, now: datetime) -> list[ProposedEntry]:
    kinds = [ACTIVITIES[" ".join(m.group(0).split())] for m in w.take_all(ACTIVITY)]
    if not kinds or len({kind for kind, _ in kinds}) != 1:
        raise Refused
    kind, detail = kinds[0]
    length, effort = minutes(w.one(DURATION), 24 * 60), w.one(EFFORT)
    rpe = None if effort is None else EFFORT_WORDS.get(effort["word"]) or rating(effort)
    took = timedelta(minutes=length or 0)
    start = when.at if when is not None else shift(now, -took)
    end = shift(start, took) if length is not None else None
    if end is not None and later(end, now):
        raise Refused
    entry = Exposure(
        type=kind, started_at=start, ended_at=end, amount=length, detail=detail, effort_rpe=rpe
    )
    how = f"{_fmt(length)} min" if length is not None else "length not given"
    how += f", effort {rpe}/10" if rpe is not None else ""
    span = f"from {_clock(start, now)} to {_clock(end, now)}" if end else f"at {_clock(start, now)}"
    return [ProposedEntry(entry, f"{_LABEL[kind]}: {detail}, {how}, {span}")]
