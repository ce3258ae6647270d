"""The storage tests' ``engine`` fixture (a migrated journal on SQLite and on PostgreSQL) serves
the import tests that need a database of their own."""

from tests.storage.conftest import engine

__all__ = ["engine"]
