"""Phrases compiled into patterns once per loaded knowledge, with word boundaries added."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from twitchwise.domain.errors import KnowledgeError

T = TypeVar("T")
_BOUND_BEFORE = r"(?<![a-z0-9'])"
_BOUND_AFTER = r"(?![a-z0-9'])"

# One entry per (knowledge object, name); the entry keeps the object alive, so an id is never
# reused while its patterns are cached.
_CACHE: dict[tuple[int, str], tuple[Any, Any]] = {}


def compiled(owner: Any, name: str, build: Callable[[], T]) -> T:
    """``build()`` once for ``owner`` (a loaded knowledge part) and ``name``."""
    key = (id(owner), name)
    entry = _CACHE.get(key)
    if entry is None or entry[0] is not owner:
        entry = (owner, build())
        _CACHE[key] = entry
    result: T = entry[1]
    return result


def phrase(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern for ``phrases``, each bounded by word edges; ``KnowledgeError`` names a
    phrase that is not a valid pattern."""
    listed = list(phrases)
    try:
        return re.compile(f"{_BOUND_BEFORE}(?:{'|'.join(listed)}){_BOUND_AFTER}")
    except re.error:
        for one in listed:
            try:
                re.compile(f"(?:{one})")
            except re.error as error:
                raise KnowledgeError(f"words.toml: {one!r} is not a pattern ({error})") from None
        raise


def named(groups: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    """(value, pattern) for each value of a word group, in the order the file gives them."""
    return [(value, phrase(phrases)) for value, phrases in groups.items() if phrases]
