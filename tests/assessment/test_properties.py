"""Properties over any request: never under-triage; wrong input is refused naming the field."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.assessment.expected_levels import MINIMUM_LEVEL
from tests.strategies import requests
from twitchwise.assessment import assess, parse_request
from twitchwise.domain.assessment import FactorStatus, FamilyId
from twitchwise.domain.episodes import Symptom
from twitchwise.domain.errors import InputError
from twitchwise.knowledge import Knowledge, load_knowledge

KNOWLEDGE = load_knowledge()


@settings(max_examples=300, deadline=None)
@given(requests)
def test_the_level_is_at_least_what_every_flag_and_every_symptom_demands(
    data: dict[str, Any],
) -> None:
    result = assess(parse_request(data), KNOWLEDGE)
    level = result.triage.level
    for flag in result.triage.flags:
        assert level.rank >= flag.level.rank
    for symptom in data["episode"].get("symptoms", []):
        assert level.rank >= MINIMUM_LEVEL[Symptom(symptom)].rank, symptom
    if result.triage.flags:
        assert level is max((f.level for f in result.triage.flags), key=lambda lv: lv.rank)


@settings(max_examples=200, deadline=None)
@given(requests)
def test_every_result_is_complete_sourced_and_repeatable(data: dict[str, Any]) -> None:
    request = parse_request(data)
    result = assess(request, KNOWLEDGE)
    assert result == assess(request, KNOWLEDGE)
    assert {factor.id for factor in result.factors} == set(FamilyId)
    scores = [f.score for f in result.factors]
    assert scores == sorted(scores, reverse=True)
    for factor in result.factors:
        assert factor.sources, factor.id
        assert all(s in KNOWLEDGE.sources for s in factor.sources)
        if factor.status is FactorStatus.UNKNOWN:
            assert factor.score == 0 and factor.evidence == ()
    for flag in result.triage.flags:
        assert flag.sources and all(s in KNOWLEDGE.sources for s in flag.sources)
        assert "{" not in flag.why
    assert all("{" not in step for step in result.plan)
    assert result.disclaimer and result.knowledge_version == KNOWLEDGE.version


@settings(max_examples=100, deadline=None)
@given(requests)
def test_a_request_survives_a_json_round_trip(data: dict[str, Any]) -> None:
    request = parse_request(json.dumps(data))
    assert parse_request(request.model_dump_json(exclude_none=True)) == request


# --- invalid requests ---------------------------------------------------------------------------

# (path, bad value, words the reason must contain)
BREAKAGES: list[tuple[tuple[str, ...], Any, str]] = [
    (("episode", "kind"), "tremor", "must be one of"),
    (("episode", "intensity"), 11, "at most 10"),
    (("episode", "intensity"), -1, "at least 0"),
    (("episode", "intensity"), "6", "whole number"),
    (("episode", "intensity"), 6.5, "whole number"),
    (("episode", "pain"), True, "whole number"),
    (("episode", "duration_minutes"), -3, "at least 0"),
    (("episode", "duration_minutes"), "long", "must be a number"),
    (("episode", "started_at"), "2026-11-20T23:40:00", "UTC offset"),
    (("episode", "started_at"), "yesterday", "date and time"),
    (("episode", "body_sites"), ["elbow"], "must be one of"),
    (("episode", "symptoms"), "numbness", "must be a list"),
    (("episode", "colour"), "red", "not a field"),
    (("person", "age_years"), 130, "at most 120"),
    (("person", "sex"), "unknown", "must be one of"),
    (("person", "pregnant"), "yes", "true or false"),
    (("context", "sleep_hours_last_night"), 25, "at most 24"),
    (("context", "caffeine_mg_last_24h"), -5, "at least 0"),
    (("context", "stress_0_10"), 11, "at most 10"),
    (("context", "sweating"), "lots", "must be one of"),
    (("context", "hot_environment"), 1, "true or false"),
    (("context", "medications"), [{"name": ""}], "must not be empty"),
    (("context", "medications"), [{"dose_mg_per_day": 5}], "is required"),
    (("context", "daily_intake"), {"zinc_mg": 5}, "not a field"),
    (("context", "exertion"), {"rpe": 12}, "at most 10"),
]


def _broken(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(data)
    node = broken
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return broken


@settings(max_examples=200, deadline=None)
@given(requests, st.sampled_from(BREAKAGES))
def test_any_invalid_request_is_refused_naming_the_field(
    data: dict[str, Any], breakage: tuple[tuple[str, ...], Any, str]
) -> None:
    path, value, words = breakage
    broken = _broken(data, path, value)
    with pytest.raises(InputError) as caught:
        parse_request(broken)
    named = [p for p in caught.value.problems if p.field.startswith(".".join(path))]
    assert named, f"{caught.value.problems} does not name {'.'.join(path)}"
    assert any(words in p.reason for p in named), named
    with pytest.raises(InputError):
        parse_request(json.dumps(broken))


def test_the_episode_kind_is_required() -> None:
    with pytest.raises(InputError) as caught:
        parse_request({"episode": {}})
    assert caught.value.field == "episode.kind"
    assert caught.value.reason == "is required"


def test_pregnancy_with_male_sex_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_request({"person": {"sex": "male", "pregnant": True}, "episode": {"kind": "cramp"}})
    assert caught.value.field == "person"
    assert "only possible when sex is female" in caught.value.reason


def test_broken_json_is_refused_with_where_it_broke() -> None:
    with pytest.raises(InputError) as caught:
        parse_request('{"episode": {"kind": "twitch",}}')
    assert "JSON" in caught.value.reason


def test_a_list_item_is_named_with_its_index(knowledge: Knowledge) -> None:
    with pytest.raises(InputError) as caught:
        parse_request({"episode": {"kind": "twitch", "body_sites": ["calf", "elbow"]}})
    assert caught.value.field == "episode.body_sites[1]"
