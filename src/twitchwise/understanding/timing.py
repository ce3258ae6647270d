"""Time in a person's words: how long this episode lasted ("25 mins", "half an hour", "started
25 mins ago and still going"), how long episodes have gone on ("for 3 weeks", "since monday", "a
fortnight", "for ages"), and how often ("every night", "3 times today", "most days").

Lengths in seconds, minutes or hours belong to the episode unless they are someone's sleep or
exercise ("slept 5 hours", "ran for 45 minutes"); lengths in days, weeks, months or years say
how long it has been going on.
"""

from __future__ import annotations

import re
from datetime import timedelta

from twitchwise.understanding.numbers import NUMBER, read_number
from twitchwise.understanding.reading import Reading

_SHORT = {"s": 1 / 60, "m": 1.0, "h": 60.0}
_LONG = {"d": 1, "w": 7, "f": 14, "m": 30, "y": 365}
_UNIT_SHORT = r"(?P<u>seconds?|secs?|minutes?|mins?|min|m|hours?|hrs?|hr|h)"
_UNIT_LONG = r"(?P<l>days?|nights?|weeks?|wks?|fortnights?|months?|years?|yrs?)"
DURATION = re.compile(rf"(?P<n>{NUMBER})\s*-?\s*{_UNIT_SHORT}(?![a-z])")
SPAN = re.compile(rf"(?P<n>{NUMBER})\s*-?\s*{_UNIT_LONG}(?![a-z])")
# Words that make a length someone's sleep or exercise, not the episode's.
_NOT_EPISODE = re.compile(
    r"\b(?:slept|sleep|sleeping|asleep|nap\w*|ran|run|running|jog\w*|walk\w*|hike\w*|cycl\w*|rode|"
    r"ride|swam|swim\w*|gym|workout|trained|training|played|game|match|session|class|drive|drove|"
    r"driving|shift|work(?:ed|ing)?|stood|standing|bed|marathon|exercise\w*|sex|lasted us|in bed)\b"
)
_NOT_EPISODE_AFTER = re.compile(
    r"\s*(?:of )?(?:sleep|kip|shut ?eye|run|walk|drive|shift|training)\b"
    r"|\s*(?:later|before|after|into|earlier|beforehand|from now|in)\b|\s*-\s*[a-z]"
)
_AGO = re.compile(rf"(?P<n>{NUMBER})\s*-?\s*(?:{_UNIT_SHORT}|{_UNIT_LONG})\s+ago\b")
_STILL = re.compile(
    r"\b(?:still|won'?t (?:let go|stop|ease|go)|not (?:stopped|easing|gone)|"
    r"hasn'?t (?:stopped|eased|gone)|ongoing|"
    r"right now|at the moment|keeps? going|non[- ]?stop)\b"
)
_SINCE_DAY = re.compile(
    r"\bsince (?:last )?(?P<d>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|"
    r"tues?|wed|thur?s?|fri|sat|sun)\b"
)
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SINCE_WORDS = (
    (re.compile(r"\bsince yesterday\b"), 1),
    (re.compile(r"\bsince (?:last night|this morning|earlier|today)\b"), 0),
    (
        re.compile(r"\bsince (?:last week|the weekend|the other day)\b|\ball week\b|\bthis week\b"),
        7,
    ),
    (re.compile(r"\bsince (?:last month|the start of the month)\b"), 30),
    (
        re.compile(
            r"\b(?:for|over|past|about|nearly|almost|a good) a fortnight\b|\bthe (?:last|"
            r"past) fortnight\b|\ba fortnight (?:now|ago)\b|\bcouple of weeks\b|"
            r"\bcouple weeks\b"
        ),
        14,
    ),
    (re.compile(r"\bfor (?:a few|some|several) days\b|\bfew days\b"), 3),
    (re.compile(r"\bfor (?:a few|some|several|many) weeks\b|\bfor weeks\b|\bweeks now\b"), 21),
    (re.compile(r"\b(?:for|over) (?:a|the (?:last|past)) (?:whole )?week\b"), 7),
    (
        re.compile(r"\b(?:for|over) (?:a|the (?:last|past)) (?:whole )?month\b|\bnearly a month\b"),
        30,
    ),
    (
        re.compile(
            r"\bfor (?:ages|months|a long time|a while now|so long)\b|\bmonths now\b|"
            r"\bon and off for (?:ages|months)\b"
        ),
        90,
    ),
    (re.compile(r"\bfor (?:years|as long as i can remember)\b|\byears now\b"), 730),
)
_SPAN_BEFORE = re.compile(
    r"(?:\bfor|\bsince|\bpast|\blast|\bover|\babout|\baround|\bnearly|\balmost|\broughly|\bthe|"
    r"\bgood|\bleast|\bthan|\bjust|\bonly|\bwhole|\bentire|\bsome|\bwithin|\bin|\bfew|\bcouple of|"
    r"\bbeen|\blasted|\blasting|\bgoing on|\bon and off|\blike)\s*$"
)
_SPAN_AFTER = re.compile(
    r"\s*(?:now|so far|ago|straight|in a row|on and off|running|solid|of (?:this|it|these|"
    r"twitch|cramp|spasm))"
)
_ESTIMATED_SPAN = re.compile(
    r"nearly|almost|about|around|over|more than|at least|roughly|ish|ages|a while"
)
_PER = r"(?:a|an|per|each|every|/)"
FREQUENCY_WORDS = (
    (
        re.compile(
            r"\bevery (?:single )?(?:night|day|evening|morning)\b|\bnightly\b|\bdaily\b|"
            r"\beach (?:night|day)\b"
        ),
        7.0,
    ),
    (re.compile(r"\bmost (?:nights|days|evenings|mornings)\b|\bnearly every (?:night|day)\b"), 5.0),
    (re.compile(r"\bevery (?:other|second) (?:day|night)\b"), 3.5),
    (
        re.compile(
            r"\b(?:constantly|non[- ]?stop|all (?:day|the time|night)|continuously|"
            r"on the go all day)\b"
        ),
        28.0,
    ),
    (re.compile(r"\bevery (?:few )?(?:minutes?|seconds?|hours?)\b"), 50.0),
    (re.compile(r"\bonce a fortnight\b|\bevery (?:couple of|two) weeks\b"), 0.5),
    (re.compile(r"\b(?:once|a couple of times|twice|a few times) a month\b"), 0.5),
    (re.compile(r"\bevery (?:week|weekend)\b|\bweekly\b|\bonce a week\b"), 1.0),
)
_TIMES = (
    rf"(?:(?P<n>{NUMBER}|once|twice|thrice)\s*(?:times?|x|nights?|days?|evenings?|mornings?)"
    rf"|(?P<w>once|twice|thrice))"
)
_RATE = re.compile(rf"{_TIMES}\s+{_PER}\s*(?P<p>day|night|week|month)\b")
_TODAY = re.compile(
    rf"{_TIMES}\s+(?:today|tonight|this morning|since this morning|since i woke up)\b"
)
_THIS_WEEK = re.compile(
    rf"(?P<n>{NUMBER}|once|twice|thrice)\s*(?:times?|x|nights?|days?)\s+(?:this|last|"
    rf"in the (?:last|past)) week\b"
)
_COUNT = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_CLAUSE_ABOUT = re.compile(
    r"\b(?:twitch\w*|cramp\w*|spasm\w*|jerk\w*|flicker\w*|jump\w*|fascicul\w*|charley|it|they|"
    r"them|happens?|happening|comes?|get them|have them|episodes?|attacks?)\b"
)
_NOT_ABOUT = re.compile(
    r"(?:\d+ ?(?:mg|g|ml|mcg)|tablets?|pills?|dose|taking|take|gaming|drinking|coffee|working|"
    r"running|training|gym|shift|awake|(?:stayed|staying|stay|was|been|got) up|typing|writing|"
    r"studying|driving|sitting|standing|walking|cycling|gardening|revising|coding|on my feet|"
    r"at (?:my|the) (?:desk|computer|laptop))\W*(?:\w+\W+)?$"
)
_PER_WEEK = {"day": 7.0, "night": 7.0, "week": 1.0, "month": 12 / 52}


