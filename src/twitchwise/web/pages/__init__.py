"""The server-rendered pages, one module per page; htmx for the parts that change in place."""

from fastapi import APIRouter

from twitchwise.web.pages import check, dashboard, guide, imports, log, report, settings, triggers

router = APIRouter(include_in_schema=False)
for module in (dashboard, check, triggers, log, imports, report, settings, guide):
    router.include_router(module.router)
