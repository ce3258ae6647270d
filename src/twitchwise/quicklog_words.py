"""How the quick log reads words: numbers, lengths of time, clock times and parts of the day, the
vocabulary of episodes, drinks, activities and medicines, and ``Words``, one phrase being read.

Readers raise ``Refused`` (or return None) when the words do not say what they look for; they
never guess. Times are built in the zone of ``now`` and moved by real elapsed time, so a clock
change is respected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from twitchwise.domain.episodes import BodySite, EpisodeContext
from twitchwise.domain.exposures import ExposureType


class Refused(ValueError):
    """The phrase says something impossible, vague or ambiguous: it is not understood."""


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that the longest name wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _table(text: str) -> dict[str, str]:
    """``"run: ran run, gym: gym"`` -> {"ran": "run", "run": "run", "gym": "gym"}; _ is a space."""
    pairs = (entry.split(":") for entry in text.split(","))
    return {w.replace("_", " "): name.strip() for name, words in pairs for w in words.split()}


# --- numbers ---------------------------------------------------------------------------------

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90}
# "a couple of" is two; vague words ("a few", "several", "some") are not numbers on purpose.
_SPECIAL = {"a couple of": 2.0, "a couple": 2.0, "couple of": 2.0, "half an": 0.5}
_SPECIAL |= {"half a": 0.5, "half": 0.5, "an": 1.0, "a": 1.0}
_VALUES = {w: float(i) for i, w in enumerate(_ONES)} | {t: float(v) for t, v in _TENS.items()}
_VALUES |= {f"{t} {o}": v + i for t, v in _TENS.items() for i, o in enumerate(_ONES[1:10], 1)}
_VALUES |= _SPECIAL
_WORD_NUMBER = alternation(_VALUES).replace("\\ ", r"[\s-]+")
NUMBER = rf"(?<![\w.-])(?:\d+(?:\.\d+)?|(?:{_WORD_NUMBER})\b)(?:\s+and\s+a\s+half\b)?"
COUNT_WORD = alternation(_ONES[1:])
NEGATIVE = r"(?<![\w/])[-−]\s*\d"


def read_number(text: str) -> float | None:
    """``"3"`` 3, ``"two"`` 2, ``"a couple of"`` 2, ``"forty-five"`` 45, ``"one and a half"``."""
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.5 if words.endswith(" and a half") else 0.0
    words = words.removesuffix(" and a half")
    value = float(words) if re.fullmatch(r"\d+(?:\.\d+)?", words) else _VALUES.get(words)
    return None if value is None else value + half


# --- lengths of time, clock times, parts of the day -------------------------------------------

_H, _M, _S = r"(?:hours?|hrs?|h)", r"(?:minutes?|mins?|m)", r"(?:seconds?|secs?|s)"
DURATION = (
    rf"(?P<dh>{NUMBER})\s*{_H}\s*(?:and\s+)?(?P<dm>\d{{1,2}})\s*{_M}(?!\w)"
    rf"|(?P<dh2>\d{{1,2}})h(?P<dm2>\d{{2}})(?!\w)"
    rf"|(?P<dn>{NUMBER})\s*(?P<du>{_H}|{_M}|{_S})(?!\w)(?P<dhalf>\s+and\s+a\s+half\b)?"
)
_PER_MINUTE = {"h": 60.0, "m": 1.0, "s": 1 / 60}


def read_duration(found: re.Match[str]) -> float | None:
    """Minutes in a match of ``DURATION``: ``5h`` 300, ``1h30`` 90, ``an hour and a half`` 90."""
    if found["dh"] is not None or found["dh2"] is not None:
        hours, minutes = read_number(found["dh"] or found["dh2"]), int(found["dm"] or found["dm2"])
        return None if hours is None or minutes >= 60 else hours * 60 + minutes
    count = read_number(found["dn"])
    if count is None:
        return None
    return (count + (0.5 if found["dhalf"] else 0)) * _PER_MINUTE[found["du"][0]]


@dataclass(frozen=True)
class Clock:
    """A time on the clock; not ``fixed`` means a bare 1-12 that may be morning or evening."""

    hour: int
    minute: int
    fixed: bool

    def hours(self) -> tuple[int, ...]:
        return (self.hour,) if self.fixed else (self.hour % 12, self.hour % 12 + 12)


def clock_pattern(p: str, bare: bool) -> str:
    """A clock time (``8pm``, ``8.30 pm``, ``20:30``, ``noon``); groups are named with ``p``."""
    pattern = (
        rf"(?P<{p}h>\d{{1,2}})(?:[:.](?P<{p}m>\d{{2}}))?\s*(?P<{p}ap>[ap])\.?m\b\.?"
        rf"|(?P<{p}hh>\d{{1,2}}):(?P<{p}mm>\d{{2}})(?![\w:])|(?P<{p}word>noon|midday|midnight)\b"
    )
    if bare:
        pattern += rf"|(?<![\w.])(?P<{p}b>\d{{1,2}})(?:[:.](?P<{p}bm>\d{{2}}))?(?![\w:.])"
    return pattern


def read_clock(found: re.Match[str], p: str) -> Clock | None:
    groups = found.groupdict()
    if groups.get(p + "word"):
        return Clock(0 if groups[p + "word"] == "midnight" else 12, 0, True)
    if groups.get(p + "h"):
        hour, minute = int(groups[p + "h"]), int(groups[p + "m"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return Clock(hour % 12 + (12 if groups[p + "ap"] == "p" else 0), minute, True)
    text = groups.get(p + "hh") or groups.get(p + "b")
    if text is None:
        return None
    hour, minute = int(text), int(groups.get(p + "mm") or groups.get(p + "bm") or 0)
    if hour > 23 or minute > 59:
        return None
    return Clock(hour, minute, hour == 0 or hour >= 13 or text.startswith("0"))


# Each part of the day as (day offset, hour) of its start, its end and its default moment.
_WINDOWS: dict[str, tuple[int, int, int, int, int, int]] = {
    "last night": (-1, 18, 0, 6, -1, 23),
    "this morning": (0, 0, 0, 12, 0, 8),
    "this afternoon": (0, 12, 0, 18, 0, 15),
    "this evening": (0, 17, 1, 0, 0, 19),
    "yesterday": (-1, 0, 0, 0, -1, 12),
    "yesterday morning": (-1, 0, -1, 12, -1, 8),
    "yesterday afternoon": (-1, 12, -1, 18, -1, 15),
    "yesterday evening": (-1, 17, 0, 0, -1, 19),
}
_SAME = _table(
    "last night: in_the_night during_the_night overnight yesterday_night, this evening: tonight"
)
DAYPART = rf"\b(?:{alternation([*_WINDOWS, *_SAME, 'today'])})\b"
NIGHT = "last night"
AGO = rf"(?:{DURATION})\s+ago\b"
CLOCK = (
    rf"(?:\b(?:at|around|about|by)\s+|@\s*)(?:{clock_pattern('c', True)})"
    rf"|(?:{clock_pattern('d', False)})"
)
SLEEP_SPAN = (
    rf"(?:\bfrom\s+)?(?:{clock_pattern('a', True)})\s*(?:to|-|–|until|till|til)\s*"
    rf"(?:{clock_pattern('b', True)})"
)


def local(now: datetime, day_offset: int, hour: int, minute: int = 0) -> datetime:
    """The wall-clock time ``hour:minute`` ``day_offset`` days from ``now``'s date, in its zone."""
    day = now.date() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


