"""The server-rendered pages, one module per page; htmx for the parts that change in place.

The dashboard's router is included by ``create_app`` itself, ahead of the API."""

from fastapi import APIRouter

from twitchwise.web.pages import check, guide, imports, log, report, settings, triggers

router = APIRouter(include_in_schema=False)
for module in (check, triggers, log, imports, report, settings, guide):
    router.include_router(module.router)
