"""``/api/v1/sample``: how many entries are the demo's samples, and removing exactly those."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from twitchwise.services.demo import remove_demo
from twitchwise.web.state import here

router = APIRouter(prefix="/sample", tags=["sample"])


class SampleOut(BaseModel):
    entries: int  # how many entries are the demo's samples


class SampleRemoved(BaseModel):
    removed: int
    kept: int  # the person's own entries, left as they were
    profile_cleared: bool  # the profile the demo set, cleared because it was unchanged


@router.get("", response_model=SampleOut, summary="Count the sample entries")
def count(request: Request) -> Any:
    with here(request).read() as journal:
        return SampleOut(entries=journal.sample_count())


@router.delete("", response_model=SampleRemoved, summary="Remove the sample entries")
def remove(request: Request) -> Any:
    web = here(request)
    removed = remove_demo(web.web.store, web.now(), owner=web.owner)
    return SampleRemoved(
        removed=removed.entries, kept=removed.kept, profile_cleared=removed.profile_cleared
    )
