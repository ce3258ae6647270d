"""``/api/v1/experiments``: a personal experiment (issue 21), as ``twitchwise experiment``.

``GET proposal?change=`` says before starting what the length would be and its power from the
person's own diary; ``POST`` starts one (the app draws the schedule); ``GET current`` is where
it stands; ``POST current/days`` records a day's adherence; ``GET current/result``,
``POST current/stop`` and ``GET current/report.pdf`` read, end and report it. ``current`` is the
running experiment, or else the one started last. Every POST honours ``Idempotency-Key``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from twitchwise.domain.experiments import Change, DesignKind
from twitchwise.domain.time import DiaryDay
from twitchwise.services import experiment_days as days
from twitchwise.services.experiment_json import (
    ExperimentOut,
    ProposalOut,
    RecordedOut,
    ResultOut,
    StartedOut,
    StatusOut,
    experiment_out,
    proposal_out,
    recorded_out,
    result_out,
    started_out,
    status_out,
)
from twitchwise.services.experiments import proposal, schedule_of, start
from twitchwise.web.state import here

router = APIRouter(prefix="/experiments", tags=["experiments"])


class ExperimentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    change: Annotated[Change, Field(strict=False)]
    design: Annotated[DesignKind | None, Field(strict=False)] = None
    weeks: Annotated[int | None, Field(ge=1, le=52, description="default: the proposed")] = None
    start: Annotated[
        DiaryDay | None, Field(strict=False, description="its first day; default tomorrow")
    ] = None


class DayCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    followed: bool
    date: Annotated[
        DiaryDay | None, Field(strict=False, description="a past day of it; default today")
    ] = None


@router.get("/proposal", response_model=ProposalOut, summary="What an experiment would take")
def read_proposal(
    request: Request,
    change: Annotated[Change, Query()],
    design: Annotated[DesignKind | None, Query()] = None,
    weeks: Annotated[int | None, Query(ge=1, le=52)] = None,
) -> ProposalOut:
    web = here(request)
    today = web.now().date()
    return proposal_out(proposal(web.web.store, web.owner, change, today, design, weeks))


@router.post("", status_code=201, response_model=StartedOut, summary="Start an experiment")
def create(body: ExperimentCreate, request: Request) -> StartedOut:
    web = here(request)
    made = start(
        web.web.store,
        web.owner,
        body.change,
        web.now(),
        design=body.design,
        weeks=body.weeks,
        first_day=body.start,
    )
    return started_out(made)


@router.get("/current", response_model=StatusOut, summary="Where the experiment stands")
def current(request: Request) -> StatusOut:
    web = here(request)
    return status_out(days.status(web.web.store, web.owner, web.now()))


@router.post("/current/days", status_code=201, response_model=RecordedOut, summary="Record a day")
def record(body: DayCreate, request: Request) -> RecordedOut:
    web = here(request)
    day: date | None = body.date
    return recorded_out(days.record_day(web.web.store, web.owner, body.followed, web.now(), day))


@router.get("/current/result", response_model=ResultOut, summary="What it found")
def read_result(request: Request) -> ResultOut:
    web = here(request)
    experiment, found = days.result(web.web.store, web.owner, web.now())
    return result_out(experiment, found)


@router.post("/current/stop", response_model=ExperimentOut, summary="End it now")
def stop(request: Request) -> ExperimentOut:
    web = here(request)
    ended = days.stop(web.web.store, web.owner, web.now())
    return experiment_out(ended, schedule_of(ended.plan).days[-1].day)


@router.get(
    "/current/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
    summary="The one-page report for the doctor",
)
def read_report(request: Request) -> Response:
    web = here(request)
    pdf = days.report_pdf(web.web.store, web.owner, web.now())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": 'attachment; filename="twitchwise-experiment.pdf"'},
    )
