"""On the phone: the "log now" screen (``/now``: an episode in two taps, the plain-language box,
the day's exposures as one-tap chips), and what makes the app installable: the manifest, its
icons (drawn here, no file to download) and the service worker, served from the site's root so
its scope is the whole app.

The forms post here and work without JavaScript; with it (``static/phone.js``) they go through
the phone's outbox instead (IndexedDB, sent to the API with an ``Idempotency-Key``), which keeps
them while there is no connection.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from twitchwise.domain.episodes import BodySite, EpisodeKind
from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import EntryKind, LoggedEpisode
from twitchwise.web.icons import icon_png
from twitchwise.web.pages.render import page
from twitchwise.web.state import here

router = APIRouter()  # the signed-in person's screens
public = APIRouter(include_in_schema=False)  # what a browser fetches to install the app
STATIC = Path(__file__).resolve().parents[1] / "static"
ICON_SIZES = (192, 512)
THEME = "#1f5f8b"  # --accent in app.css
PAPER = "#fbfaf7"  # --paper

# The screen's choices, most common first: (value, label).
KINDS = [("twitch", "Twitch"), ("cramp", "Cramp"), ("spasm", "Spasm")]
WHERE = [
    ("calf", "Calf"),
    ("thigh", "Thigh"),
    ("foot", "Foot"),
    ("toes", "Toes"),
    ("hamstring", "Hamstring"),
    ("eyelid", "Eyelid"),
    ("hand", "Hand"),
    ("arm", "Arm"),
    ("other", "Elsewhere"),
]


# The chips: (id, type, label, default amount, unit shown)
CHIPS = [
    ("coffee", ExposureType.CAFFEINE, "Coffee", 95.0, "mg caffeine"),
    ("alcohol", ExposureType.ALCOHOL, "Alcohol", 1.0, "units"),
    ("water", ExposureType.WATER, "Water", 250.0, "ml"),
    ("exercise", ExposureType.EXERCISE, "Exercise", 30.0, "min"),
    ("sex", ExposureType.SEXUAL_ACTIVITY, "Sex", 15.0, "min"),
]
CHIP_OF = {chip[0]: chip for chip in CHIPS}


def manifest() -> dict[str, Any]:
    return {
        "name": "twitchwise",
        "short_name": "twitchwise",
        "description": "Why do my legs twitch or cramp? Log in two taps; answers from your diary.",
        "id": "/now",
        "start_url": "/now",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME,
        "background_color": PAPER,
        "icons": [
            {"src": f"/icons/{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
            for size in ICON_SIZES
        ]
        + [
            {
                "src": "/icons/512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": "/static/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": [{"name": "Log now", "url": "/now"}],
    }


@public.get("/manifest.webmanifest")
def web_manifest() -> Response:
    return Response(json.dumps(manifest()), media_type="application/manifest+json")


@cache
def _worker() -> bytes:
    """sw.js with its VERSION set from the app's own files: a new stylesheet or script gives a
    new worker (browsers compare the worker byte for byte), which keeps a new copy of them and
    drops the old, instead of serving the installed app's first copy for ever."""
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    files = re.search(r"var SHELL_FILES = \[(.*?)\];", source, re.S)
    if files is None or 'var VERSION = "1";' not in source:
        raise RuntimeError("sw.js has lost its VERSION or SHELL_FILES line")
    digest = hashlib.sha256()
    for name in re.findall(r'"/static/([^"]+)"', files.group(1)):
        digest.update((STATIC / name).read_bytes())
    version = digest.hexdigest()[:12]
    return source.replace('var VERSION = "1";', f'var VERSION = "{version}";').encode()


@public.get("/sw.js")
def service_worker() -> Response:
    """At the root, so its scope is the whole site (a worker's scope is its own folder)."""
    return Response(_worker(), media_type="text/javascript")


@public.get("/icons/{size}.png")
def icon(size: int) -> Response:
    if size not in ICON_SIZES:
        raise NotFoundError("path", "there is no icon of that size")
    return Response(icon_png(size, THEME), media_type="image/png")


def _day_start(request: Request) -> tuple[datetime, datetime]:
    person = here(request)
    now = person.now()
    return datetime.combine(now.date(), time(0), tzinfo=now.tzinfo), now


def _chips(request: Request) -> list[dict[str, Any]]:
    """Each chip with its last amount (the person's latest entry of the type) and today's count."""
    since, now = _day_start(request)
    shown = []
    with here(request).read() as journal:
        today = journal.exposures(since=since, until=now, types=[c[1] for c in CHIPS])
        for name, kind, label, default, unit in CHIPS:
            last = journal.page(EntryKind.EXPOSURE, 1, types=[kind]).entries
            amount = getattr(last[0], "amount", None) if last else None
            shown.append(
                {
                    "name": name,
                    "type": kind.value,
                    "label": label,
                    "amount": f"{amount if amount is not None else default:g}",
                    "unit": unit,
                    "today": sum(1 for e in today if e.type is kind),
                }
            )
    return shown


@router.get("/now", response_class=HTMLResponse)
def now_page(request: Request) -> HTMLResponse:
    return page(request, "now.html", active="/now", kinds=KINDS, where=WHERE, chips=_chips(request))


@router.post("/now/episode", response_model=None)
async def now_episode(request: Request) -> Response:
    """Without JavaScript: the kind (a choice) and the place (the button pressed), time now."""
    form = await request.form()
    kind, site = str(form.get("kind", "")), str(form.get("body_site", ""))
    if kind not in EpisodeKind.__members__.values():
        raise InputError("kind", "choose twitch, cramp or spasm first")
    if site not in BodySite.__members__.values():
        raise InputError("body_site", "choose where it is")
    person = here(request)
    draft = LoggedEpisode(kind=EpisodeKind(kind), started_at=person.now(), body_sites=(site,))
    with person.write() as journal:
        entry = journal.add(draft)
    return RedirectResponse(f"/now?saved=e{entry.id}", status_code=303)


@router.post("/now/exposure", response_model=None)
async def now_exposure(request: Request) -> Response:
    """Without JavaScript: one chip pressed, with its amount."""
    form = await request.form()
    chip = CHIP_OF.get(str(form.get("chip", "")))
    if chip is None:
        raise InputError("chip", "choose coffee, alcohol, water, exercise or sex")
    try:
        amount = float(str(form.get(f"amount_{chip[0]}", chip[3])))
    except ValueError:
        raise InputError(f"amount_{chip[0]}", "must be a number") from None
    person = here(request)
    draft = Exposure(type=chip[1], started_at=person.now(), amount=amount)
    with person.write() as journal:
        entry = journal.add(draft)
    return RedirectResponse(f"/now?saved=x{entry.id}", status_code=303)
