"""A deliberately broken API for the control in tests/test_api_schema.py: people create items
with their bearer token, and anyone may read anyone's item (the bug schemathesis must catch)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

PEOPLE = {"alice-token": "alice", "bob-token": "bob"}
app = FastAPI(title="leaky")
bearer = HTTPBearer()
ITEMS: dict[int, tuple[str, str]] = {}


def person(credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]) -> str:
    found = PEOPLE.get(credentials.credentials)
    if found is None:
        raise HTTPException(401, "unknown token")
    return found


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    text: Annotated[str, Field(min_length=1, max_length=50)]


class ItemOut(BaseModel):
    id: int
    text: str


@app.post("/items", status_code=201, response_model=ItemOut)
def create(item: ItemIn, who: Annotated[str, Depends(person)]) -> ItemOut:
    ITEMS[len(ITEMS) + 1] = (who, item.text)
    return ItemOut(id=len(ITEMS), text=item.text)


@app.get("/items/{item_id}", response_model=ItemOut, responses={404: {"description": "none"}})
def read(item_id: int, who: Annotated[str, Depends(person)]) -> ItemOut:
    if item_id not in ITEMS:
        raise HTTPException(404, "no such item")
    return ItemOut(id=item_id, text=ITEMS[item_id][1])  # the bug: never asks whose it is
