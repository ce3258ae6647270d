"""Opening a Health Connect export safely, and learning its schema from the file itself.

The export is ``Health Connect.zip`` holding one SQLite file, ``health_connect_export.db``
(WEARABLES.md §1.2). A zip's database is copied out to a private temporary folder with the
hardened zip limits (``hardened.extract_member``), then opened read-only and immutable, so
nothing we do can write to it and SQLite takes no locks. What the file holds is read from it:
``PRAGMA user_version`` and the tables and columns it has (snake_case or CamelCase names), never
a fixed list. A file that is not SQLite, is damaged, or is some other program's database is
refused in words (the command line, the import page and the API name the file beside them).
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from twitchwise.domain.errors import InputError
from twitchwise.imports.readers.hardened import extract_member, find_member

MAGIC = b"SQLite format 3\x00"
KNOWN_VERSIONS = range(1, 40)  # user_version 23 in Aug 2026; a far larger one is noted
MOST_TABLES = 1000  # Health Connect's own has about 80


def plain(name: str) -> str:
    """A table's or column's name as compared: case and underscores ignored, so
    ``SpeedRecordTable`` and ``speed_record_table`` compare equal."""
    return name.replace("_", "").lower()


@dataclass(frozen=True)
class Table:
    """A table of the export as found in it: its real name and its columns by plain name."""

    name: str
    columns: dict[str, str]  # plain name -> real name

    def column(self, *choices: str) -> str | None:
        """The real name of the first of ``choices`` the table has (None if none)."""
        for choice in choices:
            found = self.columns.get(plain(choice))
            if found is not None:
                return found
        return None

    def has(self, *names: str) -> bool:
        return all(plain(name) in self.columns for name in names)


@dataclass
class Schema:
    """The export's tables, read from ``sqlite_master`` and ``PRAGMA table_info``."""

    version: int
    tables: dict[str, list[Table]] = field(default_factory=dict)  # plain name -> tables

    def find(self, name: str, *needs: str) -> Table | None:
        """The table called ``name`` (in any case or underscore style) holding the columns
        ``needs``: a parent and a child table can share a plain name (``SpeedRecordTable``,
        ``speed_record_table``), and the columns tell them apart."""
        for table in self.tables.get(plain(name), []):
            if table.has(*needs):
                return table
        return None

    def record_tables(self) -> list[str]:
        return sorted(
            t.name for ts in self.tables.values() for t in ts if plain(t.name).endswith("table")
        )


def quoted(name: str) -> str:
    """An identifier as SQL text (names come from the file, so they are quoted)."""
    return '"' + name.replace('"', '""') + '"'


def read_schema(connection: sqlite3.Connection) -> Schema:
    """The schema of an open export; InputError when it is not Health Connect's."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' LIMIT ?", (MOST_TABLES + 1,)
    ).fetchall()
    if len(rows) > MOST_TABLES:
        raise InputError(
            "FILE",
            f"has over {MOST_TABLES:,} tables; a Health Connect export has about 80",
        )
    schema = Schema(int(version))
    for (table_name,) in rows:
        info = connection.execute(f"PRAGMA table_info({quoted(table_name)})").fetchall()
        columns = {plain(row[1]): row[1] for row in info}
        schema.tables.setdefault(plain(table_name), []).append(Table(table_name, columns))
    apps = schema.find("application_info_table", "row_id", "package_name")
    records = [n for n in schema.tables if n.endswith("recordtable")]
    if apps is None or not records:
        raise InputError(
            "FILE",
            "is an SQLite database, but not a Health Connect export: it has no "
            "application_info_table and no *_record_table tables",
        )
    return schema


def _is_database(member: str, head: bytes) -> bool:
    return head.startswith(MAGIC)


@contextmanager
def opened_export(path: Path) -> Iterator[tuple[sqlite3.Connection, Schema]]:
    """The export at ``path`` (the zip or the .db) open read-only, and its schema."""
    if not path.exists():
        raise InputError("FILE", "does not exist")
    if path.is_dir():
        raise InputError("FILE", "is a folder; give the Health Connect zip or its .db")
    if zipfile.is_zipfile(path):
        export = find_member(path, _is_database, "Health Connect database (an SQLite .db file)")
        with tempfile.TemporaryDirectory(prefix="twitchwise-hc-") as folder:
            copy = Path(folder) / "health_connect_export.db"
            with copy.open("xb") as out:
                extract_member(export, out)
            with _connected(copy) as opened:
                yield opened
        return
    with path.open("rb") as stream:
        head = stream.read(len(MAGIC))
    if head != MAGIC:
        raise InputError(
            "FILE",
            "is neither a Health Connect zip nor its SQLite database (health_connect_export.db)",
        )
    with _connected(path) as opened:
        yield opened


@contextmanager
def _connected(path: Path) -> Iterator[tuple[sqlite3.Connection, Schema]]:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        try:
            connection.execute("PRAGMA query_only = 1")
            # the file's own SQL (generated columns, views) may call no function with side effects
            connection.execute("PRAGMA trusted_schema = OFF")
            connection.execute("PRAGMA cache_size = -8000")  # 8 MB, whatever the file asks
            schema = read_schema(connection)
        except sqlite3.DatabaseError:
            raise damaged() from None
        yield connection, schema
    finally:
        connection.close()


def damaged() -> InputError:
    """The refusal of a database SQLite cannot read."""
    return InputError(
        "FILE",
        "cannot be read as a Health Connect export: the database is damaged or cut short",
    )