def _count(text: str) -> tuple[float, bool] | None:
    return (_COUNT[text], False) if text in _COUNT else read_number(text)


def read_timing(reading: Reading) -> None:
    _read_ago(reading)
    _read_frequency(reading)
    _read_durations(reading)
    _read_spans(reading)


def _read_ago(reading: Reading) -> None:
    """ "Started 25 mins ago": when it began; still going, it has lasted that long; "2 weeks
    ago" says how long it has been going on."""
    text = reading.text
    for found in _AGO.finditer(text.low):
        number = read_number(found.group("n"))
        if number is None:
            continue
        value, estimate = number
        match = text.match(found.start(), found.end())
        onset = _ONSET.search(text.low, max(0, found.start() - 40), found.start())
        if onset is not None:
            text.use(*onset.span())
        if found.group("u"):
            minutes = value * _SHORT[_unit_letter(found.group("u"))]
            reading.add("episode.started_at", reading.now - timedelta(minutes=minutes), match)
            still = list(_STILL.finditer(text.low, *text.sentence_of(found.start())))
            if still:
                reading.add("episode.duration_minutes", round(minutes, 1), match, estimate=estimate)
                for words in still:
                    text.use(*words.span())
        else:
            days = round(value * _LONG[_long_letter(found.group("l"))])
            reading.add("episode.persisting_days", days, match, estimate=estimate)


