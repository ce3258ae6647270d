"""``/api/v1/shares``: read-only links to the report for a doctor (issue 19).

A link is made for 1 to 31 days, with or without the diary's free text; its token is shown once
(only its SHA-256 is kept). ``DELETE`` revokes it; ``/views`` lists when it was opened.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from twitchwise.services.sharing import create_share, share_url
from twitchwise.storage.shares import LONGEST_DAYS, SHORTEST_DAYS
from twitchwise.web.state import here

router = APIRouter(prefix="/shares", tags=["shares"])


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    days: Annotated[int, Field(ge=SHORTEST_DAYS, le=LONGEST_DAYS)] = 7
    with_notes: bool = Field(
        default=False, description="show the diary's free text (notes, details) too"
    )


class ShareCreated(BaseModel):
    id: int
    url: str = Field(description="the link, shown this once: only its hash is kept")
    expires_at: datetime
    with_notes: bool


class ShareOut(BaseModel):
    id: int
    with_notes: bool
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    state: str = Field(description="active, expired or revoked")
    views: int
    last_view_at: datetime | None


class ShareViewOut(BaseModel):
    at: datetime
    what: str = Field(description="page or pdf")
    network: str | None = Field(description="the IPv4 /24 or IPv6 /48 it came from")
    device: str | None


@router.post("", status_code=201, response_model=ShareCreated, summary="Make a share link")
def create(body: ShareCreate, request: Request) -> ShareCreated:
    web = here(request)
    now = web.web.clock.now(UTC)
    share_id, token = create_share(
        web.web.store, web.owner, body.days, now, with_notes=body.with_notes
    )
    with web.web.store.shares() as shares:
        info = next(s for s in shares.of(web.owner) if s.id == share_id)
    return ShareCreated(
        id=share_id,
        url=share_url(str(request.base_url), token),
        expires_at=info.expires_at,
        with_notes=info.with_notes,
    )


@router.get("", response_model=list[ShareOut], summary="List the share links")
def listed(request: Request) -> list[ShareOut]:
    web = here(request)
    now = web.web.clock.now(UTC)
    with web.web.store.shares() as shares:
        found = shares.of(web.owner)
    return [
        ShareOut(
            id=s.id,
            with_notes=s.with_notes,
            created_at=s.created_at,
            expires_at=s.expires_at,
            revoked_at=s.revoked_at,
            state=s.state(now),
            views=s.views,
            last_view_at=s.last_view_at,
        )
        for s in found
    ]


@router.get("/{share_id}/views", response_model=list[ShareViewOut], summary="When it was opened")
def views(share_id: int, request: Request) -> list[ShareViewOut]:
    web = here(request)
    with web.web.store.shares() as shares:
        found = shares.views(web.owner, share_id)
    return [ShareViewOut(at=v.at, what=v.what, network=v.network, device=v.device) for v in found]


# POST, not DELETE: a revoked link is not gone (the list shows it, revoked, and when it was
# opened stays readable for its owner); it only stops opening.
@router.post("/{share_id}/revoke", status_code=204, summary="Revoke a share link")
def revoke(share_id: int, request: Request) -> Response:
    web = here(request)
    with web.web.store.shares() as shares:
        shares.revoke(web.owner, share_id, web.web.clock.now(UTC))
    return Response(status_code=204)
