"""`twitchwise log`: add diary entries, in plain language (quick log) or one kind at a time.

The group lives in ``group.py``; each module here registers the subcommands of one idea, in the
order ``twitchwise log --help`` lists them.
"""

from __future__ import annotations

from importlib import import_module

from twitchwise.cli.log.group import log_app

for _idea in ("text", "episode", "drinks", "day", "activity", "medicines", "notes", "visit"):
    import_module(f"{__name__}.{_idea}")

__all__ = ["log_app"]
