"""Quick log: a line of plain text becomes proposed diary entries, to show back before saving.

``parse("legs twitching after sex, 3 coffees, slept 5h", now)`` proposes a twitch in the legs
after sex, the sexual activity just before it, 288 mg of caffeine and five hours of sleep.

It refuses rather than guesses: a phrase with a word it does not know ("ate pizza"), a vague or
impossible amount ("a few coffees", "slept 30 hours", "stress 14/10", "-2 coffees") or two
things it cannot tell apart goes verbatim to ``not_understood``, and nothing is proposed for it.

Times are in ``now``'s zone and never later than ``now``; lengths are real elapsed time, so a
clock change is respected. The choices:

- no time given: ``now``; exercise, sex and naps with a length are taken to have ended ``now``,
  and a time given for them is when they started;
- a clock time ("at 8pm", "20:30", "at 8"): its most recent past occurrence;
- "this morning" 08:00, "this afternoon" 15:00, "this evening"/"tonight" 19:00 (``now`` if that
  part of the day has begun but its default is still to come, refused before it begins),
  "yesterday" 12:00, "last night" 23:00 the evening before, "N hours ago" ``now`` minus N hours;
- sleep given only as a length is last night's, ended at 07:00 today (or ``now`` if earlier);
- "after sex", "after a run", "during a run" also log that activity 15 minutes before the
  episode, with no length, unless the same text logs that activity itself;
- drinks need a count ("a", "one", "3", "a couple of"): "coffee" alone or "a few" is refused;
- "stressed" is 7/10, "a bit stressed" 5, "very stressed" 8, "extremely stressed" 9;
- effort "hard" 7, "moderate" 5, "easy" 3; episode "mild" 3, "moderate" 5, "severe" 8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from twitchwise import quicklog_words as qw
from twitchwise.domain.episodes import EpisodeKind, Side
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import CourseKind, LoggedEpisode, MedicationCourse
from twitchwise.domain.units import convert, number
from twitchwise.knowledge import Knowledge, load_knowledge
from twitchwise.knowledge.catalogue import normalise
from twitchwise.quicklog_words import Refused, When, Words

__all__ = ["Proposal", "QuickLog", "parse"]

Entry = LoggedEpisode | Exposure | MedicationCourse


@dataclass(frozen=True)
class Proposal:
    """One entry read from the text, with the words it came from and a line to show back."""

    phrase: str
    entry: LoggedEpisode | Exposure | MedicationCourse
    summary: str


@dataclass(frozen=True)
class QuickLog:
    """What a quick log line proposes, and the phrases it could not turn into anything."""

    proposals: tuple[Proposal, ...]
    not_understood: tuple[str, ...]


@dataclass(frozen=True)
class _Out:
    entry: Entry
    summary: str
    implied: bool = False


_CHUNKS = r"[,;\n!?]+|(?<![ap]\.m)\.(?=\s|$)"
_PARTS = r"\s+(?:and\s+then|and|then|plus|&|\+)\s+(?!a\s+half\b|off\b)"
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


# --- the kinds of entry ----------------------------------------------------------------------


def _episode(w: Words, when: When | None, now: datetime) -> list[_Out]:
    kinds = {k for m in w.take_all(qw.KIND) for k, v in m.groupdict().items() if v}
    if len(kinds) != 1:
        raise Refused
    kind = EpisodeKind(kinds.pop())
    context, implied = None, None
    for pattern, meaning, implies in qw.CONTEXTS:
        for found in w.take_all(pattern):
            activity = found.groupdict().get("act") or found.groupdict().get("act2")
            if context is None:
                context = meaning
                if implies and activity:
                    implied = qw.ACTIVITIES[" ".join(activity.split())], found.group(0)
    seen = [(m.start(), s) for p, s in qw.SITES for m in w.take_all(rf"\b(?:{p})\b")]
    sides = {m.group(0) for m in w.take_all(qw.SIDE)}
    lasting, pain = qw.minutes(w.one(qw.DURATION)), w.one(rf"\bpain{qw.RATING}")
    intensity, word = w.one(qw.INTENSITY), w.one(rf"\b(?:{qw.alternation(qw.INTENSITY_WORDS)})\b")
    if intensity is not None and word is not None:
        raise Refused
    at = when.at if when is not None else now
    episode = LoggedEpisode(
        kind=kind,
        started_at=at,
        body_sites=tuple(dict.fromkeys(site for _, site in sorted(seen))),
        sides=None if not sides else Side.BOTH if len(sides) > 1 else Side(sides.pop()),
        duration_minutes=lasting,
        intensity=qw.rating(intensity)
        if intensity
        else (qw.INTENSITY_WORDS[word[0]] if word else None),
        pain=qw.rating(pain) if pain else None,
        context=context,
    )
    out = [_Out(episode, _episode_summary(episode, now))]
    if implied is not None:
        (kind_of, detail), words = implied
        before = Exposure(type=kind_of, started_at=qw.shift(at, -_IMPLIED_BEFORE), detail=detail)
        summary = (
            f'{_LABEL[kind_of]} ({detail}) just before the {kind.value}, implied by "{words}";'
            f" length not given, at {_clock(before.started_at, now)}"
        )
        out.append(_Out(before, summary, implied=True))
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
    parts = [head, qw.CONTEXT_WORDS.get(episode.context) if episode.context else None]
    if episode.duration_minutes is not None:
        parts.append(f"lasting {_fmt(episode.duration_minutes)} min")
    parts.append(f"intensity {episode.intensity}/10" if episode.intensity is not None else None)
    parts.append(f"pain {episode.pain}/10" if episode.pain is not None else None)
    parts.append(f"at {_clock(episode.started_at or now, now)}")
    return ", ".join(p for p in parts if p)


def _stress(w: Words, when: When | None, now: datetime) -> list[_Out]:
    found = w.one(qw.STRESS_NUMBER)
    if found is not None:
        level = float(found["n"] or found["m"])
        if not 0 <= level <= 10:
            raise Refused
    elif (found := w.one(qw.STRESS_WORD)) is not None:
        level = float(qw.STRESS_MODIFIERS.get(" ".join((found["mod"] or "").split()), 7))
    else:
        raise Refused
    at = when.at if when is not None else now
    entry = Exposure(type=ExposureType.STRESS, started_at=at, amount=level)
    return [_Out(entry, f"stress {_fmt(level)}/10 at {_clock(at, now)}")]


def _sleep(
    w: Words, when: When | None, now: datetime, span: tuple[datetime, datetime] | None
) -> list[_Out]:
    nap = any(m.group(0).startswith("nap") for m in w.take_all(qw.SLEEP_WORD))
    quality = w.one(qw.SLEEP_QUALITY)
    length = qw.minutes(w.one(qw.DURATION), 24 * 60)
    bare = w.one(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.:/])") if length is None and not span else None
    length = qw.number(bare.group(0), 0, 24) * 60 if bare else length
    if span is not None:
        if length is not None or when is not None:
            raise Refused
        start, end = span
    elif length is None:
        raise Refused
    elif when is None or (when.word == qw.NIGHT and not when.clock):
        seven = qw.local(now, 0, 7)
        end = now if nap or qw.later(seven, now) else seven
        start = qw.shift(end, timedelta(minutes=-length))
    elif when.clock or nap:
        start, end = when.at, qw.shift(when.at, timedelta(minutes=length))
        if qw.later(end, now):
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
    return [_Out(entry, f"{how} from {_clock(start, now)} to {_clock(end, now)}")]


def _drinks(w: Words, when: When | None, now: datetime, knowledge: Knowledge) -> list[_Out]:
    at = when.at if when is not None else now
    out: list[_Out] = []

    def add(kind: ExposureType, amount: float, unit: str, detail: str = "", each: str = "") -> None:
        entry = Exposure(type=kind, started_at=at, amount=round(amount, 4), detail=detail)
        how = f" ({detail}, {each} each)" if detail else ""
        unit = "unit" if unit == "units" and entry.amount == 1 else unit
        out.append(_Out(entry, f"{kind.value} {_fmt(amount)} {unit}{how} at {_clock(at, now)}"))

    for found in w.take_all(qw.CAFFEINE):
        mg = convert(qw.number(found["n"] or found["n2"]), found["u"] or found["u2"], "mg")
        add(ExposureType.CAFFEINE, mg, "mg")
    for found in w.take_all(qw.ALCOHOL):
        add(ExposureType.ALCOHOL, qw.number(found["n"] or found["n2"]), "units")
    for found in w.take_all(qw.VOLUME):
        if not (found["w1"] or found["w2"] or re.search(r"\bdr[ai]nk", w.low)):
            raise Refused
        unit = " ".join(found["u"].replace(".", " ").split())
        add(ExposureType.WATER, convert(qw.number(found["n"]), unit, "ml"), "ml")
    names = {" ".join(name.lower().split()): d for d in knowledge.drinks for name in d.names}
    counted = rf"(?P<q>{qw.NUMBER})\s+(?:(?P<cont>{qw.CONTAINER})\s+of\s+)?"
    for found in w.take_all(rf"{counted}(?P<name>{qw.alternation(names)})\b"):
        count = qw.number(found["q"], 0, _MOST_DRINKS)
        name, container = found["name"], found["cont"]
        drink = names[name]
        if container and f"{container} of {name}" in names:
            drink = names[f"{container} of {name}"]
        elif container:
            singular = "glass" if container == "glasses" else container.removesuffix("s")
            if drink.id not in qw.CONTAINERS[singular]:
                raise Refused
        if count == 0:
            raise Refused
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


def _medicine(w: Words, when: When | None, now: datetime, knowledge: Knowledge) -> list[_Out]:
    start, stop, took = w.one(qw.START), w.one(qw.STOP), w.one(qw.TOOK)
    dose, per_day = w.one(qw.DOSE), w.one(qw.PER_DAY)
    if (start and stop) or w.find(r"\b(?:iu|i\.u)\b"):
        raise Refused
    mg = convert(qw.number(dose["n"]), dose["u"], "mg") if dose else None
    spans = w.leftover()
    while spans and w.word(spans[0]) in qw.FILLER:
        spans.pop(0)
    while spans and w.word(spans[-1]) in qw.FILLER:
        spans.pop()
    if not spans:
        raise Refused
    w.blank(spans[0][0], spans[-1][1])
    count = None
    if re.fullmatch(rf"\d+|{qw.COUNT_WORD}", w.low[slice(*spans[0])]) and len(spans) > 1:
        count = qw.number(w.low[slice(*spans.pop(0))], 1)
    name = w.text[spans[0][0] : spans[-1][1]].strip(" ,.;")
    match = knowledge.match_medication(name)
    drinks = qw.alternation(n.lower() for d in knowledge.drinks for n in d.names)
    if match is None and not (took or start or stop):
        raise Refused
    alias = match.matched_alias if match else None
    if not qw.medicine_name(normalise(name).split(), alias, drinks) or len(name) > 100:
        raise Refused
    supplement = match is not None and any(c.id in qw.SUPPLEMENT_CLASSES for c in match.classes)
    label = match.how() if match else f"{name} (not in twitchwise's list of medicines)"
    kind = "supplement" if supplement else "medication"
    at = when.at if when is not None else now
    if start or stop or per_day:
        if count is not None:
            raise Refused
        often = " ".join(((per_day and (per_day["t"] or per_day["t2"])) or "once").split())
        course = MedicationCourse(
            name=name,
            kind=CourseKind.SUPPLEMENT if supplement else CourseKind.MEDICATION,
            dose_mg_per_day=mg * qw.TIMES[often] if per_day and mg is not None else None,
            started_on=at.date() if start else None,
            stopped_on=at.date() if stop else None,
            notes=f"{_fmt(mg)} mg, how often not given" if mg is not None and not per_day else "",
        )
        daily = course.dose_mg_per_day
        how = f", {_fmt(daily)} mg a day" if daily is not None else ""
        how += f", started {at:%d %b %Y}" if start else ""
        how += f", stopped {at:%d %b %Y}" if stop else "" if start else ", ongoing"
        return [_Out(course, f"{kind} course: {label}{how}")]
    if count is not None and mg is not None:
        raise Refused
    entry = Exposure(
        type=ExposureType.SUPPLEMENT if supplement else ExposureType.MEDICATION,
        started_at=at,
        amount=mg,
        detail=f"{number(count)} × {name}" if count is not None else name,
    )
    dose_text = f"{_fmt(mg)} mg" if mg is not None else "dose not given"
    return [_Out(entry, f"{kind}: {label}, {dose_text}, at {_clock(at, now)}")]


def _activity(w: Words, when: When | None, now: datetime) -> list[_Out]:
    kinds = [qw.ACTIVITIES[" ".join(m.group(0).split())] for m in w.take_all(qw.ACTIVITY)]
    if not kinds or len({kind for kind, _ in kinds}) != 1:
        raise Refused
    kind, detail = kinds[0]
    length, effort = qw.minutes(w.one(qw.DURATION), 24 * 60), w.one(qw.EFFORT)
    rpe = None if effort is None else qw.EFFORT_WORDS.get(effort["word"]) or qw.rating(effort)
    took = timedelta(minutes=length or 0)
    start = when.at if when is not None else qw.shift(now, -took)
    end = qw.shift(start, took) if length is not None else None
    if end is not None and qw.later(end, now):
        raise Refused
    entry = Exposure(
        type=kind, started_at=start, ended_at=end, amount=length, detail=detail, effort_rpe=rpe
    )
    how = f"{_fmt(length)} min" if length is not None else "length not given"
    how += f", effort {rpe}/10" if rpe is not None else ""
    span = f"from {_clock(start, now)} to {_clock(end, now)}" if end else f"at {_clock(start, now)}"
    return [_Out(entry, f"{_LABEL[kind]}: {detail}, {how}, {span}")]


# --- reading the text ------------------------------------------------------------------------


def _read(text: str, now: datetime, knowledge: Knowledge) -> list[_Out] | None:
    """The entries one phrase makes, or None if any of it is not understood."""
    w = Words(text)
    try:
        if re.search(qw.NEGATIVE, w.low):
            return None
        w.take_all(qw.IGNORED)
        span = None
        if w.find(qw.SLEEP_WORD) and not w.find(qw.KIND) and (found := w.one(qw.SLEEP_SPAN)):
            span = qw.read_sleep_span(found, now)
        when = qw.read_time(w, now)
        if w.find(qw.KIND):
            out = _episode(w, when, now)
        elif w.find(r"\bstress"):
            out = _stress(w, when, now)
        elif span is not None or w.find(qw.SLEEP_WORD):
            out = _sleep(w, when, now, span)
        elif not (out := _drinks(w, when, now, knowledge)):
            medicine = knowledge.match_medication(w.rest)
            if w.find(qw.ACTIVITY) and medicine is None:
                out = _activity(w, when, now)
            elif medicine or any(w.find(p) for p in (qw.START, qw.STOP, qw.TOOK, qw.PER_DAY)):
                out = _medicine(w, when, now, knowledge)
    except (ValueError, OverflowError, ArithmeticError):
        return None
    return out if out and w.understood() else None


def _spans(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The non-empty pieces of ``text[start:end]`` between separators, without outer spaces."""
    cuts = [
        (start + m.start(), start + m.end()) for m in re.finditer(separator, text[start:end], re.I)
    ]
    bounds = zip([start, *(b for _, b in cuts)], [*(a for a, _ in cuts), end], strict=True)
    pieces = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in bounds]
    return [(s, s + len(text[s:e].rstrip())) for s, e in pieces if text[s:e].strip()]


