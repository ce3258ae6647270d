"""The server-rendered pages, one module per page; htmx for the parts that change in place.

The dashboard's router is included by ``create_app`` itself, ahead of the API; so are the
guide's and the account's, which are partly open to people who are not signed in."""

from fastapi import APIRouter

from twitchwise.web.pages import (
    check,
    check_words,
    experiment,
    imports,
    log,
    phone,
    reminders,
    report,
    sample,
    settings,
    triggers,
    visits,
)

router = APIRouter(include_in_schema=False)
for module in (
    check,
    check_words,
    triggers,
    log,
    visits,
    phone,
    imports,
    report,
    sample,
    settings,
    reminders,
    experiment,
):
    router.include_router(module.router)
