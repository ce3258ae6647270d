"""Dropping the records we do not use before the XML parser sees them.

Nine in ten bytes of a real export are heart rate, energy, steps and distance samples that
twitchwise never reads. Tokenising them is most of the cost of a parse, so this filter removes
whole ``<Record>`` elements of unwanted types (and ``<Correlation>``, whose children repeat
top-level records, and ``<ActivitySummary>``) at the byte level, and hands everything else to
the parser untouched.

It stays correct as XML: a start tag is read by the grammar (attributes in any order, either
quote, a ``>`` inside a value), an element is dropped only when its end is found with no
comment, CDATA section, processing instruction or nested element of its kind in between, and
anything it is unsure of (an entity in the type, a tag it cannot read) is passed on for the
parser to judge. What is kept is byte-for-byte what the file holds.

Real exports write each type's records together, tens of thousands in a row, so the filter
works on runs: from a record whose tag starts ``<Record type="T"``, one regular-expression
search finds the first tag that cannot belong to a run of T records (another type, a workout,
a comment...). A run we keep is passed on whole; a run we drop must end with a complete record
(``</Record>`` or a self-closing record tag), else the filter falls back to reading that record
alone. Records never nest in an Apple export (its DTD); in a crafted file where they do, a
dropped run can leave an unmatched end tag, and the parser then refuses the file.
"""

from __future__ import annotations

import re
from collections import Counter

