"""The app as uvicorn's worker processes build it: each reads the same environment, so several
processes serve one journal (``twitchwise serve --workers N``; PostgreSQL recommended)."""

from __future__ import annotations

from fastapi import FastAPI

from twitchwise.settings import load_settings
from twitchwise.web.app import create_app


def from_environment() -> FastAPI:
    return create_app(load_settings())
