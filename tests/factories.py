"""Plain builders for tests: a valid request with only what a test cares about."""

from __future__ import annotations

from typing import Any

from twitchwise.assessment import parse_request
from twitchwise.domain.assessment import AssessmentRequest


def request_dict(
    *,
    person: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    **episode: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {"episode": {"kind": "twitch", **episode}}
    if person is not None:
        data["person"] = person
    if context is not None:
        data["context"] = context
    return data


def make_request(
    *,
    person: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    **episode: Any,
) -> AssessmentRequest:
    """``make_request(kind="cramp", context={"sleep_hours_last_night": 5})``"""
    return parse_request(request_dict(person=person, context=context, **episode))