# A tag we may drop, or a construct whose content must not be scanned for tags.
_OPEN = re.compile(rb"<(?:(Record|Correlation|ActivitySummary)(?=[\s/>])|!--|!\[CDATA\[|\?)")
_CLOSERS = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_ATTRIBUTES = re.compile(rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_TYPE = re.compile(rb"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ATTRIBUTE = re.compile(rb"""\s([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_END = {
    name: re.compile(rb"</" + name + rb"\s*>")
    for name in (b"Record", b"Correlation", b"ActivitySummary")
}
_INSIDE = (b"<!--", b"<![CDATA[", b"<?")
_TYPE_FIRST = b'<Record type="'
# Tags that cannot be inside a run of records of one type.
_FOREIGN = rb"<(?:[!?]|/?(?:Workout|Correlation|HealthData|ActivitySummary)[\s/>]|Record(?! type=\""
_SPACE = frozenset(b" \t\r\n")
# An element this long without its end is not a health record: pass it to the parser instead.
_LONGEST = 16 << 20


def _type_of(attributes: bytes) -> bytes | None:
    """The value of the ``type`` attribute, read as XML reads it; None when there is none."""
    found = _TYPE.search(attributes)
    if found is None:
        return None
    before = attributes[: found.start()]
    if b"'" not in before and before.count(b'"') % 2 == 0:
        return found.group(1) if found.group(1) is not None else found.group(2)
    for pair in _ATTRIBUTE.finditer(attributes):  # a quote before it: read pair by pair
        if pair.group(1) == b"type":
            return pair.group(2) if pair.group(2) is not None else pair.group(3)
    return None


class RecordFilter:
    """Feed the document in chunks; get back the same document without the unwanted elements."""

    def __init__(self, wanted: frozenset[bytes]) -> None:
        self._wanted = wanted
        self._carry = b""
        self.dropped: Counter[bytes] = Counter()  # Record type -> how many were dropped
        self.total = 0  # Records dropped, all types
        self.correlations = 0
        self._passthrough = False
        self._runs: dict[bytes, re.Pattern[bytes]] = {}

    def _foreign(self, kind: bytes) -> re.Pattern[bytes]:
        if kind not in self._runs:
            self._runs[kind] = re.compile(_FOREIGN + re.escape(kind) + rb'"))')
        return self._runs[kind]

    def _run(self, buffer: bytes, start: int, kind: bytes, final: bool) -> int:
        """Where the run of ``kind`` records starting at ``start`` ends in ``buffer``, or
        ``start`` when the buffer does not hold one whole record of it."""
        found = self._foreign(kind).search(buffer, start + 1)
        if found is not None:
            return found.start()
        if final:
            return len(buffer)
        last = buffer.rfind(_TYPE_FIRST + kind + b'"', start + 1)  # may be cut: leave it
        return start if last == -1 else last

    @staticmethod
    def _complete(buffer: bytes, start: int, end: int) -> int:
        """``end`` moved back over white space, if [start, end) ends with a whole record; else
        -1."""
        while end > start and buffer[end - 1] in _SPACE:
            end -= 1
        if buffer.endswith(b"</Record>", start, end):
            return end
        if buffer.endswith(b"/>", start, end) and buffer.startswith(
            b"<Record", buffer.rfind(b"<", start, end)
        ):
            return end
        return -1

    # One scanning loop over every tag of a gigabyte export: its states share the positions
    # (position, emit, cut) that calls per tag would pass back and forth, so it stays whole.
    def feed(self, data: bytes, *, final: bool = False) -> bytes:  # noqa: C901
        """The part of the document that is complete so far, filtered; ``final`` for the rest."""
        buffer = self._carry + data if self._carry else data
        if self._passthrough:
            self._carry = b""
            return buffer
        size = len(buffer)
        kept: list[bytes] = []
        emit = 0  # start of the run of bytes kept since the last drop
        position = 0  # where scanning goes on; everything before it is decided
        while True:
            found = _OPEN.search(buffer, position)
            if found is None:
                # The chunk may end inside a tag: hold back from its last '<'.
                last = -1 if final else buffer.rfind(b"<", position)
                cut = size if last == -1 else last
                break
            start = found.start()
            name = found.group(1)
            if name is None:  # comment, CDATA or processing instruction: skip over its content
                end = buffer.find(_CLOSERS[found.group(0)], found.end())
                if end != -1:
                    position = end + len(_CLOSERS[found.group(0)])
                    continue
                if not final and size - start < _LONGEST:
                    cut = start
                    break
                self._passthrough = True  # something odd and huge: stop filtering, keep all
                cut = size
                break
            if name == b"Record" and buffer.startswith(_TYPE_FIRST, start):
                quote = buffer.find(b'"', start + len(_TYPE_FIRST))
                kind = buffer[start + len(_TYPE_FIRST) : quote]
                if quote != -1 and b"&" not in kind:
                    run = self._run(buffer, start, kind, final)
                    if run > start and kind in self._wanted:
                        position = run  # a run we keep: passed on as it is
                        continue
                    end = self._complete(buffer, start, run) if run > start else -1
                    if end != -1:
                        count = buffer.count(_TYPE_FIRST + kind + b'"', start, end)
                        self.dropped[kind] += count
                        self.total += count
                        kept.append(buffer[emit:start])
                        emit = position = end
                        continue
            tag = _ATTRIBUTES.match(buffer, found.end())
            if tag is None:
                if not final and size - start < _LONGEST:
                    cut = start  # the tag is cut by the chunk: wait for the rest
                    break
                if final:
                    position = found.end()  # not a tag we can read: the parser will say why
                    continue
                self._passthrough = True
                cut = size
                break
            end = position = tag.end()
            kind = b""
            if name == b"Record":
                kind = _type_of(tag.group(1)) or b""
                if not kind or kind in self._wanted or b"&" in kind:
                    continue  # kept: its children (metadata) pass through as they are
            if not tag.group(2):  # it has content: drop it through its end tag, if plain
                close = _END[name].search(buffer, end)
                if close is None:
                    if not final and size - start < _LONGEST:
                        cut = start
                        break
                    if not final:
                        self._passthrough = True
                        cut = size
                        break
                    continue  # no end at all: keep it, the parser will judge
                body = buffer[end : close.start()]
                if b"<" + name in body or any(marker in body for marker in _INSIDE):
                    continue  # not plain: keep it
                end = position = close.end()
            if name == b"Record":
                self.dropped[kind] += 1
                self.total += 1
            elif name == b"Correlation":
                self.correlations += 1
            kept.append(buffer[emit:start])
            emit = end
        kept.append(buffer[emit:cut])
        self._carry = buffer[cut:]
        return b"".join(kept)
