"""The JSON API under ``/api/v1`` (SPEC section 6), one module per resource."""

from fastapi import APIRouter

from twitchwise.web.api import (
    assessments,
    entries,
    experiments,
    exports,
    imports,
    reminders,
    report,
    sample,
    shares,
    triggers,
)

router = APIRouter()
for module in (
    assessments,
    entries,
    triggers,
    imports,
    exports,
    report,
    sample,
    shares,
    reminders,
    experiments,
):
    router.include_router(module.router)
