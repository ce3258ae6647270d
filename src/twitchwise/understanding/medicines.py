"""Medicines in a person's words: any name the knowledge knows (generic, brand, class: "water
tablets", "a statin", "my blue inhaler"), what happened to it ("on", "started", "upped", "came
off"), the dose and how long ago. A medicine started or raised in the last six weeks is the
warning sign ``new_medication``.
"""

from __future__ import annotations

import re

from twitchwise.domain.episodes import Symptom
from twitchwise.knowledge import Knowledge
from twitchwise.understanding.context import Context, Status
from twitchwise.understanding.numbers import NUMBER, read_number
from twitchwise.understanding.patterns import compiled
from twitchwise.understanding.reading import Change, MedicineMention, Reading, SignMention

RECENT_DAYS = 42
_CHANGES: tuple[tuple[Change, re.Pattern[str]], ...] = (
    (
        "stopped",
        re.compile(
            r"\b(?:stopped|stopping|quit|came off|come off|coming off|finished|ran out of|"
            r"no longer (?:on|taking)|weaned off|gave up)\b"
        ),
    ),
    (
        "increased",
        re.compile(
            r"\b(?:upped|increased|raised|doubled|higher dose|went up|bumped(?: up)?|put up|"
            r"dose (?:was |has been )?(?:increased|upped|raised|doubled))\b"
        ),
    ),
    ("decreased", re.compile(r"\b(?:reduced|lowered|cut down|halved|tapering|weaning)\b")),
    (
        "started",
        re.compile(
            r"\b(?:started|starting|began|begun|start|new|just (?:been )?(?:put|got) on|"
            r"put (?:me )?on|prescribed|been given|switched to|trying)\b"
        ),
    ),
)
_DOSE = re.compile(rf"(?P<n>{NUMBER})\s*(?P<u>mg|milligrams?|mcg|µg|g)\b")
_AGO = re.compile(rf"(?P<n>{NUMBER})\s*(?P<u>days?|weeks?|months?|years?)\s+ago\b")
_SINCE = (
    (re.compile(r"\byesterday\b"), 1),
    (re.compile(r"\b(?:today|this morning)\b"), 0),
    (re.compile(r"\blast week\b"), 7),
    (re.compile(r"\blast month\b"), 30),
    (re.compile(r"\b(?:just|recently|new|the other day|a few days ago)\b"), 3),
    (re.compile(r"\blast year\b|\bfor years\b"), 365),
)
_DAYS_IN = {"d": 1, "w": 7, "m": 30, "y": 365}
_SEPARATORS = r"[\s\-_/,.()+]+"


def _names(knowledge: Knowledge) -> re.Pattern[str]:
    def build() -> re.Pattern[str]:
        aliases = sorted(knowledge.alias_targets(), key=len, reverse=True)
        body = "|".join(_SEPARATORS.join(map(re.escape, a.split())) for a in aliases)
        return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")

    return compiled(knowledge, "medicine names", build)


def medicine_words(knowledge: Knowledge) -> list[str]:
    """Every word of every medicine name, for the spelling corrector."""
    return [word for alias in knowledge.alias_targets() for word in alias.split()]


