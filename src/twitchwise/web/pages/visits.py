"""A doctor's visit, from the log page: the form's POST and the delete button beside each
visit listed there."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from twitchwise.domain.errors import FieldProblem, InputError, input_error_from_validation
from twitchwise.domain.journal import DoctorVisit, EntryKind, EntryRef
from twitchwise.web.forms import RowId, by_field, fields_of, nested, raw
from twitchwise.web.pages.log import log_page_with
from twitchwise.web.state import here

router = APIRouter()


@router.post("/visits", response_model=None)
async def add_visit(request: Request) -> Response:
    fields = await fields_of(request)
    web = here(request)
    data, problems = nested(fields)
    visit: DoctorVisit | None = None
    try:
        visit = DoctorVisit.model_validate(data)
    except ValidationError as error:
        problems.extend(input_error_from_validation(error.errors()).problems)
    if visit is not None and visit.on > web.now(web.zone()).date():
        problems.append(FieldProblem("on", "is in the future: record a visit once it happened"))
    try:
        if problems or visit is None:
            raise InputError.from_problems(problems)
        with web.write() as journal:
            entry = journal.add(visit)
    except InputError as error:
        values = raw(fields, frozenset())
        return log_page_with(
            request, status=422, form="visit", values=values, errors=by_field(error.problems)
        )
    return RedirectResponse(f"/log?saved=v{entry.id}", status_code=303)


@router.post("/visits/{visit_id}/delete", response_model=None)
def delete_visit(visit_id: RowId, request: Request) -> Response:
    with here(request).write() as journal:
        journal.delete(EntryRef(EntryKind.VISIT, visit_id))
    return RedirectResponse(f"/log?deleted=v{visit_id}", status_code=303)
