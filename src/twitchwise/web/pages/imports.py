"""Import: upload a file, watch its progress live (htmx polls a small fragment), then the
summary. The import itself runs in the background job queue, never inside the request."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from twitchwise.domain.errors import InputError
from twitchwise.imports.jobs import UploadTooLarge, job_json
from twitchwise.imports.pipeline import KINDS
from twitchwise.web.forms import by_field
from twitchwise.web.pages.render import is_htmx, page
from twitchwise.web.state import here
from twitchwise.web.uploads import submit, upload_from

router = APIRouter()


def _form(request: Request, errors: dict[str, str], status: int = 200) -> HTMLResponse:
    return page(request, "import.html", active="/import", kinds=KINDS, errors=errors, status=status)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    return _form(request, {})


@router.post("/import", response_model=None)
async def upload(request: Request) -> Response:
    """The form's file, read here (after the person is known: ``web/limits.py``)."""
    try:
        found, kind = await upload_from(request)
        if found is None:
            raise InputError("file", "choose a file to import")
        job = await run_in_threadpool(submit, request, found, kind)
    except InputError as error:
        return _form(request, by_field(error.problems), status=422)
    except UploadTooLarge as error:
        return _form(request, {"file": error.reason}, status=413)
    return RedirectResponse(f"/import/{job.id}", status_code=303)


@router.get("/import/{job_id}", response_class=HTMLResponse)
def job_page(job_id: str, request: Request) -> HTMLResponse:
    person = here(request)
    job = job_json(person.web.jobs.get(job_id, person.owner))
    template = "_import_progress.html" if is_htmx(request) else "import_job.html"
    return page(request, template, active="/import", job=job)
