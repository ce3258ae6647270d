"""`twitchwise check` without a file: the questions, warning signs first, every one skippable.

Each answer is checked against the same models as a JSON request, so a wrong answer is re-asked
with the reason, never accepted and refused later.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from twitchwise.domain.assessment import (
    AssessmentContext,
    Condition,
    DailyIntake,
    Exertion,
    Person,
    Sex,
    Sweating,
    TriageLevel,
    medicines_from_text,
)
from twitchwise.domain.episodes import (
    BodySite,
    Episode,
    EpisodeContext,
    EpisodeKind,
    Side,
    Symptom,
)
from twitchwise.domain.errors import input_error_from_validation
from twitchwise.knowledge import Knowledge
from twitchwise.understanding import answers

Ask = Callable[[str], str]
Say = Callable[[str], None]


class Skip(Exception):
    """The person pressed Enter: leave the field out."""


class EndOfInput(Exception):
    """Input ran out (Ctrl-D or a closed pipe): stop asking and assess what we have."""


def _number(text: str, units: dict[str, float] | None = None) -> float:
    match = re.fullmatch(r"\s*(-?\d+(?:[.,]\d+)?)\s*([a-zA-Zµ%]*)\s*", text)
    if match is None:
        raise ValueError("please type a number")
    value = float(match.group(1).replace(",", "."))
    unit = match.group(2).lower()
    if not unit:
        return value
    if units is None or unit not in units:
        allowed = ", ".join(sorted(units)) if units else "none"
        raise ValueError(f"unknown unit {unit!r} (units understood: {allowed})")
    return value * units[unit]


def _whole(text: str) -> int:
    value = _number(text)
    if not value.is_integer():
        raise ValueError("please type a whole number")
    return int(value)


def _choice(options: Sequence[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        word = text.strip().lower().replace(" ", "_")
        if word.isdigit() and 1 <= int(word) <= len(options):
            return options[int(word) - 1]
        matches = [option for option in options if option.startswith(word)]
        if word in options:
            return word
        if len(matches) == 1:
            return matches[0]
        raise ValueError("choose one of: " + ", ".join(options))

    return parse


def _choices(options: Sequence[str]) -> Callable[[str], list[str]]:
    one = _choice(options)

    def parse(text: str) -> list[str]:
        return [one(part) for part in re.split(r"[,\s]+", text.strip()) if part]

    return parse


def _listed(options: Sequence[str]) -> Callable[[str], list[str]]:
    """Several choices that may be more than one word, separated by commas or 'and'."""
    one = _choice(options)

    def parse(text: str) -> list[str]:
        return [one(part) for part in re.split(r"[,;/]|\band\b", text) if part.strip()]

    return parse


def _yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in {"y", "yes"}:
        return True
    if word in {"n", "no"}:
        return False
    raise ValueError("please answer y or n")


# Which model checks each part of the request; the extra keys fill what the model requires.
_MODELS: dict[tuple[str, ...], tuple[type[BaseModel], dict[str, Any]]] = {
    ("person",): (Person, {}),
    ("episode",): (Episode, {"kind": "twitch"}),
    ("context",): (AssessmentContext, {}),
    ("context", "exertion"): (Exertion, {}),
    ("context", "daily_intake"): (DailyIntake, {}),
}


@dataclass(frozen=True)
class Question:
    path: tuple[str, ...]
    prompt: str
    parse: Callable[[str], Any]
    hint: str = ""

    def check(self, value: Any) -> None:
        """Raise ValueError with the model's own reason if ``value`` would be refused."""
        model, base = _MODELS[self.path[:-1]]
        try:
            model.model_validate({**base, self.path[-1]: value})
        except ValidationError as error:
            raise ValueError(input_error_from_validation(error.errors()).reason) from None


def _options(enum: type[Any]) -> list[str]:
    return [member.value for member in enum]


