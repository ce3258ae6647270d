"""``GET /api/v1/triggers``: the trigger analysis, exactly as ``twitchwise triggers --json``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from twitchwise.domain.triggers import TriggerReport
from twitchwise.web.state import here

router = APIRouter(tags=["triggers"])


@router.get("/triggers", response_model=TriggerReport)
def read_triggers(request: Request) -> TriggerReport:
    """Which exposures came before your episodes more often than chance, with the counts."""
    return here(request).triggers()
