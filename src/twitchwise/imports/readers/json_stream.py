"""A JSON file read one piece at a time (ijson over yajl): the items of its top-level arrays as
each is read, its other top-level members whole. A backup or a FHIR bundle of millions of
entries is then read in the memory of one entry, never as one document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

from twitchwise.domain.errors import InputError

MAX_DEPTH = 64  # deeper than any entry of ours or of FHIR; a file nested deeper is refused
_BOM = b"\xef\xbb\xbf"
_OPEN = frozenset({"start_map", "start_array"})
_CLOSE = frozenset({"end_map", "end_array"})


def top_level(
    stream: IO[bytes], arrays: frozenset[str], not_object: InputError
) -> Iterator[tuple[str, int | None, Any]]:
    """(member, index, value) in the file's order: every item of the top-level arrays named in
    ``arrays`` (``index`` its place), every other member whole (``index`` None). A file that is
    not a JSON object raises ``not_object``; one that is not JSON, an ``InputError`` on FILE."""
    if stream.read(3) != _BOM:
        stream.seek(0)
    # basic_parse, not parse: parse names each event by its path, a string as long as the
    # nesting is deep, and a buffer of a file that opens 100,000 arrays is 100,000 such paths
    # (tens of GB) before the depth check below sees the first of them
    events = ijson.basic_parse(stream, use_float=True)
    try:
        first = next(events, None)
        if first is None or first[0] != "start_map":
            raise not_object
        yield from _members(events, arrays)
    except ijson.JSONError:
        raise InputError(
            "FILE", "is not JSON (or it was cut short): export it again from where it came"
        ) from None
    except UnicodeDecodeError:
        raise InputError("FILE", "is not UTF-8 text") from None


def _members(
    events: Iterator[Any], arrays: frozenset[str]
) -> Iterator[tuple[str, int | None, Any]]:
    for event, key in events:
        if event == "end_map":
            return
        event, value = next(events)
        if event == "start_array" and key in arrays:
            index = 0
            for event, value in events:
                if event == "end_array":
                    break
                yield key, index, _whole(events, event, value, key)
                index += 1
        else:
            yield key, None, _whole(events, event, value, key)


def _whole(events: Iterator[Any], event: str, value: Any, where: str) -> Any:
    """The value that starts with ``event``, built whole (one entry: small)."""
    if event not in _OPEN:
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(where, f"is nested more than {MAX_DEPTH} levels deep")
        elif event in _CLOSE:
            depth -= 1
            if depth == 0:
                break
    return builder.value
