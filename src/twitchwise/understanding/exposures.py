"""What came before, in a person's words: drinks (by count, by the knowledge's drinks table),
sleep, exercise and sex, sweat and heat, stress. Each becomes a fact for the check's context
(amounts summed over the text) and an event for the diary, at the time the sentence gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from twitchwise.domain.exposures import ExposureType
from twitchwise.domain.units import convert
from twitchwise.knowledge import Knowledge
from twitchwise.knowledge.model import Drink
from twitchwise.understanding.numbers import NUMBER, alternation, read_number
from twitchwise.understanding.patterns import compiled
from twitchwise.understanding.reading import Event, Reading
from twitchwise.understanding.text import Match
from twitchwise.understanding.when import moment_in

_CONTAINER = r"(?:cups?|mugs?|cans?|glass(?:es)?|pints?|bottles?|shots?|tins?|pots?)"
_MOST_DRINKS = 40
_CAFFEINE_MG = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<u>mg|milligrams?|g|grams?)\s*(?:of\s+)?caffeine"
    rf"|caffeine\s*:?\s*(?:of\s+)?(?P<n2>{NUMBER})\s*(?P<u2>mg|milligrams?)"
)
_UNITS = re.compile(rf"(?P<n>{NUMBER})\s*units?\s*(?:of\s+)?(?:alcohol|booze|drink)?")
_WATER = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<u>ml|millilit(?:re|er)s?|l|lit(?:re|er)s?|"
    rf"cl)(?![a-z'])\s*(?:of\s+)?(?:water|fluids?|drinks?)?"
)
_LITTLE_WATER = re.compile(
    r"\b(?:barely|hardly|not|haven'?t|didn'?t|not been) (?:any |drunk |drank |drinking |had )?"
    r"(?:any |much |enough )?(?:water|fluids?|drinks?|to drink)\b|\bdehydrated\b"
)
_MUCH_WATER = re.compile(r"\b(?:loads|lots|plenty|tons) of (?:water|fluids)\b")
_PER_DAY = re.compile(rf"(?P<n>{NUMBER})\s*(?:cups?|mugs?|cans?)?\s*(?:a|per|each)\s+day\b")
_SLEEP_HOURS = re.compile(
    rf"\b(?:slept|sleep(?:ing)?|got|had|managed|kip)\s+(?:for\s+|only\s+|about\s+|around\s+|"
    rf"maybe\s+|like\s+)*"
    rf"(?P<n>{NUMBER})\s*(?:hours?|hrs?|h)\b"
    rf"|(?P<m>{NUMBER})\s*(?:hours?|hrs?|h)\s*(?:of\s+)?(?:sleep|kip|shut ?eye)\b"
    rf"|(?P<k>{NUMBER})\s*(?:hours?|hrs?|h)\s+a\s+night\b"
)
_SLEEP_WORDS = (
    (
        re.compile(
            r"\b(?:didn'?t sleep|no sleep|up all night|awake all night|all[- ]nighter|not slept)\b"
        ),
        1.0,
    ),
    (
        re.compile(r"\b(?:barely|hardly|not really) (?:slept|sleeping|any sleep)\b|\bno sleep\b"),
        3.0,
    ),
    (
        re.compile(
            r"\b(?:slept (?:badly|terribly|awfully|poorly|rubbish)|bad night|rough night|"
            r"terrible night|poor sleep|broken sleep|sleeping badly|sleep is (?:bad|awful|"
            r"terrible))\b"
        ),
        5.0,
    ),
)
# "I can walk fine", "can't run": an ability, not something that was done.
_ACTIVITY = re.compile(
    r"(?<!can )(?<!can't )(?<!cant )(?<!cannot )(?<!could )(?<!couldn't )(?<!able to )"
    r"\b(?P<a>runs?(?! out)|ran(?! out)|running(?! out)|jog\w*|gym|work ?out|workout|weights|"
    r"lifting|leg day|deadlifts?|crunches|football|footy|soccer|rugby|"
    r"tennis|squash|netball|basketball|hockey|cricket|cycl\w*|bike ride|spin class|spin|swim\w*|"
    r"swam|(?:in|at) the pool|hike|hiking|"
    r"marathon|half marathon|10k|5k|parkrun|race|mile \d+|climb\w*|danc\w*|yoga|pilates|"
    r"crossfit|hiit|training|"
    r"sex|intercourse|shagging|made love|making love|orgasm\w*|masturbat\w*|stairs|"
    # walking as something done, not "when I walk" (how a symptom shows)
    r"(?:long|brisk|big|hill|dog|country|fell|coastal) walk|(?:went|go|going|been) (?:for )?a walk|"
    r"walked (?:\d+|for|miles|all day|the dog|up|home|to work)|walking (?:holiday|the dog|all day|"
    r"for \d+|\d+)|"
    r"standing all day|on my feet all day|\d+[- ]hour shift|shift|mow\w*|gardening|digging|"
    r"housework|"
    r"moving house|decorating|hill ?walk\w*|ultra|triathlon|boxing|martial arts|karate|spinning|"
    r"sprint\w*|squats?|sit[- ]?ups?|push[- ]?ups?|burpees|bush ?walk\w*|tramping|roofing|"
    r"ballet|ski(?:ing)?|rowing|surf\w*|skating|paddle ?board\w*|labouring|scaffolding)\b"
)
_ACTIVITY_NAMES = {
    "ran": "running",
    "run": "running",
    "jog": "running",
    "jogging": "running",
    "parkrun": "running",
    "10k": "running",
    "5k": "running",
    "marathon": "running",
    "half marathon": "running",
    "race": "running",
    "swam": "swimming",
    "intercourse": "sex",
    "shagging": "sex",
    "made love": "sex",
    "making love": "sex",
    "work out": "gym",
    "workout": "gym",
    "weights": "gym",
    "lifting": "gym",
    "leg day": "gym",
    "soccer": "football",
    "sprint": "running",
    "sprinting": "running",
    "sprints": "running",
    "squats": "gym",
    "squat": "gym",
    "bushwalk": "walking",
    "bush walk": "walking",
    "bushwalking": "walking",
    "tramping": "walking",
    "runs": "running",
    "hike": "hiking",
    "footy": "football",
    "spin class": "cycling",
    "spin": "cycling",
    "spinning": "cycling",
    "in the pool": "swimming",
    "at the pool": "swimming",
    "sit ups": "gym",
    "sit-ups": "gym",
    "situps": "gym",
    "push ups": "gym",
    "deadlift": "gym",
    "deadlifts": "gym",
    "crunches": "gym",
    "burpees": "gym",
    "digging": "gardening",
}
_EXERCISE_MINUTES = re.compile(rf"(?P<n>{NUMBER})\s*-?\s*(?P<u>minutes?|mins?|hours?|hrs?|h)\b")
_EFFORT = (
    (
        re.compile(
            r"\b(?:brutal|hard|intense|tough|killer|flat out|all out|max(?:imal)?|exhausting|"
            r"long)\b"
        ),
        8,
    ),
    (re.compile(r"\b(?:easy|gentle|light|slow|short)\b"), 3),
)
_HEAVY_SWEAT = re.compile(
    r"\b(?:sweat(?:ing|ed)? (?:buckets|loads|a lot|heavily|profusely|like mad|so much)|"
    r"drenched|soaked|dripping|pouring with sweat|sweatiest)\b"
)
_LIGHT_SWEAT = re.compile(r"\b(?:sweaty|sweating|sweated|sweat)\b")
_HOT = re.compile(
    r"\b(?:hot (?:day|weather|room|bath|yoga|flat|house|sun|summer|afternoon|gym)|heat ?wave|"
    r"in the (?:heat|sun)|sauna|humid|scorching|boiling|baking|sweltering|tropical|heat)\b|"
    r"\b(?:2[8-9]|3\d|4\d) ?(?:°c?|degrees|c\b)"
)
_STRESS_NUMBER = re.compile(
    r"\bstress(?:ed)?(?: level)?\s*(?:is |of |at |:)?\s*(?P<n>\d+)\s*(?:/\s*10|out of (?:10|ten))"
)
_STRESS = re.compile(
    r"\b(?P<m>a (?:bit|little)|slightly|quite|very|really|so|super|extremely|incredibly|"
    r"massively|crazy|insanely)?\s*"
    r"(?:stress(?:ed|ful)?(?: out)?|anxious|anxiety|panick\w*|under (?:a lot of )?pressure|"
    r"overwhelmed|burn(?:t|ed) out|frazzled)\b"
    r"|\b(?:exams?|deadlines?|work(?:'s| is) (?:mental|crazy|mad|hectic|insane)|crazy (?:week|"
    r"busy))\b"
)
_STRESS_LEVEL = {"a bit": 5, "a little": 5, "slightly": 5, "quite": 6}


def read_exposures(reading: Reading, knowledge: Knowledge) -> None:
    _read_drinks(reading, knowledge)
    _read_measured(reading)
    _read_sleep(reading)
    _read_activity(reading)
    _read_conditions(reading)
    _read_stress(reading)


def _event(
    reading: Reading, kind: ExposureType, amount: float | None, found: Match, **extra: object
) -> None:
    at = moment_in(reading.text, found.start, reading.now) or reading.now
    reading.events.append(Event(kind, amount, at, found.quote, **extra))  # type: ignore[arg-type]


def _sum(reading: Reading, where: str, amount: float, found: Match, estimate: bool) -> None:
    current = reading.facts.get(where)
    reading.text.use(found.start, found.end)
    if current is None:
        reading.add(where, round(amount, 2), found, estimate=estimate)
        return
    from twitchwise.understanding.reading import Fact

    quote = f"{current.quote}; {found.quote}"
    reading.facts[where] = Fact(
        where, round(current.value + amount, 2), quote, current.estimate or estimate
    )


def _drink_pattern(knowledge: Knowledge) -> tuple[re.Pattern[str], dict[str, Drink]]:
    def build() -> tuple[re.Pattern[str], dict[str, Drink]]:
        names = {" ".join(n.lower().split()): d for d in knowledge.drinks for n in d.names}
        body = alternation(names)
        pattern = re.compile(
            rf"(?:(?P<q>{NUMBER})\s+(?:(?:large|small|big|strong|"
            rf"double)\s+)?(?:(?P<c>{_CONTAINER})\s+of\s+)?)?"
            rf"(?<![a-z])(?P<name>{body})s?(?![a-z])(?:\s*(?:x|×)\s*(?P<x>\d+))?"
        )
        return pattern, names

    return compiled(knowledge, "drinks", build)


def _read_drinks(reading: Reading, knowledge: Knowledge) -> None:
    pattern, names = _drink_pattern(knowledge)
    text = reading.text
    for found in pattern.finditer(text.low):
        name = " ".join(found.group("name").split())
        if found.group("c"):  # "a bottle of wine" is the bottle, not a glass of wine
            name = (
                f"{found.group('c')} of {name}"
                if f"{found.group('c')} of {name}" in names
                else name
            )
        drink = names.get(name)
        if drink is None:
            continue
        count = _drink_count(reading, found)
        if count is None:
            text.use(found.start("name"), found.end("name"))
            continue
        value, estimate = count
        if not 0 < value <= _MOST_DRINKS:
            continue
        match = text.match(found.start(), found.end())
        for kind, per, where in _holds(drink):
            _sum(reading, where, value * per, match, estimate)
            _event(reading, kind, value * per, match, detail=f"{value:g} × {drink.names[0]}")
        if _soft(drink) and drink.volume_ml is not None:
            reading.drinks_water.append((value * drink.volume_ml, match))


def count_drinks_as_water(reading: Reading) -> None:
    """Water from every drink, as EFSA counts it and the diary does: the check's day total
    only (the diary's event stays the caffeine entry, which the diary counts the same way).
    Call it last, once every statement of water itself has been read."""
    for ml, match in reading.drinks_water:
        _sum(reading, "context.water_ml_last_24h", ml, match, True)


def _soft(drink: Drink) -> bool:
    """A drink without alcohol whose water the drinks table does not already give."""
    return drink.alcohol_units is None and drink.water_ml is None


def _drink_count(reading: Reading, found: re.Match[str]) -> tuple[float, bool] | None:
    if found.group("q"):
        return read_number(found.group("q"))
    if found.group("x"):
        return float(found.group("x")), False
    start, end = reading.text.sentence_of(found.start())
    per_day = _PER_DAY.search(reading.text.low, start, end)
    if per_day is not None:
        reading.text.use(per_day.start(), per_day.end())
        return read_number(per_day.group("n"))
    return None


def _holds(drink: Drink) -> Iterator[tuple[ExposureType, float, str]]:
    if drink.caffeine_mg is not None:
        yield ExposureType.CAFFEINE, drink.caffeine_mg, "context.caffeine_mg_last_24h"
    if drink.alcohol_units is not None:
        yield ExposureType.ALCOHOL, drink.alcohol_units, "context.alcohol_units_last_24h"
    if drink.water_ml is not None:
        yield ExposureType.WATER, drink.water_ml, "context.water_ml_last_24h"


def _read_measured(reading: Reading) -> None:
    text = reading.text
    for found in _CAFFEINE_MG.finditer(text.low):
        number = read_number(found.group("n") or found.group("n2"))
        if number is not None:
            mg = convert(number[0], found.group("u") or found.group("u2"), "mg")
            match = text.match(*found.span())
            _sum(reading, "context.caffeine_mg_last_24h", mg, match, number[1])
            _event(reading, ExposureType.CAFFEINE, mg, match)
    for found in _UNITS.finditer(text.low):
        number = read_number(found.group("n"))
        if number is not None and not text.is_used(*found.span()):
            match = text.match(*found.span())
            _sum(reading, "context.alcohol_units_last_24h", number[0], match, number[1])
            _event(reading, ExposureType.ALCOHOL, number[0], match)
    for found in _WATER.finditer(text.low):
        number = read_number(found.group("n"))
        if number is not None and not text.is_used(*found.span()):
            ml = convert(number[0], found.group("u"), "ml")
            match = text.match(*found.span())
            _sum(reading, "context.water_ml_last_24h", ml, match, number[1])
            _event(reading, ExposureType.WATER, ml, match)
    for pattern, ml in ((_LITTLE_WATER, 500.0), (_MUCH_WATER, 3000.0)):
        for found in pattern.finditer(text.low):
            reading.add("context.water_ml_last_24h", ml, text.match(*found.span()), estimate=True)


def _read_sleep(reading: Reading) -> None:
    text = reading.text
    for found in _SLEEP_HOURS.finditer(text.low):
        number = read_number(found.group("n") or found.group("m") or found.group("k"))
        if number is not None and 0 <= number[0] <= 24:
            match = text.match(*found.span())
            reading.add("context.sleep_hours_last_night", number[0], match, estimate=number[1])
            _night(reading, number[0], match)
    for pattern, hours in _SLEEP_WORDS:
        for found in pattern.finditer(text.low):
            match = text.match(*found.span())
            reading.add("context.sleep_hours_last_night", hours, match, estimate=True)


def _night(reading: Reading, hours: float, found: Match) -> None:
    """A night of ``hours`` sleep, ended at 07:00 today (or now, if earlier)."""
    now = reading.now
    morning = datetime.combine(now.date(), time(7), now.tzinfo)
    woke = min(now, morning, key=datetime.timestamp)
    reading.events.append(
        Event(ExposureType.SLEEP, hours, woke - timedelta(hours=hours), found.quote, ended_at=woke)
    )


def _read_activity(reading: Reading) -> None:
    text = reading.text
    for found in _ACTIVITY.finditer(text.low):
        word = found.group("a")
        name = _ACTIVITY_NAMES.get(word) or _activity_name(word)
        reading.add("context.exertion.activity", name, text.match(*found.span()))
        start, end = text.sentence_of(found.start())
        length = _EXERCISE_MINUTES.search(text.low, start, end)
        if length is not None and not text.is_used(*length.span()):
            number = read_number(length.group("n"))
            if number is not None:
                minutes = number[0] * (60.0 if length.group("u").startswith("h") else 1.0)
                reading.add("context.exertion.minutes", minutes, text.match(*length.span()))
        for pattern, rpe in _EFFORT:
            effort = pattern.search(text.low, start, end)
            if effort is not None:
                reading.add("context.exertion.rpe", rpe, text.match(*effort.span()), estimate=True)
    if reading.value("episode.context") == "after_sex" and not reading.has(
        "context.exertion.activity"
    ):
        reading.facts["context.exertion.activity"] = reading.facts["episode.context"].__class__(
            "context.exertion.activity", "sex", reading.facts["episode.context"].quote
        )


def _activity_name(word: str) -> str:
    if word.startswith(("orgasm", "masturbat")):
        return "sex"
    if word.startswith("mile "):
        return "running"
    if word.startswith("danc"):
        return "dancing"
    if "walk" in word:
        return "walking"
    if word.endswith("shift"):
        return "work shift"
    return word


def _read_conditions(reading: Reading) -> None:
    text = reading.text
    for found in _HEAVY_SWEAT.finditer(text.low):
        reading.add("context.sweating", "heavy", text.match(*found.span()))
    for found in _LIGHT_SWEAT.finditer(text.low):
        reading.add("context.sweating", "light", text.match(*found.span()))
    for found in _HOT.finditer(text.low):
        reading.add("context.hot_environment", True, text.match(*found.span()))


def _read_stress(reading: Reading) -> None:
    text = reading.text
    for found in _STRESS_NUMBER.finditer(text.low):
        value = int(found.group("n"))
        if 0 <= value <= 10:
            reading.add("context.stress_0_10", value, text.match(*found.span()))
    for found in _STRESS.finditer(text.low):
        modifier = (found.group("m") or "").strip()
        level = _STRESS_LEVEL.get(modifier, 8 if modifier else 7)
        reading.add("context.stress_0_10", level, text.match(*found.span()), estimate=True)