_ONSET = re.compile(r"\b(?:started|starting|began|begun|came on|kicked in|start)\b")


def _unit_letter(unit: str) -> str:
    return "m" if unit.startswith("min") or unit == "m" else unit[0]


def _long_letter(unit: str) -> str:
    return "d" if unit.startswith("night") else unit[0]


def _read_durations(reading: Reading) -> None:
    text = reading.text
    for found in DURATION.finditer(text.low):
        if text.is_used(found.start(), found.end()):
            continue
        before = text.low[max(0, found.start() - 25) : found.start()]
        after = text.low[found.end() : found.end() + 12]
        if _NOT_EPISODE.search(before) or _NOT_EPISODE_AFTER.match(after):
            continue
        if not _in_episode_sentence(reading, found.start()) or _attributive(found):
            continue
        number = read_number(found.group("n"))
        if number is None:
            continue
        minutes = number[0] * _SHORT[_unit_letter(found.group("u"))]
        if 0 < minutes <= 7 * 24 * 60:
            lead = _LASTED.search(text.low, max(0, found.start() - 30), found.start())
            start = lead.start() if lead is not None else found.start()
            estimate = number[1] or bool(lead is not None and lead.group("about"))
            match = text.match(start, found.end())
            reading.add("episode.duration_minutes", round(minutes, 2), match, estimate=estimate)


# "lasted about", "went on for": the words before a length that say it is the episode's.
_LASTED = re.compile(
    r"\b(?:lasted|lasting|lasts|went on|goes on|going on|for)\s+(?:for\s+)?"
    r"(?P<about>about|around|roughly|nearly|almost|maybe|like|a good)?\s*$"
)


def _in_episode_sentence(reading: Reading, position: int) -> bool:
    """Whether ``position`` is in a sentence that names the episode (or no sentence does)."""
    sentences = reading.episode_sentences
    return not sentences or any(s <= position < e for s, e in sentences)


# Words that may follow an episode's length ("cramp for 20 min then it eased"); any other word
# after a singular unit makes the length something else's ("a 6 hr bushwalk", "a 90 minute game").
_LENGTH_FOLLOWERS = frozenset(
    """ago now and or of then so but later straight long at in on with still today tonight max
    maybe ish or until till before after when while it this that i my the a an before yet
    solid""".split()
)