EPISODE = (
    Question(
        ("episode", "kind"),
        "Was it a twitch, a cramp or a spasm?",
        _choice(_options(EpisodeKind)),
        "twitch / cramp / spasm; Enter means twitch",
    ),
    Question(
        ("episode", "body_sites"),
        "Where? (one or more, separated by commas)",
        _choices(_options(BodySite)),
        ", ".join(_options(BodySite)),
    ),
    Question(("episode", "sides"), "Which side?", _choice(_options(Side)), "left / right / both"),
    Question(
        ("episode", "context"),
        "What were you doing when it started?",
        _choice(_options(EpisodeContext)),
        ", ".join(_options(EpisodeContext)),
    ),
    Question(
        ("episode", "duration_minutes"),
        "How long did it last?",
        answers.minutes,
        "25 mins, half an hour, 'started 20 minutes ago, still going'",
    ),
    Question(("episode", "intensity"), "How strong, 0-10?", _whole),
    Question(("episode", "pain"), "How painful, 0-10?", _whole),
    Question(
        ("episode", "persisting_days"),
        "For how long has this been happening?",
        lambda text: int(answers.days(text)),
        "10 days, 3 weeks, a fortnight",
    ),
    Question(
        ("episode", "episodes_per_week"),
        "How often?",
        answers.per_week,
        "a number a week, every night, 3 times a day",
    ),
)

BEFORE = (
    Question(
        ("context", "exertion", "activity"),
        "Exercise or sex in the hours before: what was it?",
        str.strip,
        "for example sex, running, gym",
    ),
    Question(("context", "exertion", "minutes"), "For how many minutes?", _number),
    Question(
        ("context", "exertion", "rpe"),
        "How hard did it feel, 0-10?",
        _whole,
        "0 nothing, 3 moderate, 5 hard, 7 very hard, 10 maximal",
    ),
    Question(
        ("context", "sleep_hours_last_night"),
        "Hours of sleep last night?",
        answers.amount("h", "h"),
    ),
    Question(
        ("context", "caffeine_mg_last_24h"),
        "Caffeine in the last 24 h, in mg?",
        answers.amount("mg", "mg"),
        "mug of filter coffee ~140, espresso ~63, mug of tea ~75, can of cola ~40",
    ),
    Question(
        ("context", "water_ml_last_24h"),
        "Water and other drinks in the last 24 h?",
        answers.amount("ml", "ml"),
        "in ml, or add L: 1.5 L",
    ),
    Question(("context", "alcohol_units_last_24h"), "Units of alcohol in the last 24 h?", _number),
    Question(
        ("context", "sweating"), "Sweating?", _choice(_options(Sweating)), "none / light / heavy"
    ),
    Question(("context", "hot_environment"), "Were you somewhere hot?", _yes_no, "y / n"),
    Question(("context", "stress_0_10"), "Stress level, 0-10?", _whole),
)

PERSON = (
    Question(("person", "age_years"), "Your age in years?", _whole),
    Question(
        ("person", "sex"), "Sex (for reference intakes)?", _choice(_options(Sex)), "female / male"
    ),
    Question(("person", "pregnant"), "Are you pregnant?", _yes_no, "y / n"),
    Question(
        ("person", "possibly_pregnant"),
        "Could you be pregnant (a late period, not yet known)?",
        _yes_no,
        "y / n",
    ),
    Question(
        ("person", "conditions"),
        "Long-term conditions?",
        _listed(_options(Condition)),
        "kidney disease, heart failure, thyroid disease, diabetes, liver disease; Enter for none",
    ),
    Question(
        ("context", "medications"),
        "Medicines and supplements you take?",
        medicines_from_text,
        "names separated by commas or 'and', doses optional: furosemide, vitamin B6 50 mg",
    ),
)

INTAKE = (
    Question(("context", "daily_intake", "magnesium_mg"), "Magnesium per day, mg?", _number),
    Question(("context", "daily_intake", "potassium_mg"), "Potassium per day, mg?", _number),
    Question(("context", "daily_intake", "calcium_mg"), "Calcium per day, mg?", _number),
    Question(("context", "daily_intake", "vitamin_d_iu"), "Vitamin D per day, IU?", _number),
)


