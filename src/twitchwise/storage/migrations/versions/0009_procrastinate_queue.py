"""the import queue on PostgreSQL: procrastinate's tables, functions and triggers, in this
database's schema (its own schema.sql, as the procrastinate release pinned in pyproject.toml
ships it). Nothing on SQLite, where imports stay in the app's own process.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = (
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_jobs",
    "procrastinate_workers",
    "procrastinate_version",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    # Sent as it is, without parameters, so its '%' are left alone (psycopg only reads them as
    # placeholders when parameters come with the query).
    driver = bind.connection.dbapi_connection
    assert driver is not None  # noqa: S101 - a live connection during a migration
    driver.cursor().execute(SchemaManager.get_schema())


DROP_FUNCTIONS = """
DO $$
DECLARE f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
             WHERE p.pronamespace = current_schema()::regnamespace
               AND p.proname LIKE 'procrastinate\\_%'
    LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || f.signature || ' CASCADE';
    END LOOP;
END
$$;
"""


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute(DROP_FUNCTIONS)
    op.execute(
        "DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type, "
        "procrastinate_job_to_defer_v1 CASCADE"
    )
