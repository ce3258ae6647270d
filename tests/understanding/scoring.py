"""Scoring the reading of people's own words against the corpus (tests/understanding/corpus):
field-level precision and recall, triage in range / under / over, and the cause families found.

A field the corpus leaves out means "the text does not say": a value read for it counts against
precision. Numbers may be a value (within 15%) or an inclusive [low, high] range.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from twitchwise.assessment.from_text import TextCheck, check_text
from twitchwise.domain.assessment import FactorStatus, TriageLevel
from twitchwise.knowledge import Knowledge

CORPUS = Path(__file__).resolve().parent / "corpus" / "descriptions.jsonl"
# Friday 4 December 2026, 18:00 in London: "since monday" is 4 days.
NOW = datetime(2026, 12, 4, 18, 0, tzinfo=ZoneInfo("Europe/London"))
_CONTEXT = {
    "exertion_activity": "context.exertion.activity",
    "exertion_minutes": "context.exertion.minutes",
}
_SCALARS = ("kind", "sides", "context", "duration_minutes", "persisting_days")
_SCALARS += ("episodes_per_week", "intensity", "pain")


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Tally:
    right: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    produced: Counter[str] = field(default_factory=Counter)
    triage: Counter[str] = field(default_factory=Counter)
    under: list[str] = field(default_factory=list)
    over: list[str] = field(default_factory=list)
    families_expected: int = 0
    families_found: int = 0
    cases: int = 0

    def score(self, name: str, expected: bool, produced: bool, right: bool) -> None:
        self.expected[name] += expected
        self.produced[name] += produced
        self.right[name] += right and expected and produced

    def precision(self, name: str | None = None) -> float:
        keys = [name] if name else list(self.produced)
        produced = sum(self.produced[k] for k in keys)
        return sum(self.right[k] for k in keys) / produced if produced else 1.0

    def recall(self, name: str | None = None) -> float:
        keys = [name] if name else list(self.expected)
        expected = sum(self.expected[k] for k in keys)
        return sum(self.right[k] for k in keys) / expected if expected else 1.0


def matches(value: Any, expected: Any) -> bool:
    if (
        isinstance(expected, list)
        and expected
        and all(isinstance(x, int | float) for x in expected)
        and len(expected) == 2
        and not isinstance(value, list)
    ):
        return isinstance(value, int | float) and expected[0] <= value <= expected[1]
    if isinstance(expected, list) and not isinstance(value, list):
        return value in expected
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    if isinstance(expected, int | float):
        return isinstance(value, int | float) and abs(value - expected) <= max(
            0.15 * abs(expected), 0.5
        )
    if isinstance(expected, str) and isinstance(value, str):
        return expected.lower() in value.lower() or value.lower() in expected.lower()
    return bool(value == expected)


def _get(request: dict[str, Any], path: str) -> Any:
    node: Any = request
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def score_case(case: dict[str, Any], knowledge: Knowledge, tally: Tally) -> TextCheck:
    """Score one case through ``check_text``, the path ``check --text --json`` takes."""
    checked = check_text(case["text"], NOW, knowledge)
    built = checked.built
    request = built.request.model_dump(mode="json", exclude_defaults=True)
    understood = built.understanding
    expect = case["expect"]
    tally.cases += 1
    stated = {fact.field for fact in understood.facts}
    for name in _SCALARS:
        path = f"episode.{name}"
        produced = path in stated or (name == "kind" and "episode.kind" in stated)
        value = _get(request, path)
        tally.score(name, name in expect, produced, name in expect and matches(value, expect[name]))
    _score_sets(tally, "body_sites", expect.get("body_sites"), _get(request, "episode.body_sites"))
    _score_sets(tally, "symptoms", expect.get("symptoms"), [s.value for s in understood.present])
    _score_sets(
        tally,
        "symptoms_absent",
        expect.get("symptoms_absent"),
        [s.value for s in understood.ruled_out],
    )
    _score_mapping(tally, "person", expect.get("person", {}), request.get("person", {}))
    facts = expect.get("context_facts", {})
    for name in ("sleep_hours_last_night", "caffeine_mg_last_24h", "water_ml_last_24h",
                 "alcohol_units_last_24h", "sweating", "hot_environment", "stress_0_10",
                 "exertion_activity", "exertion_minutes"):  # fmt: skip
        path = _CONTEXT.get(name, f"context.{name}")
        value = _get(request, path)
        tally.score(
            name, name in facts, value is not None, name in facts and matches(value, facts[name])
        )
    _score_medicines(tally, expect.get("medications", []), checked, knowledge)
    if expect.get("not_english"):
        tally.score("not_english", True, not understood.english, not understood.english)
    elif not understood.english:
        tally.score("not_english", False, True, False)
    _score_triage(case, checked, tally)
    return checked


def _score_sets(
    tally: Tally, name: str, expected: list[str] | None, produced: list[str] | None
) -> None:
    want, got = set(expected or ()), set(produced or ())
    tally.expected[name] += len(want)
    tally.produced[name] += len(got)
    tally.right[name] += len(want & got)


def _score_mapping(
    tally: Tally, prefix: str, expected: dict[str, Any], produced: dict[str, Any]
) -> None:
    for key in {*expected, *produced}:
        if key == "conditions":
            _score_sets(tally, f"{prefix}.conditions", expected.get(key), produced.get(key))
            continue
        name = f"{prefix}.{key}"
        ok = key in expected and key in produced and matches(produced[key], expected[key])
        tally.score(name, key in expected, key in produced, ok)


def _score_medicines(
    tally: Tally, expected: list[dict[str, Any]], checked: TextCheck, knowledge: Knowledge
) -> None:
    def identity(name: str) -> str:
        match = knowledge.match_medication(name)
        return match.name.lower() if match is not None else name.lower()

    want = {identity(m["name"]) for m in expected}
    got = {identity(m.name) for m in checked.built.understanding.medicines}
    tally.expected["medications"] += len(want)
    tally.produced["medications"] += len(got)
    tally.right["medications"] += len(want & got)


def _score_triage(case: dict[str, Any], checked: TextCheck, tally: Tally) -> None:
    result = checked.result
    level = result.triage.level
    low, high = TriageLevel(case["triage"]["min"]), TriageLevel(case["triage"]["max"])
    if level.rank < low.rank:
        tally.triage["under"] += 1
        tally.under.append(f"{case['id']} {level.value} < {low.value}: {case['text'][:90]}")
    elif level.rank > high.rank:
        tally.triage["over"] += 1
        tally.over.append(f"{case['id']} {level.value} > {high.value}: {case['text'][:90]}")
    else:
        tally.triage["in range"] += 1
    found = {
        f.id.value
        for f in result.factors
        if f.status in (FactorStatus.LIKELY, FactorStatus.POSSIBLE)
    }
    tally.families_expected += len(case["families"])
    tally.families_found += len(set(case["families"]) & found)
