"""PostgreSQL row-level security on the diary tables: a second wall under the owner-scoped
journal (shared/SECURITY.md 3.7). Nothing changes on SQLite, which has one person.

- Each diary table gets RLS, FORCEd so that its owner is bound too, with one policy: a row is
  seen, written or deleted only when its ``person_id`` is the transaction's
  ``twitchwise.person`` setting (``set_config(..., true)``, per transaction, never per
  connection). Without the setting nothing is seen: it fails closed.
- The app runs as ``twitchwise_app``: no login, not a superuser, no BYPASSRLS, not the tables'
  owner, DML only. Migrations run as the connecting user, who must be a member of it; where that
  user may not create roles the role is left out with a notice, and FORCE still binds the owner
  (a superuser, though, bypasses RLS whatever FORCE says: connect as one only to migrate).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The tables that hold someone's health data, as of this revision (later tables are added by
# their own migrations).
DIARY = ("episode", "exposure", "medication_course", "note", "daily_measure")
SETTING = "twitchwise.person"
ROLE = "twitchwise_app"
OWNER_IS_ME = f"person_id = nullif(current_setting('{SETTING}', true), '')::integer"

ROLE_AND_GRANTS = f"""
DO $$
BEGIN
    BEGIN
        CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION
        WHEN duplicate_object THEN NULL;
        WHEN insufficient_privilege THEN
            RAISE NOTICE 'twitchwise: cannot create the role {ROLE}; run as the owner instead';
            RETURN;
    END;
    BEGIN
        EXECUTE format('GRANT {ROLE} TO %I', current_user);
    EXCEPTION
        WHEN insufficient_privilege THEN
            RAISE NOTICE 'twitchwise: cannot make % a member of {ROLE}', current_user;
            RETURN;
    END;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO {ROLE}', current_schema());
    EXECUTE format(
        'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {ROLE}',
        current_schema()
    );
    EXECUTE format(
        'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO {ROLE}', current_schema()
    );
    EXECUTE format(
        'ALTER DEFAULT PRIVILEGES IN SCHEMA %I '
        'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}',
        current_schema()
    );
    EXECUTE format(
        'ALTER DEFAULT PRIVILEGES IN SCHEMA %I '
        'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {ROLE}',
        current_schema()
    );
END
$$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in DIARY:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_owner_only ON {table} "
            f"USING ({OWNER_IS_ME}) WITH CHECK ({OWNER_IS_ME})"
        )
    op.execute(ROLE_AND_GRANTS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in DIARY:
        op.execute(f"DROP POLICY IF EXISTS {table}_owner_only ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
