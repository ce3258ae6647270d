"""``POST /api/v1/assessments``: a request of SPEC section 2 in, its assessment out."""

from __future__ import annotations

from fastapi import APIRouter, Request

from twitchwise.assessment import assess
from twitchwise.domain.assessment import AssessmentRequest, AssessmentResult
from twitchwise.web.state import web_of

router = APIRouter(tags=["assessments"])


# async: assess() is pure and takes under a millisecond, cheaper than a hop to the thread pool.
@router.post("/assessments", response_model=AssessmentResult)
async def create_assessment(body: AssessmentRequest, request: Request) -> AssessmentResult:
    """Assess one episode: the triage level first, then likely factors with sources, and a plan."""
    return assess(body, web_of(request).knowledge)
