"""An upload's form, read by the route itself (after ``identify``, so nobody's body is read
before they are known, and ``limits.py`` can hold it to the person's share as it arrives).

The file goes to ``ImportJobs.submit`` under a name the app makes; the name the person gave is
kept only for showing, with control characters taken out.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from twitchwise.domain.errors import FieldProblem, InputError
from twitchwise.imports.jobs import UploadTooLarge
from twitchwise.storage.jobs import JobState
from twitchwise.web.errors import error_body
from twitchwise.web.plain_input import check_file_name
from twitchwise.web.state import here


def multipart_body(kind_help: str) -> dict[str, Any]:
    """The upload's form for the OpenAPI description (the route reads it itself)."""
    fields = {
        "file": {"type": "string", "format": "binary", "description": "the file to import"},
        "kind": {"type": "string", "description": kind_help},
    }
    schema = {"type": "object", "required": ["file"], "properties": fields}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


async def upload_from(request: Request) -> tuple[UploadFile | None, str]:
    """The form's file (None when there is none) and its ``kind``."""
    try:
        form = await request.form(max_files=1, max_fields=4)
    except Exception:  # not multipart, or a broken one
        raise InputError("file", "send the file as multipart/form-data (field: file)") from None
    found = form.get("file")
    kind = form.get("kind")
    upload = found if isinstance(found, UploadFile) and found.filename else None
    return upload, kind if isinstance(kind, str) else ""


def submit(request: Request, upload: UploadFile, kind: str) -> JobState:
    """Queue the upload's import for the person the request is for; UploadTooLarge past the
    file's limit or their share (the routes answer 413); InputError for a name holding a control
    character (a NUL would reach the database)."""
    check_file_name(upload.filename)
    person = here(request)
    return person.web.jobs.submit(
        upload.file, upload.filename or "upload", kind or None, person.owner
    )


def too_large(error: UploadTooLarge) -> JSONResponse:
    return JSONResponse(error_body([FieldProblem("file", error.reason)]), status_code=413)
