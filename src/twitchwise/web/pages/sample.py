"""The sample diary: a page that says what removing it does, and the button that removes
exactly the sample entries (the person's own stay)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from twitchwise.services.demo import remove_demo
from twitchwise.web.pages.render import counts_shown, page
from twitchwise.web.state import here

router = APIRouter()


@router.get("/sample", response_class=HTMLResponse)
def sample_page(request: Request) -> HTMLResponse:
    with here(request).read() as journal:
        counts = counts_shown(journal)
    return page(request, "sample.html", active="/sample", counts=counts)


@router.post("/sample/remove", response_class=HTMLResponse)
def remove_samples(request: Request) -> RedirectResponse:
    web = here(request)
    removed = remove_demo(web.web.store, web.now(), owner=web.owner)
    return RedirectResponse(
        f"/sample?removed={removed.entries}&kept={removed.kept}", status_code=303
    )
