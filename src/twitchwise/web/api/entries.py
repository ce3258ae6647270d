"""``/api/v1/episodes``, ``/api/v1/exposures``, ``/api/v1/medications`` and ``/api/v1/visits``:
list, create, read, change and delete diary entries. The resources differ only in their models,
so one function builds each router.

No ``from __future__ import annotations`` here: FastAPI reads the handlers' annotations at run
time, and they name the models passed to ``_entry_router``.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import AfterValidator, BaseModel

from twitchwise.domain.exposures import ExposureType
from twitchwise.domain.journal import EntryKind, EntryRef
from twitchwise.domain.time import DiaryTime
from twitchwise.storage.reading import Cursor
from twitchwise.web.api import schemas
from twitchwise.web.forms import existing_id
from twitchwise.web.state import here

MOST = 10_000
EntryId = Annotated[int, Path(ge=1, description="the entry's id"), AfterValidator(existing_id)]
Since = Annotated[DiaryTime | None, Query(description="only entries from this time on")]
Until = Annotated[DiaryTime | None, Query(description="only entries up to this time")]
Limit = Annotated[int, Query(ge=1, le=MOST, description="at most this many, newest first")]
CursorWord = Annotated[
    str | None,
    Query(
        max_length=200,
        description="the next page: the cursor of the Link header (rel=next) of the page before",
    ),
]
LINK_HEADER = {
    "description": 'the next page, when there is one: `</api/v1/...?cursor=...>; rel="next"`',
    "schema": {"type": "string"},
}


def _entry_router(
    path: str,
    kind: EntryKind,
    create: type[BaseModel],
    update: type[BaseModel],
    out: type[BaseModel],
) -> APIRouter:
    router = APIRouter(prefix=path, tags=[path.strip("/")])
    word = path.strip("/").removesuffix("s")

    @router.post("", status_code=201, response_model=out, summary=f"Add a {word}")
    def add(body: create, request: Request) -> Any:  # type: ignore[valid-type]
        with here(request).write() as journal:
            return journal.add(body)

    @router.get("/{entry_id}", response_model=out, summary=f"Read a {word}")
    def read(entry_id: EntryId, request: Request) -> Any:
        with here(request).read() as journal:
            return journal.get(EntryRef(kind, entry_id))

    @router.patch("/{entry_id}", response_model=out, summary=f"Change a {word}")
    def change(entry_id: EntryId, body: update, request: Request) -> Any:  # type: ignore[valid-type]
        changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        with here(request).write() as journal:
            return journal.update(EntryRef(kind, entry_id), changes)

    @router.delete("/{entry_id}", status_code=204, summary=f"Delete a {word}")
    def remove(entry_id: EntryId, request: Request) -> Response:
        with here(request).write() as journal:
            journal.delete(EntryRef(kind, entry_id))
        return Response(status_code=204)

    @router.get(
        "",
        response_model=list[out],  # type: ignore[valid-type]
        summary=f"List {word}s, newest first, a page at a time",
        responses={200: {"headers": {"Link": LINK_HEADER}}},
    )
    def listed(
        request: Request,
        response: Response,
        since: Since = None,
        until: Until = None,
        limit: Limit = 1000,
        cursor: CursorWord = None,
        type: Annotated[
            list[ExposureType] | None, Query(description="exposures only: these types")
        ] = None,
    ) -> Any:
        after = None if cursor is None else Cursor.parse(cursor)
        types = (type or []) if kind is EntryKind.EXPOSURE else []
        timeless = kind in (EntryKind.MEDICATION, EntryKind.VISIT)  # listed by id
        window = {} if timeless else {"since": since, "until": until}
        with here(request).read() as journal:
            page = journal.page(kind, limit, after, types=types, **window)
        if page.next is not None:
            target = request.url.include_query_params(cursor=page.next.word())
            response.headers["link"] = f'<{target.path}?{target.query}>; rel="next"'
        return page.entries

    return router


router = APIRouter()
router.include_router(
    _entry_router(
        "/episodes",
        EntryKind.EPISODE,
        schemas.EpisodeCreate,
        schemas.EpisodeUpdate,
        schemas.EpisodeOut,
    )
)
router.include_router(
    _entry_router(
        "/exposures",
        EntryKind.EXPOSURE,
        schemas.ExposureCreate,
        schemas.ExposureUpdate,
        schemas.ExposureOut,
    )
)
router.include_router(
    _entry_router(
        "/medications",
        EntryKind.MEDICATION,
        schemas.MedicationCreate,
        schemas.MedicationUpdate,
        schemas.MedicationOut,
    )
)
router.include_router(
    _entry_router(
        "/visits", EntryKind.VISIT, schemas.VisitCreate, schemas.VisitUpdate, schemas.VisitOut
    )
)
