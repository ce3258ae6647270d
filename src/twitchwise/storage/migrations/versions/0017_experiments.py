"""personal experiments (issue 21): the experiment (change, design, start, length, the seed the
app drew, status) and each day's adherence; under the same row-level security as the other
diary tables; at most one running experiment per person

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from twitchwise.storage.types import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

SETTING = "twitchwise.person"
OWNER_IS_ME = f"person_id = nullif(current_setting('{SETTING}', true), '')::integer"
ROLE = "twitchwise_app"
TABLES = ("experiment", "experiment_day")
GRANT = f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON experiment, experiment_day TO {ROLE};
        GRANT USAGE, SELECT, UPDATE ON SEQUENCE experiment_id_seq, experiment_day_id_seq
            TO {ROLE};
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'twitchwise: cannot grant the experiment tables to {ROLE}';
END
$$;
"""  # noqa: S608 - fixed names
RUNNING = sa.text("status = 'running'")


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _owner(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=f"fk_{table}_person_id_person", ondelete="CASCADE"
        ),
    )


def upgrade() -> None:
    op.create_table(
        "experiment",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("experiment"),
        sa.Column("change", sa.String(length=40), nullable=False),
        sa.Column("design", sa.String(length=10), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("block_days", sa.Integer(), nullable=False),
        sa.Column("washout_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("power", sa.Float(), nullable=True),
        sa.Column("power_words", sa.String(length=300), nullable=False),
        sa.Column("episodes_per_week", sa.Float(), nullable=True),
        _when("created_at"),
        _when("ended_at", nullable=True),
        sa.Column("stop_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment")),
    )
    op.create_table(
        "experiment_day",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("experiment_day"),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=False),
        _when("recorded_at"),
        sa.ForeignKeyConstraint(
            ["experiment_id"],
            ["experiment.id"],
            name=op.f("fk_experiment_day_experiment_id_experiment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment_day")),
        sa.UniqueConstraint(
            "experiment_id", "day", name=op.f("uq_experiment_day_experiment_id_day")
        ),
    )
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_person_id"), ["person_id"])
    op.create_index(
        "uq_experiment_one_running",
        "experiment",
        ["person_id"],
        unique=True,
        sqlite_where=RUNNING,
        postgresql_where=RUNNING,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {table}_owner_only ON {table} "
                f"USING ({OWNER_IS_ME}) WITH CHECK ({OWNER_IS_ME})"
            )
        op.execute(GRANT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP POLICY IF EXISTS {table}_owner_only ON {table}")
    op.drop_index("uq_experiment_one_running", table_name="experiment")
    op.drop_table("experiment_day")
    op.drop_table("experiment")
