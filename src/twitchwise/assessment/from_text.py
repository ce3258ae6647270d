"""An assessment request from a person's own words, with any structured fields given beside
them: the structured fields win, except that a warning sign present in either is present (a
form cannot un-say "my arm went weak")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from twitchwise.assessment import assess
from twitchwise.domain.assessment import AssessmentRequest, AssessmentResult, Flag, TriageLevel
from twitchwise.domain.errors import input_error_from_validation
from twitchwise.knowledge import Knowledge
from twitchwise.understanding import Understanding, understand


@dataclass(frozen=True)
class FromText:
    understanding: Understanding
    request: AssessmentRequest
    dropped: tuple[str, ...]  # fields read from the text that no request may hold (age 140)


def request_from_text(
    text: str, now: datetime, knowledge: Knowledge, given: Mapping[str, Any] | None = None
) -> FromText:
    understood = understand(text, now, knowledge)
    data = understood.request()
    if given:
        _check_given(given)
        data = merge(data, given)
    request, dropped = _valid(data)
    return FromText(understood, request, dropped)


def _check_given(given: Mapping[str, Any]) -> None:
    """Structured fields are checked on their own: a wrong one is the caller's mistake."""
    try:
        AssessmentRequest.model_validate(merge({"episode": {"kind": "twitch"}}, given))
    except ValidationError as error:
        raise input_error_from_validation(error.errors()) from None


def merge(understood: dict[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` over ``understood``, object by object; symptom lists joined."""
    merged = dict(understood)
    for key, value in given.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(dict(merged[key]), value)
        else:
            merged[key] = value
    episode = merged.get("episode")
    if isinstance(episode, dict):
        present = _joined(understood.get("episode", {}), given.get("episode", {}), "symptoms")
        absent = _joined(understood.get("episode", {}), given.get("episode", {}), "symptoms_absent")
        if present:
            episode["symptoms"] = present
        if absent:
            episode["symptoms_absent"] = [sign for sign in absent if sign not in present]
    return merged


def _joined(first: Any, second: Any, key: str) -> list[Any]:
    items: list[Any] = []
    for source in (first, second):
        if isinstance(source, Mapping) and isinstance(source.get(key), list):
            items.extend(source[key])
    return list(dict.fromkeys(items))


def _valid(data: dict[str, Any]) -> tuple[AssessmentRequest, tuple[str, ...]]:
    """The request, leaving out any field the text gave an impossible value ("I'm 150"); a
    structured field that is wrong is the caller's mistake and raises as usual."""
    dropped: list[str] = []
    for _ in range(20):
        try:
            return AssessmentRequest.model_validate(data), tuple(dropped)
        except ValidationError as error:
            first = error.errors()[0]
            path = [str(part) for part in first["loc"] if not isinstance(part, int)]
            if not path or not _remove(data, path):
                raise input_error_from_validation(error.errors()) from None
            dropped.append(".".join(path))
    raise input_error_from_validation([])  # pragma: no cover - 20 fields are never all wrong


def _remove(data: dict[str, Any], path: list[str]) -> bool:
    node: Any = data
    for key in path[:-1]:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    if not isinstance(node, dict) or path[-1] not in node or path == ["episode", "kind"]:
        return False
    del node[path[-1]]
    return True


@dataclass(frozen=True)
class TextCheck:
    """A check of a person's words: what was understood, and the assessment."""

    built: FromText
    result: AssessmentResult

    def as_json(self) -> dict[str, Any]:
        """The result's documented shape plus what the words gave (docs/cli.md, `--text`)."""
        understood = self.built.understanding
        payload = self.result.model_dump(mode="json")
        payload["understood"] = self.built.request.model_dump(mode="json", exclude_defaults=True)
        payload["assumed"] = list(understood.assumed)
        payload["from_words"] = [
            {"field": f.field, "value": _plain(f.value), "words": f.quote, "estimate": f.estimate}
            for f in understood.facts
        ] + [
            {"field": f"episode.{m.status.value}_signs", "value": m.sign.value, "words": m.quote}
            for m in understood.mentions
        ]
        payload["not_understood"] = list(understood.not_understood)
        payload["english"] = understood.english
        if self.built.dropped:
            payload["dropped"] = list(self.built.dropped)
        return payload


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def check_text(
    text: str, now: datetime, knowledge: Knowledge, given: Mapping[str, Any] | None = None
) -> TextCheck:
    """Assess what ``text`` says (with any structured fields beside it). A text twitchwise could
    not read (another language) calls for a person who can: a doctor, at least, and an
    ambulance if its emergency words were found."""
    built = request_from_text(text, now, knowledge, given)
    result = assess(built.request, knowledge)
    if not built.understanding.english:
        result = _not_read(result, knowledge)
    return TextCheck(built, result)


def _not_read(result: AssessmentResult, knowledge: Knowledge) -> AssessmentResult:
    if result.triage.level.rank >= TriageLevel.SEE_DOCTOR.rank:
        return result
    level = TriageLevel.SEE_DOCTOR
    flag = Flag(
        id="not_read",
        level=level,
        why=(
            "twitchwise reads English only for now, so it could not check what you wrote. Please "
            "describe it to a doctor or a pharmacist; if anyone has trouble breathing or speaking, "
            "a drooping face, a fit, or chest pain, call an ambulance now."
        ),
        sources=("GEN-NHS-111",),
    )
    triage = result.triage.model_copy(
        update={
            "level": level,
            "action": knowledge.levels[level].action,
            "flags": (flag, *result.triage.flags),
            "provisional": True,
        }
    )
    return result.model_copy(update={"triage": triage, "plan": (triage.action,)})
