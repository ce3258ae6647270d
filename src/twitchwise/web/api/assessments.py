"""``POST /api/v1/assessments``: a request of SPEC section 2 in, its assessment out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from twitchwise.assessment import assess
from twitchwise.domain.assessment import AssessmentRequest, AssessmentResult
from twitchwise.web.state import web_of

router = APIRouter(tags=["assessments"])


# async: assess() is pure and takes a fraction of a millisecond, cheaper than a hop to the thread
# pool. The result is already a validated model, so it is written out once, not re-validated
# against the response model (which stays for the OpenAPI description).
@router.post("/assessments", response_model=AssessmentResult)
async def create_assessment(body: AssessmentRequest, request: Request) -> Response:
    """Assess one episode: the triage level first, then likely factors with sources, and a plan."""
    result = assess(body, web_of(request).knowledge)
    return Response(result.model_dump_json(), media_type="application/json")
