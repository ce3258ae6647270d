"""Jinja filters the templates share: times in the person's zone, numbers, triage colours."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from twitchwise.domain.units import number
from twitchwise.domain.wording import counted

LEVEL_WORDS = {
    "self_care": "Self-care",
    "see_doctor": "See a doctor",
    "urgent": "Urgent",
    "emergency": "Emergency",
}


def when(moment: datetime, where: ZoneInfo) -> str:
    """``Tue 24 Nov, 14:05`` in the person's zone."""
    return f"{moment.astimezone(where):%a %d %b, %H:%M}"


def clock(moment: datetime, where: ZoneInfo) -> str:
    return f"{moment.astimezone(where):%H:%M}"


def day(value: date) -> str:
    return f"{value:%a %d %b %Y}"


def words(value: str) -> str:
    """``after_sex`` -> ``after sex``."""
    return str(value).replace("_", " ")


def shown(value: object) -> str:
    """A value read from words, as a person would write it: ``at_rest`` -> ``at rest``,
    ``2.0`` -> ``2``, a list joined with commas, ``True`` -> ``yes``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(shown(item) for item in value)
    return words(str(value))


def level_word(level: str) -> str:
    return LEVEL_WORDS.get(str(level), str(level))


@pass_context
def csrf_token(context: Context) -> str:
    """The session's CSRF token (accounts mode), or "" (local mode: no session, no token)."""
    request = context.get("request")
    token = getattr(getattr(request, "state", None), "csrf_token", "") if request else ""
    return str(token or "")


@pass_context
def csrf_field(context: Context) -> Markup:
    """The hidden field every form that changes something carries (empty in local mode)."""
    token = csrf_token(context)
    if not token:
        return Markup("")
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


def install(env: Environment) -> None:
    env.filters.update(
        when=when,
        clock=clock,
        day=day,
        words=words,
        level_word=level_word,
        number=number,
        shown=shown,
        counted=counted,
    )
    env.globals.update(csrf_token=csrf_token, csrf_field=csrf_field)
