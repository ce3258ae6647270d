"""``POST /api/v1/imports`` (a file: Apple Health, CSV, backup or FHIR) and ``GET
/api/v1/imports/{id}`` (its progress, then its summary). The import runs in the background."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from twitchwise.imports.jobs import job_json
from twitchwise.web.plain_input import check_file_name
from twitchwise.web.state import here

router = APIRouter(prefix="/imports", tags=["imports"])
KIND_HELP = (
    "apple-health, csv, backup or fhir; by default from the file name (.zip/.xml, .csv, .json: "
    "a FHIR Bundle when its resourceType says so, else a backup)"
)


@router.post("", status_code=202)
def start_import(
    request: Request,
    file: Annotated[UploadFile, File(description="the file to import")],
    kind: Annotated[str | None, Form(description=KIND_HELP)] = None,
) -> dict[str, Any]:
    """Queue an import and answer at once with its id; poll ``GET /imports/{id}``."""
    person = here(request)
    check_file_name(file.filename)
    job = person.web.jobs.submit(file.file, file.filename or "upload", kind or None, person.owner)
    return job_json(job)


@router.get("/{job_id}")
def read_import(job_id: str, request: Request) -> dict[str, Any]:
    """Progress (bytes or rows done of the total, records read and kept), then the summary."""
    person = here(request)
    return job_json(person.web.jobs.get(job_id, person.owner))