def read_medicines(reading: Reading, knowledge: Knowledge, context: Context) -> None:
    text = reading.text
    for found in _names(knowledge).finditer(text.low):
        match = knowledge.match_medication(found.group(0))
        if match is None:  # pragma: no cover - the pattern is made of the knowledge's names
            continue
        status = context.status(text, found.start(), found.end(), [])
        start, end = text.sentence_of(found.start())
        before = text.low[max(start, found.start() - 45) : found.start()]
        after = text.low[found.end() : min(end, found.end() + 30)]
        change = _change(before, after)
        if status is Status.ABSENT and change != "stopped":
            change = (
                "stopped" if re.search(r"\bno longer\b|\bnot (?:on|taking)\b", before) else change
            )
            if change != "stopped":
                text.use(found.start(), found.end())
                continue
        steps = _FROM_TO.search(after)
        bare = _BARE_DOSE.match(after)
        dose = _dose(after) or _dose(before[-12:]) or (float(bare.group("n")) if bare else None)
        to = read_number(steps.group("b")) if steps is not None else None
        if to is not None and change in ("increased", "decreased"):
            dose = to[0]  # the dose it went to
        if bare is not None:
            text.use(found.end() + bare.start("n"), found.end() + bare.end("n"))
        days = _days_ago(text.low[start:end])
        quote = text.quote(max(start, found.start() - len(before)), found.end())
        reading.medicines.append(
            MedicineMention(
                found.group(0), match.name, change, dose, days, text.quote(*found.span())
            )
        )
        text.use(found.start(), found.end())
        _use_around(reading, max(start, found.start() - 45), min(end, found.end() + 30))
        recent = days is None or days <= RECENT_DAYS
        if (change not in ("taking", "dose") and recent) or (change == "dose" and days == 0):
            # (a dose taken today of something not taken every day is new to the body too)
            # Started, raised, lowered or stopped in the last weeks: a changed medicine.
            reading.signs.append(SignMention(Symptom.NEW_MEDICATION, Status.PRESENT, quote))
        if change == "stopped" and recent and any(c.id == "sedative" for c in match.classes):
            reading.signs.append(SignMention(Symptom.STOPPED_HEAVY_DRINKING, Status.PRESENT, quote))


_FROM_TO = re.compile(rf"\bfrom (?P<a>{NUMBER})\s*(?:mg)? to (?P<b>{NUMBER})\b")
# "took 2 sumatriptan today": a dose just taken, not a medicine taken every day
_ONE_OFF = re.compile(r"\b(?:took|taken|had|popped|swallowed)\b")
_USUAL = re.compile(r"\b(?:usual|normal|regular|daily|every (?:day|morning|night)|as always)\b")


def _change(before: str, after: str) -> Change:
    steps = _FROM_TO.search(after) or _FROM_TO.search(before)
    if steps is not None:
        low, high = read_number(steps.group("a")), read_number(steps.group("b"))
        if low is not None and high is not None and low[0] != high[0]:
            return "increased" if high[0] > low[0] else "decreased"
    for change, pattern in _CHANGES:
        if pattern.search(before) or pattern.search(after):
            return change
    if _ONE_OFF.search(before[-25:]) and not _USUAL.search(before + after):
        return "dose"
    return "taking"


def _use_around(reading: Reading, start: int, end: int) -> None:
    """The words that said what happened to a medicine, its dose and when are understood."""
    text = reading.text
    patterns = [pattern for _, pattern in _CHANGES] + [_DOSE, _AGO, _FROM_TO, _ONE_OFF, _USUAL]
    patterns += [pattern for pattern, _ in _SINCE]
    patterns.append(re.compile(r"\b(?:on|taking|take|takes|took|using|it|my|the|to)\b"))
    for pattern in patterns:
        for found in pattern.finditer(text.low, start, end):
            text.use(*found.span())


# "citalopram 20", "Prozac 40": a number right after the name is its dose in mg
_BARE_DOSE = re.compile(
    r"^\s*(?P<n>\d{1,4}(?:\.\d+)?)(?!\s*(?:%|x\b|times|days?|weeks?|months?|years?|hours?|mins?|ml|mcg|g\b|tablets?|pills?|puffs?))\b"
)


def _dose(text: str) -> float | None:
    found = _DOSE.search(text)
    if found is None:
        return None
    number = read_number(found.group("n"))
    if number is None:
        return None
    unit = found.group("u")
    return number[0] * (1000.0 if unit == "g" else 0.001 if unit in ("mcg", "µg") else 1.0)


def _days_ago(sentence: str) -> int | None:
    found = _AGO.search(sentence)
    if found is not None:
        number = read_number(found.group("n"))
        if number is not None:
            return round(number[0] * _DAYS_IN[found.group("u")[0]])
    for pattern, days in _SINCE:
        if pattern.search(sentence):
            return days
    return None
