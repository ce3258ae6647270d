"""``POST /api/v1/assessments``: a request of SPEC section 2 in, its assessment out; or a
person's own words (``text``), with any structured fields beside them (those win), answered in
the same shape plus what was understood."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from twitchwise.assessment import assess
from twitchwise.assessment.from_text import check_text
from twitchwise.domain.assessment import (
    AssessmentContext,
    AssessmentRequest,
    AssessmentResult,
    History,
    Person,
)
from twitchwise.domain.episodes import Episode
from twitchwise.domain.errors import InputError, input_error_from_validation
from twitchwise.services.checks import check_episode, check_json
from twitchwise.web.api.entries import EntryId
from twitchwise.web.api.schemas import partial
from twitchwise.web.state import here, web_of

router = APIRouter(tags=["assessments"])

EpisodeFields = partial(Episode, "EpisodeFields")


class AssessmentBody(BaseModel):
    """SPEC section 2's request, or ``text``: what happened in the person's own words. With
    ``text`` every other field is optional, and a field given wins over the words (a warning
    sign present in either is present); without it, ``episode.kind`` is required."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Field(min_length=1, max_length=5000)] | None = None
    person: Person | None = None
    episode: EpisodeFields | None = None  # type: ignore[valid-type]
    context: AssessmentContext | None = None
    history: History | None = None


# async: assess() is pure and takes a fraction of a millisecond, cheaper than a hop to the thread
# pool. The result is already a validated model, so it is written out once, not re-validated
# against the response model (which stays for the OpenAPI description).
@router.post("/assessments", response_model=AssessmentResult)
async def create_assessment(body: AssessmentBody, request: Request) -> Response:
    """Assess one episode: the triage level first, then likely factors with sources, and a plan.
    With ``text``: also ``understood``, ``from_words``, ``not_understood`` and ``assumed``."""
    knowledge = web_of(request).knowledge
    given = _given(body.model_dump(mode="json", exclude_unset=True, exclude={"text"}))
    if body.text is not None:
        checked = check_text(body.text, here(request).now(), knowledge, given)
        return Response(_json(checked.as_json()), media_type="application/json")
    if not given.get("episode", {}).get("kind"):
        raise InputError("episode.kind", "is required (or describe it in text)")
    try:
        request_model = AssessmentRequest.model_validate(given)
    except ValidationError as error:
        raise input_error_from_validation(error.errors()) from None
    result = assess(request_model, knowledge)
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/episodes/{entry_id}/assessment", summary="Check a diary episode")
def episode_assessment(entry_id: EntryId, request: Request) -> dict[str, Any]:
    """A diary episode checked with the context and history the diary holds: exactly
    ``twitchwise check --episode e12 --json`` (the result and ``from_journal``)."""
    web = web_of(request)
    with here(request).read() as journal:
        checked = check_episode(journal, entry_id, web.knowledge)
    return check_json(checked)


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields the caller gave, a ``null`` anywhere counting as not given (the partial
    model lets every field be null; the request's own model does not)."""
    return {
        key: _given(value) if isinstance(value, dict) else value
        for key, value in fields.items()
        if value is not None
    }


def _json(payload: object) -> str:
    import json

    return json.dumps(payload, ensure_ascii=False)
