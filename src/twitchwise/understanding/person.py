"""Who it is about, in their words: age ("I'm 67", "34F", "in my 40s", "my 15yo son"), sex,
pregnancy ("30 weeks pregnant"), breastfeeding, and long-term conditions (kidney disease...)."""

from __future__ import annotations

import re

from twitchwise.knowledge.model_words import Words
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
    r"(?:^|(?<=[\s,.;:!?(]))(?:(?:my|me|our|the)\s+)?"
    r"(?:(?P<n>\d{1,2})\s*(?:yo|y/o|year[- ]old|yr[- ]old|-year-old)?\s*)?"
    r"(?P<r>sons?|daughters?|dad|daddy|father|mum|mummy|mom|mommy|mother|husband|wife|hubby|"
    r"boyfriend|girlfriend|partner|brother|sister|grandad|grandpa|grandma|nan|nana|granny|"
    r"grandson|granddaughter|uncle|aunt|auntie|nephew|niece|boy|girl|lad|teenager|kid|child|"
    r"mate|flatmate|friend|colleague|neighbour|neighbor|fianc[eé]e?)"
    r"(?:\s*\((?P<n3>\d{1,3})\))?"
    r"(?P<v>'s\b|\s+(?:is\s+(?P<n2>\d{1,3})\b)?|\s+\w+)"
)
# The writer speaking of their own body or age: a relative named after this is not the patient.
_SELF = re.compile(
    r"\b(?:(?:i'?m|i am|im) (?:a |only )?\d|(?:i'?m|i am) (?:\d+ weeks )?pregnant|"
    r"my (?:left |right |own )?(?:calf|calves|legs?|feet|foot|toes?|eyes?|eyelids?|arms?|hands?|"
    r"fingers?|thighs?|hamstrings?|muscles?|back|neck|stomach|tummy|face|lips?|jaw|thumbs?|quads?|"
    r"bum|whole body)|i (?:get|keep getting|have|'?ve got|had|'?ve had|woke up with) "
    r"(?:\w+ )?(?:cramp|twitch|spasm|jerk))\w*"
)
_OBJECT = re.compile(r"\b(?:with|to|for|from|about|at|by|and|than|of|like)\s+$")
_FEMALE_RELATIVES = {"daughter", "daughters", "mum", "mummy", "mom", "mommy", "mother", "wife"}
_FEMALE_RELATIVES |= {"girlfriend", "sister", "grandma", "nan", "nana", "granny", "girl"}
_FEMALE_RELATIVES |= {"granddaughter", "aunt", "auntie", "niece", "fiancee", "fiancée"}
_MALE_RELATIVES = {"son", "sons", "dad", "daddy", "father", "husband", "hubby", "boyfriend"}
_MALE_RELATIVES |= {"brother", "grandad", "grandpa", "boy", "grandson", "uncle", "nephew", "lad"}
_MALE_RELATIVES |= {"fiance", "fiancé"}
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
    (
        re.compile(
            r"\b(?:my period|my periods|menopaus\w*|my pill|my smear|my pms|my pmt|on the pill|"
            r"(?:might|could|may) be pregnant|possibly pregnant)\b"
        ),
        "female",
    ),
    (re.compile(r"\b(?:dad|father) of (?:one|two|three|four|\d)\b"), "male"),
)
_POSSIBLY_PREGNANT = re.compile(
    r"\b(?:might|could|may) be pregnant|possibly pregnant|period (?:is |"
    r"was )?(?:\w+ ){0,3}(?:late|overdue)"
    r"|missed (?:my |a )?period|pregnancy test|not sure if i'?m pregnant\b"
)
_HE = re.compile(r"\b(?:he|him|his|he's|himself)\b")
_SHE = re.compile(r"\b(?:she|her|hers|she's|herself)\b")
_PREGNANT = re.compile(
    r"\b(?:(?P<w>\d{1,2})\s*(?:weeks?|wks?)\s*(?:pregnant|along|gestation|with (?:my|our) "
    r"(?:first|second|third|fourth|\d\w*|baby|bump))|pregnan(?:t|cy)|"
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


def _relative(reading: Reading, found: re.Match[str], he: int, she: int) -> None:
    who = found.group("r")
    match = reading.text.match(found.start("r"), found.end("r"))
    if who in _FEMALE_RELATIVES:
        reading.add("person.sex", "female", match)
    elif who in _MALE_RELATIVES:
        reading.add("person.sex", "male", match)
    elif (he or she) and not (he and she):
        reading.add("person.sex", "male" if he else "female", match)
    age = found.group("n") or found.group("n2") or found.group("n3")
    if age and 0 < int(age) <= 110:
        reading.add("person.age_years", int(age), match)
    elif who == "teenager":
        reading.add("person.age_years", 15, match, estimate=True)


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
    self_at = _SELF.search(text.low)
    for found in _RELATIVE.finditer(text.low):
        if self_at is not None and self_at.start() < found.start():
            continue  # "I'm 71 ... my brother had a bypass": family history, not the patient
        if _OBJECT.search(text.low, max(0, found.start() - 12), found.start()):
            continue  # "after sex with my husband": someone beside the person, not them
        _relative(reading, found, he, she)
        break  # the first person named is the one it is about
    if self_at is None and (he or she) and not (he and she):
        # about someone else throughout ("Lad on site had heat cramps ... he's no better")
        first = (_HE if he else _SHE).search(text.low)
        if first is not None:
            reading.add("person.sex", "male" if he else "female", text.match(*first.span()))
    for pattern, sex in _SEX:
        for found in pattern.finditer(text.low):
            reading.add("person.sex", sex, text.match(*found.span()))
