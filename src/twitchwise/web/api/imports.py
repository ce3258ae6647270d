"""``POST /api/v1/imports`` (a file: Apple Health, Health Connect, Fitbit, CSV, backup or FHIR)
and ``GET /api/v1/imports/{id}`` (its progress, then its summary). The import runs in the
background."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from twitchwise.domain.errors import InputError
from twitchwise.imports.jobs import UploadTooLarge, job_json
from twitchwise.web.state import here
from twitchwise.web.uploads import multipart_body, submit, too_large, upload_from

router = APIRouter(prefix="/imports", tags=["imports"])
KIND_HELP = (
    "apple-health, health-connect, fitbit, csv, backup or fhir; by default from the file name "
    "(.xml, .db, .csv, .json: a FHIR Bundle when its resourceType says so, else a backup) and, for "
    ".zip, its first member (a .db: health-connect; Takeout/: fitbit; else apple-health)"
)
FORM = multipart_body(KIND_HELP)
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"description": "the file is larger than the upload limits allow"}
}


@router.post("", status_code=202, openapi_extra=FORM, responses=TOO_LARGE)
async def start_import(request: Request) -> Any:
    """Queue an import and answer at once with its id; poll ``GET /imports/{id}``.

    multipart/form-data: ``file`` (the file to import), optional ``kind``."""
    upload, kind = await upload_from(request)
    if upload is None:
        raise InputError("file", "choose a file to import")
    try:
        job = await run_in_threadpool(submit, request, upload, kind)
    except UploadTooLarge as error:
        return too_large(error)
    return job_json(job)


@router.get("/{job_id}")
def read_import(job_id: str, request: Request) -> dict[str, Any]:
    """Progress (bytes or rows done of the total, records read and kept), then the summary."""
    person = here(request)
    return job_json(person.web.jobs.get(job_id, person.owner))