def _attributive(found: re.Match[str]) -> bool:
    """ "a 3 hour drive", "a 6 hr bushwalk": a singular unit after a number above one, followed
    by a noun, names something else's length."""
    unit = found.group("u")
    number = read_number(found.group("n"))
    if number is None or number[0] <= 1 or unit.endswith("s") or unit in {"m", "h"}:
        return False
    following = re.match(r"[\s-]+([a-z]+)", found.string[found.end() :])
    return following is not None and following.group(1) not in _LENGTH_FOLLOWERS


def _read_spans(reading: Reading) -> None:
    text = reading.text
    for found in SPAN.finditer(text.low):
        if text.is_used(found.start(), found.end()):
            continue
        after = text.low[found.end() : found.end() + 24]
        before = text.low[max(0, found.start() - 24) : found.start()]
        if re.match(
            r"\s*(?:a|per|each)\b|\s*(?:this|last) week|\s*(?:pregnant|old|along|gestation)", after
        ):
            continue  # "3 nights a week" is how often; "30 weeks pregnant" is not how long
        if not (_SPAN_BEFORE.search(before) or _SPAN_AFTER.match(after)):
            continue  # "6 mugs of coffee a day": a length of time must be said to be one
        number = read_number(found.group("n"))
        if number is None:
            continue
        days = round(number[0] * _LONG[_long_letter(found.group("l"))])
        around = text.low[max(0, found.start() - 15) : found.end()]
        estimate = number[1] or bool(_ESTIMATED_SPAN.search(around))
        match = text.match(found.start(), found.end())
        reading.add("episode.persisting_days", days, match, estimate=estimate)
    since = _SINCE_DAY.search(text.low)
    if since is not None:
        day = _DAYS.index(since.group("d")[:3])
        days = (reading.now.weekday() - day) % 7 or 7
        reading.add("episode.persisting_days", days, text.match(*since.span()), estimate=True)
    for pattern, days in SINCE_WORDS:
        for found in pattern.finditer(text.low):
            if days == 90 and _short_length_near(text.low, *text.sentence_of(found.start())):
                continue  # "twitching for ages, maybe half an hour": the episode's length
            match = text.match(found.start(), found.end())
            reading.add("episode.persisting_days", days, match, estimate=True)


def _short_length_near(low: str, start: int, end: int) -> bool:
    return DURATION.search(low, start, end) is not None


def _about_episodes(reading: Reading, start: int) -> bool:
    """A frequency belongs to the episodes when its clause names them (or "it", "they") and no
    dose or activity stands right before it ("400mg every night", "gaming every night")."""
    low = reading.text.low
    clause_start = max(low.rfind(mark, 0, start) for mark in ",;.!?\n") + 1
    clause_end = min(
        (i for i in (low.find(m, start) for m in ",;.!?\n") if i != -1), default=len(low)
    )
    clause = low[clause_start:clause_end]
    others = re.findall(r"[a-z]+", clause)
    if _CLAUSE_ABOUT.search(clause) is None and len(others) > 4:
        return False  # a clause of its own about something else ("been gaming every night")
    return _NOT_ABOUT.search(low[max(0, start - 25) : start]) is None


def _read_frequency(reading: Reading) -> None:
    text = reading.text
    for pattern, per_week in FREQUENCY_WORDS:
        for found in pattern.finditer(text.low):
            if not _about_episodes(reading, found.start()):
                continue
            match = text.match(found.start(), found.end())
            reading.add("episode.episodes_per_week", per_week, match, estimate=True)
    for found in _RATE.finditer(text.low):
        if text.is_used(*found.span()) or not _about_episodes(reading, found.start()):
            continue
        number = _count(found.group("n") or found.group("w"))
        if number is not None:
            per_week = number[0] * _PER_WEEK[found.group("p")]
            match = text.match(found.start(), found.end())
            reading.add("episode.episodes_per_week", round(per_week, 2), match, estimate=number[1])
    for pattern, scale in ((_TODAY, 7.0), (_THIS_WEEK, 1.0)):
        for found in pattern.finditer(text.low):
            number = _count(found.group("n") or found.groupdict().get("w") or "")
            if number is not None:
                match = text.match(found.start(), found.end())
                reading.add("episode.episodes_per_week", number[0] * scale, match, estimate=True)
