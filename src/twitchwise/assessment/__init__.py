"""The assessment of one episode (SPEC section 2): pure, deterministic, no I/O.

    assess(request, knowledge) -> AssessmentResult

reads the request once into a ``Situation``, runs one evaluator per cause family, raises the
warning-sign flags, and orders a plan. ``parse_request`` turns untrusted JSON or a mapping into a
request, raising ``InputError`` that names the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from twitchwise.assessment.factors import evaluate_factors
from twitchwise.assessment.plan import make_plan
from twitchwise.assessment.questions import open_questions
from twitchwise.assessment.situation import Situation
from twitchwise.assessment.triage import triage
from twitchwise.domain.assessment import AssessmentRequest, AssessmentResult
from twitchwise.domain.errors import input_error_from_validation
from twitchwise.knowledge import Knowledge, load_knowledge


def assess(request: AssessmentRequest, knowledge: Knowledge | None = None) -> AssessmentResult:
    """Assess one episode: contributing families, triage level and a personal plan."""
    knowledge = knowledge or load_knowledge()
    situation = Situation.build(request, knowledge)
    questions = open_questions(request.episode, knowledge)
    decision = triage(situation, knowledge, questions)
    factors = evaluate_factors(situation, knowledge, decision.flags)
    return AssessmentResult(
        triage=decision,
        factors=factors,
        plan=make_plan(decision, factors, situation, knowledge),
        disclaimer=knowledge.disclaimer,
        knowledge_version=knowledge.version,
        open_questions=questions,
    )


def parse_request(data: str | bytes | Mapping[str, Any]) -> AssessmentRequest:
    """Validate untrusted input; raise ``InputError`` naming each wrong field."""
    try:
        if isinstance(data, str | bytes):
            return AssessmentRequest.model_validate_json(data)
        return AssessmentRequest.model_validate(data)
    except ValidationError as error:
        raise input_error_from_validation(error.errors()) from None


__all__ = ["assess", "parse_request"]