_Found = list[tuple[str, _Out]]


def _chunk(
    text: str, s: int, e: int, read: Callable[[int, int], list[_Out] | None]
) -> tuple[_Found, list[str]]:
    """A comma-separated piece, split at "and"/"then" when every part reads alone, else read
    whole, else part by part (a part not understood alone is read with the next one: "left and
    right calf twitching")."""
    parts = _spans(text, s, e, _PARTS)
    alone = [read(ps, pe) for ps, pe in parts] if len(parts) > 1 else []
    if alone and all(outs is not None for outs in alone):
        return [
            (text[ps:pe], o)
            for (ps, pe), outs in zip(parts, alone, strict=True)
            for o in outs or []
        ], []
    outs = read(s, e)
    if outs is not None:
        return [(text[s:e], o) for o in outs], []
    got: _Found = []
    missed: list[str] = []
    k = 0
    while k < len(alone):
        (ps, pe), outs = parts[k], alone[k]
        if outs is None and k + 1 < len(parts) and (joined := read(ps, parts[k + 1][1])):
            outs, pe, k = joined, parts[k + 1][1], k + 1
        if outs is None:
            missed.append(text[ps:pe])
        got.extend((text[ps:pe], o) for o in outs or [])
        k += 1
    return (got, missed) if got else ([], [text[s:e]])


