"""The database adapter: the engine, the tables, migrations and the owner-scoped ``Journal``."""
