"""Who it is about, in their words: age ("I'm 67", "34F", "in my 40s", "my 15yo son"), sex,
pregnancy ("30 weeks pregnant"), breastfeeding, and long-term conditions (kidney disease...)."""

from __future__ import annotations

import re

from twitchwise.knowledge.model import Words
from twitchwise.understanding.context import Context, Status
from twitchwise.understanding.patterns import compiled, named
from twitchwise.understanding.reading import Reading

_NOT_AN_AGE = (
    r"(?!\s*(?:mins?|minutes?|hours?|hrs?|h|weeks?|days?|months?|kg|lbs?|mg|ml|%|am|pm|cups?|"
    r"times?|x|miles?|km|k\b|/))"
)
_AGES = (
    re.compile(
        rf"\b(?:i'?m|i am|im|aged?|age:?|he'?s|she'?s|he is|she is|they'?re|they are)\s+"
        rf"(?P<n>\d{{1,3}}){_NOT_AN_AGE}\b(?:\s*(?:years?|yrs?|yo|y/o))?"
    ),
    re.compile(r"\b(?P<n>\d{1,3})\s*(?:yo|y/o|y\.o\.|yrs? old|years? old|year[- ]old|yr[- ]old)\b"),
    re.compile(r"(?<![\w/])(?P<n>\d{2})\s?(?P<s>[mf])\b(?!\s*(?:ile|in))"),
    re.compile(r"\((?P<s>[mf])\s?(?P<n>\d{2})\)|\b(?P<s2>[mf])(?P<n2>\d{2})\b"),
)
_DECADE = re.compile(r"\bin (?:my|his|her|their) (?P<e>early |mid |late )?(?P<d>[2-9]0)'?s\b")
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60}
_DECADE_WORDS |= {"seventies": 70, "eighties": 80, "nineties": 90}
_DECADE_WORD = re.compile(
    r"\bin (?:my|his|her) (?P<e>early |mid |late )?(?P<w>" + "|".join(_DECADE_WORDS) + r")\b"
)
_EARLY = {"early ": 2, "mid ": 5, "late ": 8, "": 5}
_RELATIVE = re.compile(
    r"\bmy (?:(?P<n>\d{1,2})\s*(?:yo|y/o|year[- ]old|yr[- ]old|-year-old)?\s*)?"
    r"(?P<r>son|daughter|dad|father|mum|mom|mother|husband|wife|boyfriend|girlfriend|partner|"
    r"brother|sister|grandad|grandpa|grandma|nan|granny|boy|girl|teenager|kid|child)"
    r"(?P<v>'s\b|\s+(?:has|have|gets|got|keeps|is|was|woke|complains|had|just|\w+ing\b))"
)
_FEMALE_RELATIVES = {"daughter", "mum", "mom", "mother", "wife", "girlfriend", "sister", "grandma"}
_FEMALE_RELATIVES |= {"nan", "granny", "girl"}
_MALE_RELATIVES = {"son", "dad", "father", "husband", "boyfriend", "brother", "grandad", "grandpa"}
_MALE_RELATIVES |= {"boy"}
_SEX = (
    (
        re.compile(
            r"\b(?:i'?m|i am|im) (?:a )?(?:\d+ ?(?:yo|year old) )?(?:woman|female|girl|lady|"
            r"mum|mother)\b"
        ),
        "female",
    ),
    (
        re.compile(
            r"\b(?:i'?m|i am|im) (?:a )?(?:\d+ ?(?:yo|year old) )?(?:man|male|guy|bloke|dad|"
            r"father)\b"
        ),
        "male",
    ),
    (re.compile(r"\b(?:my period|my periods|menopaus\w*|my pill|my smear)\b"), "female"),
)
_POSSIBLY_PREGNANT = re.compile(
    r"\b(?:might|could|may) be pregnant|possibly pregnant|period (?:is |"
    r"was )?(?:\w+ )?(?:late|overdue)"
    r"|missed (?:my |a )?period|pregnancy test|not sure if i'?m pregnant\b"
)
_HE = re.compile(r"\b(?:he|him|his|he's|himself)\b")
_SHE = re.compile(r"\b(?:she|her|hers|she's|herself)\b")
_PREGNANT = re.compile(
    r"\b(?:(?P<w>\d{1,2})\s*(?:weeks?|wks?)\s*(?:pregnant|along|gestation)|pregnan(?:t|cy)|"
    r"expecting a baby)\b"
)
_BREASTFEEDING = re.compile(
    r"\b(?:breast ?feeding|breastfeed|nursing (?:my |the )?baby|expressing milk)\b"
)