class Interview:
    """Asks the questions and builds the request as a JSON-like dict."""

    def __init__(self, ask: Ask, say: Say, knowledge: Knowledge) -> None:
        self._ask = ask
        self._say = say
        self._knowledge = knowledge
        self.request: dict[str, Any] = {"episode": {"kind": "twitch"}}
        self._said: set[tuple[str, ...]] = set()

    def _raw(self, prompt: str) -> str:
        try:
            return self._ask(prompt)
        except EOFError:
            raise EndOfInput from None

    def put(self, path: tuple[str, ...], value: Any) -> None:
        node = self.request
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value

    def question(self, question: Question) -> None:
        if question.path[:2] in self._said:
            return  # the person's own words already said it
        hint = f" [dim]({question.hint})[/dim]" if question.hint else ""
        while True:
            text = self._raw(f"{question.prompt}{hint} ")
            if not text.strip():
                return
            try:
                value = question.parse(text)
                question.check(value)
            except ValueError as error:
                self._say(f"[red]{error}[/red] (or press Enter to skip)")
                continue
            self.put(question.path, value)
            return

    def from_words(self, request: dict[str, Any]) -> None:
        """Start from what the person's own words already said (the understanding's request)."""
        for part, fields in request.items():
            self.request.setdefault(part, {}).update(fields)
            self._said.update((part, name) for name in fields)

    def warning_signs(self) -> list[Symptom]:
        """Any warning sign now? Most serious first, leaving out those the words already settled.
        Returns those chosen; the others shown are recorded as absent (the person was asked)."""
        episode = self.request.setdefault("episode", {})
        settled = {*episode.get("symptoms", ()), *episode.get("symptoms_absent", ())}
        signs = []
        for flag in sorted(self._knowledge.flags, key=lambda f: -f.level.rank):
            if flag.id in Symptom._value2member_map_ and flag.id not in settled:
                signs.append((Symptom(flag.id), flag.sign))
        if not signs:
            return [Symptom(s) for s in episode.get("symptoms", ())]
        self._say("[bold]First, do you have any of these now?[/bold]")
        for number, (_, sign) in enumerate(signs, start=1):
            self._say(f"  {number:>2}. {sign}")
        parse = _choices([symptom.value for symptom, _ in signs])
        while True:
            text = self._raw("Numbers separated by commas, or Enter for none: ")
            try:
                chosen = [Symptom(value) for value in parse(text)] if text.strip() else []
            except ValueError as error:
                self._say(f"[red]{error}[/red]")
                continue
            present = list(
                dict.fromkeys([*episode.get("symptoms", ()), *(s.value for s in chosen)])
            )
            absent = [s.value for s, _ in signs if s not in chosen]
            self.put(("episode", "symptoms"), present)
            self.put(("episode", "symptoms_absent"), [*episode.get("symptoms_absent", ()), *absent])
            return [Symptom(s) for s in present]

    def needs_emergency(self, chosen: Sequence[Symptom]) -> bool:
        levels = {flag.id: flag.level for flag in self._knowledge.flags}
        return any(levels.get(symptom.value) is TriageLevel.EMERGENCY for symptom in chosen)

    def details(self) -> None:
        self._say("\n[bold]About this episode[/bold]")
        for question in EPISODE:
            self.question(question)
        if self.request["episode"].get("context") == EpisodeContext.AFTER_SEX.value:
            self.put(("context", "exertion", "activity"), "sex")
        self._say("\n[bold]The hours before it[/bold]")
        for question in BEFORE:
            if question.path[-1] == "activity" and self._answered(question.path):
                continue
            self.question(question)
        self._say("\n[bold]About you[/bold]")
        for question in PERSON:
            if question.path[-1] == "pregnant" and not self._is_female():
                continue
            if question.path[-1] == "possibly_pregnant" and (
                not self._is_female() or self.request.get("person", {}).get("pregnant") is True
            ):
                continue
            self.question(question)
        answer = self._raw("Add estimated daily mineral intakes? [dim](y / n)[/dim] ")
        if answer.strip().lower() in {"y", "yes"}:
            for question in INTAKE:
                self.question(question)

    def _answered(self, path: tuple[str, ...]) -> bool:
        node: Any = self.request
        for key in path:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True

    def _is_female(self) -> bool:
        return bool(self.request.get("person", {}).get("sex") == Sex.FEMALE.value)
