"""Column types: an instant that refuses naive datetimes and always comes back in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores an aware datetime as UTC; a naive one is a bug and is refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing a naive or non-datetime value: {value!r}")
        instant = value.astimezone(UTC)
        # SQLite has no time zones: store the UTC wall time, re-attach UTC when reading.
        return instant.replace(tzinfo=None) if dialect.name == "sqlite" else instant

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def offset_minutes(moment: datetime) -> int:
    """The UTC offset a person wrote a time with, in minutes (kept beside the UTC instant)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("naive datetime")
    return int(offset.total_seconds() // 60)
