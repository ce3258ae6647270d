"""The guide: the knowledge base as pages, each with a moderated discussion; and the moderation
queue under the settings.

A reply is a plain form post that works without JavaScript. A filled honeypot is a bot: it is
told "thank you" and nothing is kept. The email is stored by ``Discussion`` and never reaches a
template: the ``Reply`` objects rendered here have no field for it.
"""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from twitchwise import guide
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.guide import GuidePage
from twitchwise.web.auth import csrf_checked, identify, identify_if_signed_in
from twitchwise.web.forms import RowId, by_field
from twitchwise.web.pages.render import page
from twitchwise.web.state import Web, here, web_of

router = APIRouter()


def moderator(request: Request) -> None:
    """With accounts on, only the people TWITCHWISE_MODERATORS names moderate (to anyone else
    the queue does not exist); in local mode the journal's one person does."""
    web = web_of(request)
    if not web.settings.accounts:
        return
    if here(request).profile().name not in web.settings.moderators:
        raise NotFoundError("path", "there is nothing at this address")


# The guide and its replies are open to readers (signed in or not); the moderation queue is for
# moderators.
READER = [Depends(identify_if_signed_in)]
SIGNED_IN = [Depends(identify), Depends(csrf_checked), Depends(moderator)]
Field = Annotated[str, Form()]


def _guide_page(web: Web, topic: str) -> GuidePage:
    try:
        return guide.page(web.knowledge, topic)
    except InputError:
        raise NotFoundError("topic", "there is no guide page with this name") from None


def _show(request: Request, found: GuidePage, status: int = 200, **context: Any) -> HTMLResponse:
    web = web_of(request)
    with web.store.discussion() as discussion:
        replies = discussion.approved(found.id)
    sections = [(s, web.knowledge.cited_sources(s.sources)) for s in found.sections]
    # the sources page lists every source with a link to its publisher, not the plain-text lines
    catalogue = tuple(web.knowledge.sources.values()) if found.id == "sources" else ()
    context.setdefault("values", {})
    context.setdefault("errors", {})
    return page(
        request,
        "guide_page.html",
        active="/guide",
        status=status,
        guide=found,
        sections=sections,
        catalogue=catalogue,
        replies=replies,
        **context,
    )


@router.get("/guide", response_class=HTMLResponse, dependencies=READER)
def guide_index(request: Request) -> HTMLResponse:
    return page(
        request, "guide_index.html", active="/guide", topics=guide.topics(web_of(request).knowledge)
    )


@router.get("/guide/{topic}", response_class=HTMLResponse, dependencies=READER)
def guide_page(request: Request, topic: str, sent: bool = False) -> HTMLResponse:
    return _show(request, _guide_page(web_of(request), topic), sent=sent)


@router.post("/guide/{topic}/replies", response_model=None)
def add_reply(
    request: Request,
    topic: str,
    name: Field = "",
    email: Field = "",
    comment: Field = "",
    website: Field = "",
) -> Response:
    web = web_of(request)
    found = _guide_page(web, topic)
    thanks = RedirectResponse(f"/guide/{found.id}?sent=true#discussion", status_code=303)
    if website.strip():  # the honeypot: only a bot fills a field people cannot see
        return thanks
    address = request.client.host if request.client else "unknown"
    try:
        with web.store.discussion(write=True) as discussion:
            discussion.add_reply(found.id, name, email, comment, web.clock.now(UTC), address)
    except InputError as error:
        values = {"name": name, "email": email, "comment": comment}
        return _show(request, found, 422, values=values, errors=by_field(error.problems))
    return thanks


@router.get("/settings/moderation", response_class=HTMLResponse, dependencies=SIGNED_IN)
def moderation(request: Request, done: str = "") -> HTMLResponse:
    web = web_of(request)
    with web.store.discussion() as discussion:
        pending = discussion.pending()
    titles = {topic.id: topic.title for topic in guide.topics(web.knowledge)}
    return page(
        request,
        "moderation.html",
        active="/settings",
        pending=pending,
        titles=titles,
        done=done if done in {"approved", "rejected"} else "",
    )


@router.post("/settings/moderation/{reply_id}/approve", response_model=None, dependencies=SIGNED_IN)
def approve(request: Request, reply_id: RowId) -> Response:
    web = web_of(request)
    with web.store.discussion(write=True) as discussion:
        discussion.approve(reply_id, web.clock.now(UTC))
    return RedirectResponse("/settings/moderation?done=approved", status_code=303)


@router.post("/settings/moderation/{reply_id}/reject", response_model=None, dependencies=SIGNED_IN)
def reject(request: Request, reply_id: RowId) -> Response:
    with web_of(request).store.discussion(write=True) as discussion:
        discussion.reject(reply_id)
    return RedirectResponse("/settings/moderation?done=rejected", status_code=303)