def parse(text: str, now: datetime, knowledge: Knowledge | None = None) -> QuickLog:
    """Propose diary entries for a line of plain text written at ``now`` (an aware datetime in
    the person's zone); see the module docstring for what it understands and its choices."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime in the person's time zone")
    known = knowledge if knowledge is not None else load_knowledge()

    def read(s: int, e: int) -> list[_Out] | None:
        return _read(text[s:e], now, known)

    found: _Found = []
    missed: list[str] = []
    chunks = _spans(text, 0, len(text), _CHUNKS)
    whole: tuple[int, int] | None = None  # (start, entries) of the last piece read whole
    i = 0
    while i < len(chunks):
        s, e = chunks[i]
        got, lost = _chunk(text, s, e, read)
        if got:
            whole = (s, len(got)) if not lost and got[0][0] == text[s:e] else None
        elif whole is not None and (joined := read(whole[0], e)):
            # A qualifier after a comma belongs to the piece before: "calf cramp, 6/10".
            del found[len(found) - whole[1] :]
            got, lost, s = [(text[whole[0] : e], o) for o in joined], [], whole[0]
            whole = (s, len(got))
        elif i + 1 < len(chunks) and (joined := read(s, chunks[i + 1][1])):
            # A piece that needs the next one: "slept badly, 4 hours".
            got, lost, i = [(text[s : chunks[i + 1][1]], o) for o in joined], [], i + 1
            whole = (s, len(got))
        else:
            whole = None
        found.extend(got)
        missed.extend(lost)
        i += 1
    explicit = {o.entry.type for _, o in found if isinstance(o.entry, Exposure) and not o.implied}
    return QuickLog(
        tuple(
            Proposal(phrase, o.entry, o.summary)
            for phrase, o in found
            if not (o.implied and isinstance(o.entry, Exposure) and o.entry.type in explicit)
        ),
        tuple(missed),
    )
