"""The error tree: one InputError per mistake, with every field and reason, in calm words."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from twitchwise.domain.assessment import AssessmentRequest
from twitchwise.domain.errors import (
    ConflictError,
    FieldProblem,
    InputError,
    NotFoundError,
    StorageError,
    TwitchwiseError,
    input_error_from_validation,
)


def test_every_error_twitchwise_raises_on_purpose_is_a_twitchwise_error() -> None:
    for kind in (InputError, NotFoundError, ConflictError, StorageError):
        assert issubclass(kind, TwitchwiseError)
    assert issubclass(NotFoundError, InputError) and issubclass(ConflictError, InputError)


def test_an_input_error_keeps_every_problem_in_order() -> None:
    error = InputError.from_problems(
        [FieldProblem("episode.pain", "must be at most 10"), FieldProblem("kind", "is required")]
    )
    assert (error.field, error.reason) == ("episode.pain", "must be at most 10")
    assert str(error) == "episode.pain: must be at most 10; kind: is required"
    with pytest.raises(ValueError, match="at least one problem"):
        InputError.from_problems([])


def test_validation_errors_become_plain_reasons_at_dotted_fields() -> None:
    request = {"episode": {"kind": "tremble", "pain": 14, "body_sites": ["calf", 3]}, "x": 1}
    with pytest.raises(ValidationError) as raised:
        AssessmentRequest.model_validate(request)
    error = input_error_from_validation(raised.value.errors())
    problems = {problem.field: problem.reason for problem in error.problems}
    assert problems["episode.kind"] == "must be one of: twitch, cramp or spasm"
    assert problems["episode.pain"] == "must be at most 10"
    assert problems["x"] == "is not a field twitchwise knows; check the spelling"
    assert "episode.body_sites[1]" in problems


def test_a_prefix_names_where_the_fields_are() -> None:
    error = input_error_from_validation([{"loc": ("dose",), "type": "missing"}], prefix="body")
    assert (error.field, error.reason) == ("body.dose", "is required")
