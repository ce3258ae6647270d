"""``create_app(settings)``: the pages, the JSON API under ``/api/v1`` and the static files, on one
Store, with the error shape, the security headers and the same-origin check every app needs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from twitchwise import __version__
from twitchwise.imports.jobs import ImportJobs
from twitchwise.knowledge import load_knowledge
from twitchwise.services.reminders import Sender
from twitchwise.settings import Settings
from twitchwise.storage.store import Store
from twitchwise.web import errors, filters, guard, idempotency, limits, offline
from twitchwise.web.auth import csrf_checked, identify
from twitchwise.web.plain_input import plain_input
from twitchwise.web.state import Web

HERE = Path(__file__).parent


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """The whole web app on the journal ``settings`` names (or on ``store``, for tests)."""
    from twitchwise.web.api import router as api_router
    from twitchwise.web.api import shared, tokens
    from twitchwise.web.pages import account, dashboard, guide, phone, stop
    from twitchwise.web.pages import router as pages_router
    from twitchwise.web.pages import shared as shared_page

    store = store or Store.open(settings)
    templates = Jinja2Templates(directory=HERE / "templates")
    filters.install(templates.env)
    web = Web(
        settings=settings,
        store=store,
        knowledge=load_knowledge(),
        clock=settings.clock(),
        templates=templates,
        jobs=ImportJobs(
            store,
            settings.upload_dir,
            settings.clock(),
            max_bytes=settings.upload_max_bytes,
            max_bytes_per_person=settings.upload_max_bytes_per_person,
        ),
        reminders=Sender(store, settings, settings.clock()),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.import_worker:
            web.jobs.start()  # the import worker, once the app serves (not when merely built)
        if settings.reminders:
            web.reminders.start()  # one sender per process; the database's claim keeps it once
        yield
        web.reminders.close()
        web.jobs.close()

    app = FastAPI(
        title="twitchwise",
        version=__version__,
        summary="Why do my legs twitch or cramp? Answers from your own data.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
        dependencies=[Depends(plain_input)],
    )
    app.state.web = web
    errors.install(app)
    offline.install(app)
    idempotency.install(app)  # inside the size limits: a body too large never claims a key
    limits.install(app, settings)  # inside the guard: a refused origin is refused first
    guard.install(app, accounts=settings.accounts)
    # The busiest addresses first: this FastAPI matches routes in order, at a cost per route.
    # Everything but signing in, the guide and its replies is for a signed-in person when
    # accounts are on.
    # In local mode there is no one to identify: the routes carry no dependency at all (each
    # costs every request tens of microseconds).
    protected = [Depends(identify), Depends(csrf_checked)] if settings.accounts else []
    app.include_router(dashboard.router, include_in_schema=False, dependencies=protected)
    app.include_router(phone.public)  # the manifest, icons and worker: fetched before sign-in
    app.include_router(
        api_router,
        prefix="/api/v1",
        dependencies=[*protected, Depends(idempotency.idempotent)],
        responses=idempotency.with_key_errors(errors.API_ERRORS),
    )
    app.include_router(tokens.router, prefix="/api/v1", responses=errors.API_ERRORS)
    # A share link's token is its own key: no session needed (and none accepted instead).
    app.include_router(shared.router, prefix="/api/v1", responses=errors.API_ERRORS)
    app.include_router(shared_page.router)
    app.include_router(stop.router)
    app.include_router(pages_router, dependencies=protected)
    app.include_router(account.router, include_in_schema=False)
    app.include_router(guide.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