def read_person(reading: Reading, words: Words, context: Context) -> None:
    _read_age(reading)
    _read_sex(reading)
    _read_pregnancy(reading, context)
    _read_conditions(reading, words, context)


def _read_pregnancy(reading: Reading, context: Context) -> None:
    text = reading.text
    for found in _POSSIBLY_PREGNANT.finditer(text.low):
        reading.add("person.possibly_pregnant", True, text.match(*found.span()))
    for found in _PREGNANT.finditer(text.low):
        if text.is_used(found.start(), found.end()):
            continue
        status = context.status(text, found.start(), found.end(), [])
        if status is Status.PRESENT:
            reading.add("person.pregnant", True, text.match(*found.span()))
            reading.add("person.sex", "female", text.match(*found.span()))
        elif status is Status.ABSENT:
            reading.add("person.pregnant", False, text.match(*found.span()))
    for found in _BREASTFEEDING.finditer(text.low):
        if context.status(text, found.start(), found.end(), []) is Status.PRESENT:
            reading.add("person.breastfeeding", True, text.match(*found.span()))
            reading.add("person.sex", "female", text.match(*found.span()))


def _read_conditions(reading: Reading, words: Words, context: Context) -> None:
    text = reading.text
    conditions: list[str] = []
    first = None
    for value, pattern in compiled(words, "conditions", lambda: named(words.conditions.words)):
        for found in pattern.finditer(text.low):
            if context.status(text, found.start(), found.end(), []) is Status.PRESENT:
                conditions.append(value)
                first = first or text.match(*found.span())
                text.use(*found.span())
    if first is not None:
        reading.add("person.conditions", list(dict.fromkeys(conditions)), first)


def _read_age(reading: Reading) -> None:
    text = reading.text
    for pattern in _AGES:
        for found in pattern.finditer(text.low):
            groups = found.groupdict()
            number = groups.get("n") or groups.get("n2")
            if number is None or not 1 <= int(number) <= 110:
                continue
            match = text.match(*found.span())
            reading.add("person.age_years", int(number), match)
            sex = groups.get("s") or groups.get("s2")
            if sex:
                reading.add("person.sex", "female" if sex == "f" else "male", match)
    for found in _DECADE.finditer(text.low):
        age = int(found.group("d")) + _EARLY[found.group("e") or ""]
        reading.add("person.age_years", age, text.match(*found.span()), estimate=True)
    for found in _DECADE_WORD.finditer(text.low):
        age = _DECADE_WORDS[found.group("w")] + _EARLY[found.group("e") or ""]
        reading.add("person.age_years", age, text.match(*found.span()), estimate=True)


def _read_sex(reading: Reading) -> None:
    text = reading.text
    he, she = len(_HE.findall(text.low)), len(_SHE.findall(text.low))
    if (
        re.search(r"\bmy (?:partner|child|kid|teenager|friend)\b", text.low)
        and (he or she)
        and not (he and she)
    ):
        found = re.search(r"\bmy (?:partner|child|kid|teenager|friend)\b", text.low)
        if found is not None:
            reading.add("person.sex", "male" if he else "female", text.match(*found.span()))
    for found in _RELATIVE.finditer(text.low):
        who = found.group("r")
        match = text.match(found.start(), found.end("r"))
        if who in _FEMALE_RELATIVES:
            reading.add("person.sex", "female", match)
        elif who in _MALE_RELATIVES:
            reading.add("person.sex", "male", match)
        if found.group("n"):
            reading.add("person.age_years", int(found.group("n")), match)
        elif who in {"teenager"}:
            reading.add("person.age_years", 15, match, estimate=True)
    for pattern, sex in _SEX:
        for found in pattern.finditer(text.low):
            reading.add("person.sex", sex, text.match(*found.span()))