def shift(moment: datetime, delta: timedelta) -> datetime:
    """``moment`` moved by real elapsed time (over a clock change too), kept in its zone."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def later(a: datetime, b: datetime) -> bool:
    """``a`` is after ``b`` in real time (aware datetimes in one zone compare by wall clock)."""
    return a.timestamp() > b.timestamp()


def latest(clock: Clock, floor: datetime, ceiling: datetime) -> datetime | None:
    """The latest moment at ``clock`` with ``floor <= moment < ceiling``."""
    first = floor.date() - timedelta(days=1)
    days = [first + timedelta(days=n) for n in range((ceiling.date() - first).days + 1)]
    moments = [
        datetime.combine(day, time(hour, clock.minute), tzinfo=floor.tzinfo)
        for day in days
        for hour in clock.hours()
    ]
    found = [m for m in moments if not later(floor, m) and later(ceiling, m)]
    return max(found, key=datetime.timestamp) if found else None


def resolve(now: datetime, word: str | None, clock: Clock | None) -> datetime | None:
    """The moment a part of the day and/or a clock time mean, never later than ``now``.

    A clock alone is its most recent past occurrence ("at 8pm" at 14:05 is yesterday's 20:00);
    a part of the day alone is its default moment, or ``now`` if that is still to come while the
    part has begun; a part of the day that has not begun yet ("tonight" at 10:00) is None.
    """
    soon = shift(now, timedelta(minutes=1))
    if word is None:
        return None if clock is None else latest(clock, shift(now, timedelta(days=-1)), soon)
    if word == "today":
        start, end, anchor = local(now, 0, 0), local(now, 1, 0), now
    else:
        s_day, s_hour, e_day, e_hour, a_day, a_hour = _WINDOWS[word]
        start, end = local(now, s_day, s_hour), local(now, e_day, e_hour)
        anchor = local(now, a_day, a_hour)
    if clock is not None:
        return latest(clock, start, min(end, soon, key=datetime.timestamp))
    if not later(anchor, now):
        return anchor
    return None if later(start, now) else now


# --- vocabulary ------------------------------------------------------------------------------

KIND = (
    r"\b(?:(?P<twitch>twitch(?:es|ing|ed|y)?|fasciculat(?:ions?|ing|es|e))"
    r"|(?P<cramp>cramp(?:s|ing|ed|y)?|charl(?:ey|ie) horses?)|(?P<spasm>spasm(?:s|ing|ed)?))\b"
)
_SITES = """calf: calf|calves; thigh: thighs?|quads?|quadriceps; hamstring: hamstrings?;
    foot: foot|feet|soles?; toes: toes?; leg: legs?|shins?; eyelid: eye ?lids?|eyes?;
    face: face|lips?|cheeks?|jaw; arm: fore ?arms?|arms?|biceps?|triceps?;
    hand: hands?|fingers?|thumbs?; back: back; abdomen: belly|stomach|abdomen|abdominal|abs|tummy"""
SITES = tuple(
    (p.strip(), BodySite(s.strip())) for s, p in (e.split(":") for e in _SITES.split(";"))
)
SIDE = r"\b(?:left|right|both)\b"
# "right after sex" is "immediately", not the right side; "on and off" says nothing to log.
IGNORED = r"\bright(?=\s+(?:after|before|now|away)\b)|\bon\s+and\s+off\b"
INTENSITY_WORDS = {"mild": 3, "moderate": 5, "severe": 8}
CONTEXT_WORDS = {
    EpisodeContext.AFTER_SEX: "after sex",
    EpisodeContext.AFTER_EXERCISE: "after exercise",
    EpisodeContext.DURING_ACTIVITY: "during activity",
    EpisodeContext.FALLING_ASLEEP: "while falling asleep",
    EpisodeContext.AT_REST: "at rest",
}
_EXERCISE = _table(
    "run: ran run runs running jog jogged jogging, gym: gym, workout: workout worked_out "
    "working_out, weights: weights lifting lifted_weights, training: training trained, "
    "cycling: cycled cycling cycle bike biked bike_ride ride, swim: swim swam swimming, "
    "walk: walk walked walking, hike: hike hiked hiking, exercise: exercise exercised "
    "exercising sport, yoga: yoga, pilates: pilates, football: football, tennis: tennis, "
    "climbing: climbing, dancing: dancing danced"
)
_SEX = _table(
    "sex: sex had_sex intercourse made_love making_love orgasm orgasms ejaculation ejaculating, "
    "masturbation: masturbation masturbated masturbating"
)
ACTIVITIES = {word: (ExposureType.EXERCISE, name) for word, name in _EXERCISE.items()}
ACTIVITIES |= {word: (ExposureType.SEXUAL_ACTIVITY, name) for word, name in _SEX.items()}
ACTIVITY = rf"\b(?:{alternation(ACTIVITIES)})\b"
_DID = rf"(?:(?:a|an|my|the|some)\s+)?(?P<act>{alternation(_EXERCISE)}|sex)"
_SEX_WORDS = alternation(w for w in _SEX if w != "had sex")
_AFTER_SEX = (
    rf"\b(?:after\s+(?:having\s+)?(?:(?:a|an|my|the|some)\s+)?(?P<act>{_SEX_WORDS})"
    rf"|post[-\s]?(?P<act2>sex))\b"
)
_ASLEEP = (
    r"\b(?:(?:while|when|as i was)\s+)?(?:falling asleep|trying to sleep|going to sleep"
    r"|drifting off|dozing off)\b"
)
_AT_REST = (
    r"\b(?:(?:while|when)\s+)?(?:(?:lying|sitting)\s+)?in\s+bed\b|\bat\s+rest\b"
    r"|\b(?:while\s+)?resting\b|\blying\s+down\b|\bsitting\s+(?:down|still)\b"
    r"|\bon\s+the\s+(?:sofa|couch)\b|\bwatching\s+tv\b"
)
# Contexts in priority order: (pattern, context, whether the activity it names is logged too).
CONTEXTS: tuple[tuple[str, EpisodeContext, bool], ...] = (
    (_AFTER_SEX, EpisodeContext.AFTER_SEX, True),
    (rf"\bafter\s+{_DID}\b", EpisodeContext.AFTER_EXERCISE, True),
    (
        rf"\b(?:during|while|when|mid)[\s-]+(?:having\s+)?{_DID}\b",
        EpisodeContext.DURING_ACTIVITY,
        True,
    ),
    (_ASLEEP, EpisodeContext.FALLING_ASLEEP, False),
    (_AT_REST, EpisodeContext.AT_REST, False),
)
EFFORT_WORDS = {"hard": 7, "intense": 7, "tough": 7, "moderate": 5, "easy": 3, "gentle": 3}
OUT_OF_10 = r"(?:\s*/\s*10|\s+out\s+of\s+10)"
RATING = rf"\s*(?:of\s+|:\s*|level\s+|=\s*)?(?P<n>\d+(?:\.\d+)?){OUT_OF_10}?(?![\w/.])"
INTENSITY = (
    rf"\b(?:intensity|severity|strength){RATING}"
    rf"|(?<![\w./])(?P<m>\d+(?:\.\d+)?){OUT_OF_10}(?![\w/])"
)
EFFORT = rf"\b(?:rpe|effort){RATING}|\b(?P<word>{alternation(EFFORT_WORDS)})\b"
SLEEP_WORD = r"\b(?:slept|sleep|sleeping|asleep|nap|naps|napped|napping)\b"
SLEEP_QUALITY = (
    r"\b(?:badly|poorly|terribly|horribly|awfully|fitfully|restlessly|lightly|deeply|well"
    r"|great|fine|ok|okay)\b"
)
STRESS_MODIFIERS = {"a bit": 5, "a little": 5, "slightly": 5, "somewhat": 5, "very": 8}
STRESS_MODIFIERS |= {"really": 8, "so": 8, "super": 8, "extremely": 9, "not": 0}
STRESS_NUMBER = (
    rf"\bstress(?:ed)?(?:\s+levels?)?{RATING}"
    rf"|(?<![\w./])(?P<m>\d+(?:\.\d+)?){OUT_OF_10}\s+stress\b"
)
STRESS_WORD = (
    rf"\b(?:(?P<mod>{alternation(STRESS_MODIFIERS)})\s+)?(?:stressed(?:\s+out)?|stressful)\b"
)
# The containers a drink may be counted in, with the drinks whose "one" they do not change.
_HOLDS = "cup: coffee instant_coffee decaf tea green_tea, mug: tea, glass: wine water, can: cola "
_HOLDS += "energy_drink beer, pint: beer, shot: spirit espresso, bottle: water beer"
CONTAINERS = {
    c.strip(): frozenset(ids.split()) for c, ids in (e.split(":") for e in _HOLDS.split(","))
}
CONTAINER = r"cups?|mugs?|glass(?:es)?|cans?|pints?|shots?|bottles?"
VOLUME_UNIT = r"ml|millilit(?:re|er)s?|cl|dl|lit(?:re|er)s?|l|fl\.?\s?oz"
MASS_UNIT = r"mg|milligrams?|mcg|µg|ug|micrograms?|g|grams?"
CAFFEINE = (
    rf"(?P<n>{NUMBER})\s*(?P<u>{MASS_UNIT})\s*(?:of\s+)?caffeine(?:\s+(?:pills?|tablets?))?\b"
    rf"|\bcaffeine\s*:?\s*(?P<n2>{NUMBER})\s*(?P<u2>{MASS_UNIT})(?!\w)"
)
ALCOHOL = (
    rf"(?P<n>{NUMBER})\s*units?\s+(?:of\s+)?(?:alcohol|booze)\b"
    rf"|\balcohol\s*:?\s*(?P<n2>{NUMBER})\s*units?\b"
)
VOLUME = (
    rf"(?P<w1>\bwater\s*:?\s*)?(?P<n>{NUMBER})\s*(?P<u>{VOLUME_UNIT})(?!\w)"
    rf"(?P<w2>\s*(?:of\s+)?water\b)?"
)
START = r"\b(?:started|starting|began|begun)\s+(?:(?:taking|on)\s+)?"
STOP = r"\b(?:stopped|stopping|quit|came\s+off|come\s+off)\s+(?:taking\s+)?"
TOOK = r"\b(?:took|take|taken|taking)\b"
DOSE = rf"(?P<n>{NUMBER})\s*(?P<u>{MASS_UNIT})(?!\w)"
PER_DAY = (
    r"\b(?:(?P<t>once|twice|two times|three times|thrice)\s+)?(?:a|per|each|every)\s+day\b"
    r"|\b(?:(?P<t2>once|twice)\s+)?daily\b|/\s*day\b"
)
TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "thrice": 3}
# Words a medicine's name may carry besides the name itself ("magnesium citrate tablets").
MEDICINE_WORDS = frozenset(
    """tablet tablets pill pills capsule capsules supplement supplements spray inhaler patch
    drops gummies liquid citrate oxide glycinate bisglycinate malate taurate chloride
    sulphate sulfate carbonate lactate""".split()
)
# Words that say a phrase is about something else than an unknown medicine after "took".
_OTHER_WORDS = """ago last night morning afternoon evening yesterday today tonight noon midnight
    after before during while half couple few daily day intensity pain effort rpe alcohol water
    unit units caffeine hour hours minute minutes min mins them it those these that this one ones
    something stuff thing things bus train taxi shower bath break rest time photo picture dog
    look once twice thrice times started starting stopped stopping took taking taken take""".split()
_NAMED = [*_OTHER_WORDS, *_ONES, *_TENS, *EFFORT_WORDS, *INTENSITY_WORDS]
_NOT_A_NAME = "|".join(
    [KIND, ACTIVITY, SLEEP_WORD, SIDE, SLEEP_QUALITY, r"\bstress\w*"]
    + [rf"\b(?:{pattern})\b" for pattern, _ in SITES]
    + [rf"\b(?:{CONTAINER}|{VOLUME_UNIT}|{MASS_UNIT}|{alternation(_NAMED)})\b"]
)


def medicine_name(words: list[str], alias: str | None, drinks: str) -> bool:
    """Whether ``words`` (lower case) can be a medicine's name: with a recognised ``alias``, the
    other words are words like "tablets"; an unknown name is at most four plain words that say
    nothing else the quick log knows (a drink, a time, an activity, a number)."""
    if alias is not None:
        return set(words) - set(alias.split()) <= MEDICINE_WORDS
    text = " ".join(words)
    return (
        0 < len(words) <= 4
        and all(re.fullmatch(r"[^\W\d_][\w'-]*", w) and w not in FILLER for w in words)
        and not re.search(_NOT_A_NAME, text)
        and not re.search(rf"\b(?:{drinks})\b", text)
    )


SUPPLEMENT_CLASSES = frozenset({"vitamin_b6", "magnesium"})
# Words that may be left over in a phrase without changing what it says.
FILLER = frozenset(
    """i i'd i've i'm im me my had have has having been was were is am be did do got get
    a an the of some about around approx approximately roughly ~ just also again still only
    with in on at for to from went go going today now away drank drink drinks drinking took
    feeling felt feel feels and then plus & + very really quite pretty bad little slight small
    strong lasted lasting lasts long muscle muscles side sides lower upper inner outer
    woke up barely""".split()
)


class Words:
    """One phrase being read; ``rest`` is its lower-case text with the words used so far blanked,
    so what is left at the end shows whether every word was understood."""

    def __init__(self, text: str) -> None:
        self.low = text.lower()
        self.text = text if len(self.low) == len(text) else self.low
        self.rest = self.low

    def find(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.rest)

    def blank(self, start: int, end: int) -> None:
        self.rest = self.rest[:start] + " " * (end - start) + self.rest[end:]

    def take_all(self, pattern: str) -> list[re.Match[str]]:
        found = list(re.finditer(pattern, self.rest))
        for match in found:
            self.blank(*match.span())
        return found

    def one(self, pattern: str) -> re.Match[str] | None:
        """The one match of ``pattern``, used up; a second one makes the phrase ambiguous."""
        found = self.take_all(pattern)
        if len(found) > 1:
            raise Refused
        return found[0] if found else None

    def leftover(self) -> list[tuple[int, int]]:
        """Spans of the words not used yet (filler words included)."""
        return [m.span() for m in re.finditer(r"[^\s,;:!?()\"]+", self.rest) if self.word(m.span())]

    def word(self, span: tuple[int, int]) -> str:
        return self.rest[span[0] : span[1]].strip(".-")

    def understood(self) -> bool:
        return all(self.word(span) in FILLER for span in self.leftover())


def number(text: str | None, low: float = 0, high: float = float("inf")) -> float:
    value = read_number(text or "")
    if value is None or not low <= value <= high:
        raise Refused
    return value


def rating(found: re.Match[str]) -> int:
    value = float(found["n"] or found["m"])
    if not value.is_integer() or not 0 <= value <= 10:
        raise Refused
    return int(value)


def minutes(found: re.Match[str] | None, most: float = 7 * 24 * 60) -> float | None:
    value = None if found is None else read_duration(found)
    if found is not None and (value is None or not 0 <= value <= most):
        raise Refused
    return value


@dataclass(frozen=True)
class When:
    """A time the phrase gave: the moment, the part of the day named, whether a clock was."""

    at: datetime
    word: str | None
    clock: bool


def read_time(w: Words, now: datetime) -> When | None:
    """The one time expression in the phrase ("2 hours ago", "yesterday at 9pm"), used up."""
    ago, day, clock = w.one(AGO), w.one(DAYPART), w.one(CLOCK)
    if ago is not None:
        back = minutes(ago, 14 * 24 * 60)
        if day is not None or clock is not None or back is None:
            raise Refused
        return When(shift(now, timedelta(minutes=-back)), None, True)
    if day is None and clock is None:
        return None
    word = None if day is None else _SAME.get(" ".join(day.group(0).split()), day.group(0))
    hour = None if clock is None else read_clock(clock, "c") or read_clock(clock, "d")
    at = resolve(now, word, hour)
    if at is None or (clock is not None and hour is None):
        raise Refused
    return When(at, word, hour is not None)


def read_sleep_span(found: re.Match[str], now: datetime) -> tuple[datetime, datetime]:
    """ "from 11pm to 7am": the latest such night that has ended by ``now``."""
    start, end = read_clock(found, "a"), read_clock(found, "b")
    if start is None or end is None:
        raise Refused
    ended = latest(end, shift(now, timedelta(days=-1)), shift(now, timedelta(minutes=1)))
    began = ended and latest(start, shift(ended, timedelta(days=-1)), ended)
    if ended is None or began is None:
        raise Refused
    return began, ended
