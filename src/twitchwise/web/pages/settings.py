"""Settings: the person (zone, sex, birth year, pregnancy), the medicine list, and the way to the
moderation queue of the guide's discussion."""

from __future__ import annotations

import zoneinfo
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from twitchwise.domain.errors import InputError, input_error_from_validation
from twitchwise.domain.journal import CourseKind, EntryKind, EntryRef, MedicationCourse
from twitchwise.domain.time import zone as zone_named
from twitchwise.web.forms import RowId, by_field, fields_of, nested
from twitchwise.web.pages.render import page
from twitchwise.web.state import here

router = APIRouter()


@cache
def zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _settings_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    web = here(request)
    with web.read() as journal:
        profile = journal.profile()
        courses = journal.courses()
    context.setdefault("profile_values", profile.model_dump(mode="json", exclude_none=True))
    context.setdefault("profile_errors", {})
    context.setdefault("course_values", {})
    context.setdefault("course_errors", {})
    return page(
        request,
        "settings.html",
        active="/settings",
        status=status,
        courses=courses,
        zones=zone_names(),
        course_kinds=[k.value for k in CourseKind],
        today=web.now().date(),
        moderates=not web.web.settings.accounts or profile.name in web.web.settings.moderators,
        **context,
    )


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    return _settings_page(request)


@router.post("/settings/profile", response_model=None)
async def save_profile(request: Request) -> Response:
    fields = await fields_of(request)
    data, problems = nested(fields)
    changes = {name: data.get(name) for name in ("time_zone", "sex", "birth_year", "pregnant")}
    try:
        if problems:
            raise InputError.from_problems(problems)
        zone_named(str(changes["time_zone"] or ""))
        with here(request).write() as journal:
            journal.set_profile(changes)
    except InputError as error:
        values = dict(fields)
        return _settings_page(
            request, 422, profile_values=values, profile_errors=by_field(error.problems)
        )
    return RedirectResponse("/settings?saved=profile", status_code=303)


@router.post("/settings/medications", response_model=None)
async def add_medication(request: Request) -> Response:
    fields = await fields_of(request)
    data, problems = nested(fields)
    try:
        if problems:
            raise InputError.from_problems(problems)
        try:
            course = MedicationCourse.model_validate(data)
        except ValidationError as error:
            raise input_error_from_validation(error.errors()) from None
        with here(request).write() as journal:
            journal.add(course)
    except InputError as error:
        values = dict(fields)
        return _settings_page(
            request, 422, course_values=values, course_errors=by_field(error.problems)
        )
    return RedirectResponse("/settings?saved=medicine", status_code=303)


@router.post("/settings/medications/{course_id}/stop", response_model=None)
def stop_medication(course_id: RowId, request: Request) -> Response:
    web = here(request)
    with web.write() as journal:
        journal.update(EntryRef(EntryKind.MEDICATION, course_id), {"stopped_on": web.now().date()})
    return RedirectResponse("/settings?saved=medicine", status_code=303)


@router.post("/settings/medications/{course_id}/delete", response_model=None)
def delete_medication(course_id: RowId, request: Request) -> Response:
    with here(request).write() as journal:
        journal.delete(EntryRef(EntryKind.MEDICATION, course_id))
    return RedirectResponse("/settings?deleted=medicine", status_code=303)
